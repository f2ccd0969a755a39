#if Postgres
  import Foundation

  /// Writes one import into a PostgreSQL store, inside the transaction `PostgresStore.importing` opened.
  /// The rules are the SQLite writer's (`ImportedAccount`, `PostFields.merged`): posts are matched by any of
  /// their keys and merged, readings joined to posts and kept as dated snapshots. The bulk rows (new posts,
  /// their keys, tags, mentions and snapshots) are kept in memory with ids drawn from the tables' sequences
  /// and sent with COPY when the import finishes; only changes to posts stored before take a statement each.
  final class PostgresWriter: ImportWriter {
    let importID: Int64
    private let connection: PostgresConnection
    private let keepsAssumedZones: Bool
    private var skipped: [SkippedRecord] = []
    private var notes: [String] = []
    private var zoneOffsets: [String: ZoneOffsets] = [:]

    private struct AccountName: Hashable {
      var platform: Platform
      var name: String
    }
    private var accounts: [AccountName: ImportedAccount] = [:]
    private var lastAccount: ImportedAccount?

    /// A post this import adds, until COPY sends it.
    private struct NewPost {
      var accountID: Int64
      var key: String
      var fields: PostFields
      var sourceFileID: Int64
      var mediaPath: String?
      var hashtags: [String]
      var mentions: [String]
      var latestSnapshot: (observed: Int64, id: Int64)?
    }
    private var newPosts: [Int64: NewPost] = [:]
    private var newPostOrder: [Int64] = []
    /// Keys, tags and mentions to COPY: of new posts, and of stored posts whose caption changed.
    private var keyRows = PostgresCopyText()
    private var entityPosts: [(id: Int64, hashtags: [String], mentions: [String])] = []

    /// A snapshot of a post this import adds, by (post, source, time): the same reading read twice is one row.
    private struct SnapshotKey: Hashable {
      var post: Int64
      var source: String
      var observed: Int64
    }
    private struct NewSnapshot {
      var id: Int64
      var sourceFileID: Int64
      var values: MetricValues
    }
    private var newSnapshots: [SnapshotKey: NewSnapshot] = [:]
    private var newSnapshotOrder: [SnapshotKey] = []
    /// Stored posts that got or changed a snapshot: their newest is found in SQL at the end.
    private var snapshotsOfStoredPosts: Set<Int64> = []

    private var sourceFileIDs: [String: Int64] = [:]
    private var exportsNoted: Set<String> = []
    private var exportsOfFiles: [(file: Int64, export: String)] = []
    /// Posts read whose caption had a NUL byte, removed (PostgreSQL text cannot hold it).
    private var captionsWithNUL = 0
    /// Values other than captions sent with COPY whose NUL bytes were removed.
    private var otherValuesWithNUL = 0
    private var hashtagIDs: [String: Int64]?
    private var postIDs: [Int64] = []
    private var snapshotIDs: [Int64] = []

    init(connection: PostgresConnection, importID: Int64, keepsAssumedZones: Bool) {
      self.connection = connection
      self.importID = importID
      self.keepsAssumedZones = keepsAssumedZones
    }

    // MARK: ImportSink

    func add(_ post: Post) throws {
      var read = post
      if read.caption.utf8.contains(0) {
        read.caption = read.caption.replacingOccurrences(of: "\u{0}", with: "")
        captionsWithNUL += 1
      }
      let account = try state(read.platform, read.account)
      let post = account.placedInStoredZone(read, keepsAssumedZones: keepsAssumedZones, offsets: &zoneOffsets)
      let (existing, keys) = account.lookUp(counting: post)
      let postID: Int64
      if let existing {
        postID = existing
        if try merge(post, into: existing) {
          account.tally.postsUpdated += 1
        } else {
          account.tally.postsUnchanged += 1
        }
      } else {
        postID = try nextID(&postIDs, table: "post")
        newPosts[postID] = NewPost(
          accountID: account.id, key: post.key, fields: PostFields(post),
          sourceFileID: try sourceFileID(post.sourceFile),
          mediaPath: post.media?.path, hashtags: post.hashtags, mentions: post.mentions)
        newPostOrder.append(postID)
        if let media = post.media { try noteExport(media.export, of: post.sourceFile) }
        account.tally.postsAdded += 1
      }
      for key in keys where account.keys[key] == nil {
        account.keys[key] = postID
        keyRows.add(account.id)
        keyRows.add(postID)
        keyRows.add(key)
        keyRows.endRow()
      }
    }

    func add(_ reading: MetricReading) throws {
      let account = try state(reading.platform, reading.account)
      guard let postID = account.postID(of: reading, skipped: &skipped) else { return }
      let observed = Int64(reading.observedAt.timeIntervalSince1970)
      let fileID = try sourceFileID(reading.sourceFile)
      if var post = newPosts[postID] {
        let key = SnapshotKey(post: postID, source: reading.source, observed: observed)
        if var known = newSnapshots[key] {
          guard known.values != reading.values else { return }
          known.values = reading.values
          known.sourceFileID = fileID
          newSnapshots[key] = known
          account.tally.readingsUpdated += 1
          return
        }
        let id = try nextID(&snapshotIDs, table: "metric_snapshot")
        newSnapshots[key] = NewSnapshot(id: id, sourceFileID: fileID, values: reading.values)
        newSnapshotOrder.append(key)
        account.tally.readingsAdded += 1
        if post.latestSnapshot.map({ ($0.observed, $0.id) < (observed, id) }) ?? true {
          post.latestSnapshot = (observed, id)
          newPosts[postID] = post
        }
        return
      }
      // A post stored before: insert, or change the snapshot where a value differs.
      let metrics = Metric.allCases.map(\.rawValue)
      let values = Metric.allCases.map { reading.values[$0].map { String($0) } }
      let placeholders = (0..<metrics.count).map { "$\(6 + $0)" }.joined(separator: ", ")
      let rows = try connection.execute(
        """
        INSERT INTO metric_snapshot(post_id, import_id, source, source_file_id, observed_at, \
        \(metrics.joined(separator: ", ")))
        VALUES ($1, $2, $3, $4, $5, \(placeholders))
        ON CONFLICT (post_id, source, observed_at) DO UPDATE SET import_id = excluded.import_id,
          source_file_id = excluded.source_file_id, \(metrics.map { "\($0) = excluded.\($0)" }.joined(separator: ", "))
        WHERE (\(metrics.map { "metric_snapshot.\($0)" }.joined(separator: ", ")))
          IS DISTINCT FROM (\(metrics.map { "excluded.\($0)" }.joined(separator: ", ")))
        RETURNING xmax = 0
        """,
        [String(postID), String(importID), reading.source, String(fileID), String(observed)] + values)
      guard let inserted = rows.first?.first ?? nil else { return }
      if inserted == "t" { account.tally.readingsAdded += 1 } else { account.tally.readingsUpdated += 1 }
      snapshotsOfStoredPosts.insert(postID)
    }

    func add(_ reading: AccountReading) throws {
      let account = try state(reading.platform, reading.account)
      account.tally.accountReadings += 1
      try connection.execute(
        """
        INSERT INTO account_snapshot(account_id, import_id, source, source_file_id, observed_at, period, followers,
          follows, unfollows, net_followers)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
        ON CONFLICT (account_id, source, observed_at, period) DO UPDATE SET import_id = excluded.import_id,
          source_file_id = excluded.source_file_id, followers = excluded.followers, follows = excluded.follows,
          unfollows = excluded.unfollows, net_followers = excluded.net_followers
        """,
        [
          String(account.id), String(importID), reading.source, String(try sourceFileID(reading.sourceFile)),
          String(Int64(reading.observedAt.timeIntervalSince1970)), reading.period,
        ] + [reading.followers, reading.follows, reading.unfollows, reading.netFollowers].map { $0.map { String($0) } })
    }

    func skip(_ record: SkippedRecord) { skipped.append(record) }

    func note(_ text: String) { notes.append(text) }

    func progress(file: ExportFile, bytesRead: Int) {}

    func fileDone(_ file: ExportFile, importer: String) throws {
      try connection.execute(
        "INSERT INTO import_file(import_id, file, importer, size) VALUES ($1, $2, $3, $4)",
        [String(importID), file.displayName, importer, String(file.size)])
    }

    /// The caption search is a generated column: nothing to index.
    func postsDone() throws {}

    func finish() throws -> ImportOutcome {
      var posts = PostgresCopyText()
      var snapshots = PostgresCopyText()
      for id in newPostOrder {
        guard let post = newPosts[id] else { continue }
        let f = post.fields
        for value in [String(id), String(post.accountID), post.key, String(f.published)] { posts.add(value) }
        posts.add(f.assumedTimeZone)
        for value in [f.precision, f.caption, f.mediaKind] { posts.add(value) }
        posts.add(f.mediaCount)
        posts.add(f.permalink)
        for value in [post.sourceFileID, importID, importID] { posts.add(value) }
        posts.add(f.relation)
        posts.add(f.archived ? "1" : "0")
        posts.add(post.mediaPath)
        posts.add(post.latestSnapshot?.id)
        posts.endRow()
        entityPosts.append((id, post.hashtags, post.mentions))
      }
      for key in newSnapshotOrder {
        guard let snapshot = newSnapshots[key] else { continue }
        snapshots.add(snapshot.id)
        snapshots.add(key.post)
        snapshots.add(importID)
        snapshots.add(key.source)
        snapshots.add(snapshot.sourceFileID)
        snapshots.add(key.observed)
        for metric in Metric.allCases { snapshots.add(snapshot.values[metric]) }
        snapshots.endRow()
      }
      // New tags are stored in one order by every import, so two imports adding the same new tags at the
      // same time wait for each other instead of deadlocking.
      for tag in Set(entityPosts.flatMap(\.hashtags)).sorted() { _ = try hashtagID(tag) }
      var tags = PostgresCopyText()
      var mentions = PostgresCopyText()
      for entry in entityPosts {
        for tag in Set(entry.hashtags).sorted() {
          tags.add(entry.id)
          tags.add(try hashtagID(tag))
          tags.endRow()
        }
        for handle in Set(entry.mentions).sorted() {
          mentions.add(entry.id)
          mentions.add(handle)
          mentions.endRow()
        }
      }
      try copy(
        into: "post",
        columns: [
          "id", "account_id", "key", "published_at", "assumed_time_zone", "time_precision", "caption", "media_kind",
          "media_count", "permalink", "source_file_id", "first_import_id", "last_import_id", "relation", "archived",
          "media_path", "latest_snapshot_id",
        ], rows: posts.bytes)
      try copy(into: "post_key", columns: ["account_id", "post_id", "key"], rows: keyRows.bytes)
      try copy(into: "post_hashtag", columns: ["post_id", "hashtag_id"], rows: tags.bytes)
      try copy(into: "post_mention", columns: ["post_id", "handle"], rows: mentions.bytes)
      try copy(
        into: "metric_snapshot",
        columns: ["id", "post_id", "import_id", "source", "source_file_id", "observed_at"]
          + Metric.allCases.map(\.rawValue), rows: snapshots.bytes)
      for (file, export) in exportsOfFiles {
        try connection.execute("UPDATE source_file SET export = $1 WHERE id = $2", [export, String(file)])
      }
      if !snapshotsOfStoredPosts.isEmpty {
        try connection.execute(
          """
          UPDATE post SET latest_snapshot_id = (
            SELECT s.id FROM metric_snapshot s WHERE s.post_id = post.id ORDER BY s.observed_at DESC, s.id DESC LIMIT 1)
          WHERE id = ANY($1::bigint[])
          """, ["{" + snapshotsOfStoredPosts.sorted().map { String($0) }.joined(separator: ",") + "}"])
      }
      if !accounts.isEmpty {
        try connection.execute(StoreSchema.refreshAccountSummary(accounts.values.map(\.id).sorted()))
      }
      var skips = PostgresCopyText()
      for record in skipped {
        skips.add(importID)
        skips.add(record.file)
        skips.add(record.place)
        skips.add(record.reason)
        skips.endRow()
      }
      try copy(into: "import_skip", columns: ["import_id", "file", "place", "reason"], rows: skips.bytes)
      otherValuesWithNUL = [keyRows, posts, snapshots, tags, mentions, skips].reduce(0) { $0 + $1.fieldsWithNUL }
      let tallies = accounts.values.map(\.tally)
      let sum = { (value: (AccountTally) -> Int) in tallies.reduce(0) { $0 + value($1) } }
      try connection.execute(
        """
        UPDATE import SET finished_at = $1, posts_read = $2, posts_added = $3, posts_updated = $4,
          posts_unchanged = $5, readings_read = $6, readings_added = $7, readings_updated = $8,
          readings_unmatched = $9, records_skipped = $10
        WHERE id = $11
        """,
        [String(Date().timeIntervalSince1970)]
          + [
            sum(\.postsRead), sum(\.postsAdded), sum(\.postsUpdated), sum(\.postsUnchanged),
            sum { $0.readingsJoined + $0.readingsUnmatched }, sum(\.readingsAdded), sum(\.readingsUpdated),
            sum(\.readingsUnmatched), skipped.count,
          ].map { String($0) } + [String(importID)])
      return ImportOutcome(
        accounts: tallies, skipped: skipped, notes: notes + nulNotes + ImportedAccount.zoneNotes(accounts.values))
    }

    /// The notes that count captions and other values whose NUL bytes were removed, so nothing is changed
    /// without a word.
    private var nulNotes: [String] {
      [(captionsWithNUL, "caption"), (otherValuesWithNUL, "other value")].compactMap { count, noun in
        guard count > 0 else { return nil }
        return "\(count) \(noun)\(count == 1 ? " had" : "s had") a NUL byte, removed: PostgreSQL text cannot hold it"
      }
    }

    // MARK: Rows

    /// Whether row-level security applies to this role (a team member): PostgreSQL refuses COPY into such
    /// tables, so rows are copied into a temporary table and inserted from it, each checked by the policies.
    private lazy var copiesThroughStaging: Result<Bool, any Error> = Result {
      try connection.execute("SELECT row_security_active('post')").first?.first == "t"
    }

    /// COPY of `rows` into `table`: straight in for the store's owner, through a temporary table (dropped
    /// at the end of the transaction) for a member.
    private func copy(into table: String, columns: [String], rows: [UInt8]) throws {
      guard !rows.isEmpty else { return }
      guard try copiesThroughStaging.get() else {
        return try connection.copy(into: table, columns: columns, rows: rows)
      }
      let list = columns.joined(separator: ", ")
      try connection.execute(
        "CREATE TEMPORARY TABLE staged_\(table) ON COMMIT DROP AS SELECT \(list) FROM \(table) WITH NO DATA")
      try connection.copy(into: "staged_\(table)", columns: columns, rows: rows)
      try connection.execute("INSERT INTO \(table) (\(list)) SELECT \(list) FROM staged_\(table)")
      try connection.execute("DROP TABLE staged_\(table)")
    }

    /// The next id of `table`'s identity column, drawn from its sequence a thousand at a time.
    private func nextID(_ pool: inout [Int64], table: String) throws -> Int64 {
      if pool.isEmpty {
        pool = try connection.execute(
          "SELECT nextval(pg_get_serial_sequence($1, 'id')) FROM generate_series(1, 1000)", [table]
        ).compactMap { $0[0].flatMap { Int64($0) } }.reversed()
      }
      guard let id = pool.popLast() else {
        throw PostgresError(message: "no id from the \(table) sequence", state: nil)
      }
      return id
    }

    /// The state of an account, created in the store and loaded with its posts' keys the first time.
    private func state(_ platform: Platform, _ name: String) throws -> ImportedAccount {
      if let last = lastAccount, last.tally.platform == platform, last.tally.account == name { return last }
      let key = AccountName(platform: platform, name: name)
      if let known = accounts[key] {
        lastAccount = known
        return known
      }
      let select = "SELECT id FROM account WHERE platform = $1 AND name = $2"
      var id = try connection.integer(select, [platform.rawValue, name])
      if id == nil {
        do {
          id = try connection.integer(
            "INSERT INTO account(platform, name) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING id",
            [platform.rawValue, name])
        } catch let error as PostgresError where error.isDenied {
          throw PostgresError(
            message:
              "\(connection.user) may not write \(platform.displayName) @\(name): the store's owner grants it with "
              + "`creator team grant \(connection.user) \(platform.rawValue):\(name)`", state: error.state)
        }
        if id == nil { id = try connection.integer(select, [platform.rawValue, name]) }
      }
      guard let id else { throw PostgresError(message: "account \(name) could not be stored", state: nil) }
      var keys: [String: Int64] = [:]
      for row in try connection.execute("SELECT key, post_id FROM post_key WHERE account_id = $1", [String(id)]) {
        if let key = row[0], let post = row[1].flatMap({ Int64($0) }) { keys[key] = post }
      }
      let storedZone =
        try connection.execute(
          """
          SELECT assumed_time_zone FROM post WHERE account_id = $1 AND assumed_time_zone IS NOT NULL
          ORDER BY published_at DESC LIMIT 1
          """, [String(id)]
        ).first?.first ?? nil
      let state = ImportedAccount(
        id: id, keys: keys, tally: AccountTally(platform: platform, account: name), storedZone: storedZone)
      accounts[key] = state
      lastAccount = state
      return state
    }

    private func sourceFileID(_ path: String) throws -> Int64 {
      if let known = sourceFileIDs[path] { return known }
      guard let id = try connection.integer("SELECT creator_source_file_id($1)", [path]) else {
        throw PostgresError(message: "source file \(path) could not be stored", state: nil)
      }
      sourceFileIDs[path] = id
      return id
    }

    /// Remembers the export (zip or folder) a source file came in, once per file and import; stored by
    /// `finish` once the posts from the file are, since a member may change only files their rows came from.
    private func noteExport(_ export: String, of sourceFile: String) throws {
      guard !exportsNoted.contains(sourceFile) else { return }
      exportsNoted.insert(sourceFile)
      exportsOfFiles.append((try sourceFileID(sourceFile), export))
    }

    private func hashtagID(_ tag: String) throws -> Int64 {
      if hashtagIDs == nil {
        var known: [String: Int64] = [:]
        for row in try connection.execute("SELECT tag, id FROM hashtag") {
          if let tag = row[0], let id = row[1].flatMap({ Int64($0) }) { known[tag] = id }
        }
        hashtagIDs = known
      }
      if let id = hashtagIDs?[tag] { return id }
      guard let id = try connection.integer("SELECT creator_hashtag_id($1)", [tag]) else {
        throw PostgresError(message: "tag \(tag) could not be stored", state: nil)
      }
      hashtagIDs?[tag] = id
      return id
    }

    /// Merges `post` into the post with `id` (added earlier in this import, or stored before); true when a
    /// column changed. Where the photo is follows the newest file without counting as a change.
    private func merge(_ post: Post, into id: Int64) throws -> Bool {
      if var pending = newPosts[id] {
        let merged = pending.fields.merged(with: post)
        if let media = post.media {
          pending.mediaPath = media.path
          try noteExport(media.export, of: post.sourceFile)
        }
        let changed = merged != pending.fields
        if changed {
          if merged.caption != pending.fields.caption {
            var updated = post
            updated.caption = merged.caption
            pending.hashtags = updated.hashtags
            pending.mentions = updated.mentions
          }
          pending.fields = merged
          pending.sourceFileID = try sourceFileID(post.sourceFile)
        }
        newPosts[id] = pending
        return changed
      }
      guard
        let row = try connection.execute(
          """
          SELECT published_at, assumed_time_zone, time_precision, caption, media_kind, media_count, permalink,
            relation, archived, media_path
          FROM post WHERE id = $1
          """, [String(id)]
        ).first
      else { return false }
      let stored = PostFields(
        published: row[0].flatMap { Int64($0) } ?? 0, assumedTimeZone: row[1], precision: row[2] ?? "time",
        caption: row[3] ?? "", mediaKind: row[4] ?? "", mediaCount: row[5].flatMap { Int($0) }, permalink: row[6],
        relation: row[7] ?? "own", archived: row[8] == "1")
      if let media = post.media {
        if media.path != row[9] {
          try connection.execute("UPDATE post SET media_path = $1 WHERE id = $2", [media.path, String(id)])
        }
        try noteExport(media.export, of: post.sourceFile)
      }
      let merged = stored.merged(with: post)
      guard merged != stored else { return false }
      try connection.execute(
        """
        UPDATE post SET published_at = $1, assumed_time_zone = $2, time_precision = $3, caption = $4,
          media_kind = $5, media_count = $6, permalink = $7, source_file_id = $8, last_import_id = $9,
          relation = $10, archived = $11
        WHERE id = $12
        """,
        [
          String(merged.published), merged.assumedTimeZone, merged.precision, merged.caption, merged.mediaKind,
          merged.mediaCount.map { String($0) }, merged.permalink, String(try sourceFileID(post.sourceFile)),
          String(importID), merged.relation, merged.archived ? "1" : "0", String(id),
        ])
      if merged.caption != stored.caption {
        try connection.execute("DELETE FROM post_hashtag WHERE post_id = $1", [String(id)])
        try connection.execute("DELETE FROM post_mention WHERE post_id = $1", [String(id)])
        var updated = post
        updated.caption = merged.caption
        entityPosts.append((id, updated.hashtags, updated.mentions))
      }
      return true
    }
  }
#endif
