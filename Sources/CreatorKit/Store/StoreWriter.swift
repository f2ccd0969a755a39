import Foundation
import GRDB

/// Writes what importers read into the open transaction of one import: posts are matched to stored ones by
/// any of their keys and merged, metric readings are joined to posts and kept as dated snapshots.
final class StoreWriter: ImportWriter {
  private let db: Database
  let importID: Int64
  private(set) var skipped: [SkippedRecord] = []
  private(set) var notes: [String] = []

  /// Whether times read in the default zone are moved to the zone an account's earlier imports assumed.
  private let keepsAssumedZones: Bool
  /// Offsets of the zones posts are moved to, by name.
  private var zoneOffsets: [String: ZoneOffsets] = [:]

  private struct AccountName: Hashable {
    var platform: Platform
    var name: String
  }

  private var accounts: [AccountName: ImportedAccount] = [:]
  /// Records come in long runs of one account: remember the last one to skip the look-up.
  private var lastAccount: ImportedAccount?

  /// What the import did, per account.
  var tallies: [AccountTally] { accounts.values.map(\.tally) }

  /// The statements run once per record, prepared once per import and bound without boxing.
  private lazy var insertPost = prepare(
    """
    INSERT INTO post(account_id, key, published_at, assumed_time_zone, time_precision, caption,
      media_kind, media_count, permalink, source_file_id, first_import_id, last_import_id, relation, archived,
      media_path)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    """)
  /// The multi-row key and tag inserts by row count, prepared on first use.
  private var keyStatements: [Int: FastStatement] = [:]
  private var tagStatements: [Int: FastStatement] = [:]
  private lazy var insertHashtag = prepare("INSERT INTO hashtag(tag) VALUES (?)")
  /// Ids of source file paths met in this import, and the last one (records come in long runs of one file).
  private var sourceFileIDs: [String: Int64] = [:]
  private var lastSourceFile: (path: String, id: Int64)?
  /// Ids of the tags in the store, loaded on first use.
  private var hashtagIDs: [String: Int64]?
  private lazy var insertMention = prepare("INSERT OR IGNORE INTO post_mention(post_id, handle) VALUES (?, ?)")
  private lazy var insertSnapshot = prepare(
    """
    INSERT OR IGNORE INTO metric_snapshot(post_id, import_id, source, source_file_id, observed_at,
      likes, comments, shares, saves, reach, views, impressions, follows, profile_visits, link_taps)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    """)

  private func prepare(_ sql: String) -> Result<FastStatement, any Error> {
    Result { try FastStatement(db, sql: sql) }
  }

  /// Captions of posts up to this id are in the search index; later ones are added by `indexCaptions()`.
  private var indexedThrough: Int64
  /// Posts with a higher id were added by this import.
  private let storedThrough: Int64
  /// The newest snapshot this import wrote for each post it added; and the posts whose newest snapshot is
  /// found in SQL (stored before this import, or with a snapshot this import updated).
  private var newestSnapshots: [Int64: (observed: Int64, snapshot: Int64)] = [:]
  private var snapshotsOfStoredPosts: Set<Int64> = []

  init(db: Database, importID: Int64, keepsAssumedZones: Bool = false) throws {
    self.db = db
    self.importID = importID
    self.keepsAssumedZones = keepsAssumedZones
    indexedThrough = try Int64.fetchOne(db, sql: "SELECT IFNULL(MAX(id), 0) FROM post") ?? 0
    storedThrough = indexedThrough
  }

  /// Points every post that got a snapshot in this import at its newest one. A post added by this import
  /// has no older snapshots, so the newest of this import's is written straight; a post already stored is
  /// compared with all of its snapshots in SQL.
  func pointAtNewestSnapshots() throws {
    let direct = try FastStatement(db, sql: "UPDATE post SET latest_snapshot_id = ? WHERE id = ?")
    for (postID, newest) in newestSnapshots.sorted(by: { $0.key < $1.key }) {
      direct.bind(1, newest.snapshot)
      direct.bind(2, postID)
      try direct.run()
    }
    let compared = try FastStatement(
      db,
      sql: """
        UPDATE post SET latest_snapshot_id = (
          SELECT s.id FROM metric_snapshot s WHERE s.post_id = ?1 ORDER BY s.observed_at DESC, s.id DESC LIMIT 1)
        WHERE id = ?1
        """)
    for postID in snapshotsOfStoredPosts.sorted() {
      compared.bind(1, postID)
      try compared.run()
    }
  }

  /// Adds the captions of the posts added since the last call to the search index, in one statement. The
  /// importer calls it when the files that add posts are done (while metric files are still being read)
  /// and once more at the end.
  func indexCaptions() throws {
    let last = try Int64.fetchOne(db, sql: "SELECT IFNULL(MAX(id), 0) FROM post") ?? 0
    guard last > indexedThrough else { return }
    try db.execute(
      sql: "INSERT INTO post_search(rowid, caption) SELECT id, caption FROM post WHERE id > ? AND id <= ?",
      arguments: [indexedThrough, last])
    indexedThrough = last
  }

  // MARK: ImportWriter

  func fileDone(_ file: ExportFile, importer: String) throws {
    try db.execute(
      sql: "INSERT INTO import_file(import_id, file, importer, size) VALUES (?, ?, ?, ?)",
      arguments: [importID, file.displayName, importer, file.size])
  }

  func postsDone() throws {
    try indexCaptions()
  }

  func finish() throws -> ImportOutcome {
    try indexCaptions()
    try pointAtNewestSnapshots()
    if !accounts.isEmpty {
      try db.execute(sql: StoreSchema.refreshAccountSummary(accounts.values.map(\.id).sorted()))
    }
    let accounts = tallies
    let sum = { (value: (AccountTally) -> Int) in accounts.reduce(0) { $0 + value($1) } }
    for record in skipped {
      try db.execute(
        sql: "INSERT INTO import_skip(import_id, file, place, reason) VALUES (?, ?, ?, ?)",
        arguments: [importID, record.file, record.place, record.reason])
    }
    try db.execute(
      sql: """
        UPDATE import SET finished_at = ?, posts_read = ?, posts_added = ?, posts_updated = ?, posts_unchanged = ?,
          readings_read = ?, readings_added = ?, readings_updated = ?, readings_unmatched = ?, records_skipped = ?
        WHERE id = ?
        """,
      arguments: [
        Date().timeIntervalSince1970, sum(\.postsRead), sum(\.postsAdded), sum(\.postsUpdated),
        sum(\.postsUnchanged), sum { $0.readingsJoined + $0.readingsUnmatched }, sum(\.readingsAdded),
        sum(\.readingsUpdated), sum(\.readingsUnmatched), skipped.count, importID,
      ])
    return ImportOutcome(
      accounts: accounts, skipped: skipped, notes: notes + ImportedAccount.zoneNotes(self.accounts.values))
  }

  // MARK: ImportSink

  func add(_ post: Post) throws {
    let account = try state(post.platform, post.account)
    let post = account.placedInStoredZone(post, keepsAssumedZones: keepsAssumedZones, offsets: &zoneOffsets)
    let (existing, keys) = account.lookUp(counting: post)
    let postID: Int64
    if let existing {
      postID = existing
      switch try merge(post, into: existing) {
      case .changed: account.tally.postsUpdated += 1
      case .unchanged: account.tally.postsUnchanged += 1
      }
    } else {
      postID = try insert(post, accountID: account.id)
      account.tally.postsAdded += 1
    }
    // A new post's keys are all new (none of them matched); a stored one may bring more. One statement
    // for all of a post's keys (a carousel has one per photo).
    var newKeys = keys[...]
    if existing != nil { newKeys = newKeys.filter { account.keys[$0] == nil }[...] }
    while !newKeys.isEmpty {
      let chunk = newKeys.prefix(Self.rowsPerStatement)
      newKeys = newKeys.dropFirst(chunk.count)
      let statement = try multiRowInsert(
        into: "post_key(account_id, post_id, key)", shared: 2, rows: chunk.count, statements: &keyStatements)
      statement.bind(1, account.id)
      statement.bind(2, postID)
      for (offset, key) in chunk.enumerated() {
        statement.bind(Int32(3 + offset), key)
        account.keys[key] = postID
      }
      try statement.run()
    }
  }

  func add(_ reading: MetricReading) throws {
    let account = try state(reading.platform, reading.account)
    guard let postID = account.postID(of: reading, skipped: &skipped) else { return }
    let observed = Int64(reading.observedAt.timeIntervalSince1970)
    let insertSnapshot = try insertSnapshot.get()
    insertSnapshot.bind(1, postID)
    insertSnapshot.bind(2, importID)
    insertSnapshot.bind(3, reading.source)
    insertSnapshot.bind(4, try sourceFileID(reading.sourceFile))
    insertSnapshot.bind(5, observed)
    for (offset, metric) in Metric.allCases.enumerated() {
      insertSnapshot.bind(Int32(6 + offset), reading.values[metric])
    }
    try insertSnapshot.run()
    if db.changesCount == 1 {
      account.tally.readingsAdded += 1
      noteSnapshot(db.lastInsertedRowID, of: postID, observed: observed)
      return
    }
    // The same export read again: change the snapshot only where a value differs.
    var update: StatementArguments = [importID, try sourceFileID(reading.sourceFile)]
    for metric in Metric.allCases { _ = update.append(contentsOf: [reading.values[metric]]) }
    _ = update.append(contentsOf: [postID, reading.source, observed])
    for metric in Metric.allCases { _ = update.append(contentsOf: [reading.values[metric]]) }
    try db.cachedStatement(
      sql: """
        UPDATE metric_snapshot SET import_id = ?, source_file_id = ?,
          likes = ?, comments = ?, shares = ?, saves = ?, reach = ?, views = ?, impressions = ?, follows = ?,
          profile_visits = ?, link_taps = ?
        WHERE post_id = ? AND source = ? AND observed_at = ?
          AND NOT (likes IS ? AND comments IS ? AND shares IS ? AND saves IS ? AND reach IS ? AND views IS ?
            AND impressions IS ? AND follows IS ? AND profile_visits IS ? AND link_taps IS ?)
        """
    ).execute(arguments: update)
    if db.changesCount == 1 {
      account.tally.readingsUpdated += 1
      snapshotsOfStoredPosts.insert(postID)
    }
  }

  /// Remembers a snapshot just written, for `pointAtNewestSnapshots()`.
  private func noteSnapshot(_ snapshot: Int64, of postID: Int64, observed: Int64) {
    guard postID > storedThrough else {
      snapshotsOfStoredPosts.insert(postID)
      return
    }
    if let known = newestSnapshots[postID], (known.observed, known.snapshot) > (observed, snapshot) { return }
    newestSnapshots[postID] = (observed, snapshot)
  }

  func add(_ reading: AccountReading) throws {
    let account = try state(reading.platform, reading.account)
    account.tally.accountReadings += 1
    try db.execute(
      sql: """
        INSERT INTO account_snapshot(account_id, import_id, source, source_file_id, observed_at, period, followers,
          follows, unfollows, net_followers)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (account_id, source, observed_at, period) DO UPDATE SET import_id = excluded.import_id,
          source_file_id = excluded.source_file_id, followers = excluded.followers, follows = excluded.follows,
          unfollows = excluded.unfollows, net_followers = excluded.net_followers
        """,
      arguments: [
        account.id, importID, reading.source, try sourceFileID(reading.sourceFile),
        Int64(reading.observedAt.timeIntervalSince1970), reading.period, reading.followers, reading.follows,
        reading.unfollows, reading.netFollowers,
      ])
  }

  func skip(_ record: SkippedRecord) {
    skipped.append(record)
  }

  func note(_ text: String) {
    notes.append(text)
  }

  /// Progress is reported by the `Importer`, which knows the whole plan (file n of m, bytes left).
  func progress(file: ExportFile, bytesRead: Int) {}

  // MARK: Posts

  /// The state of an account, created in the store and loaded with its posts' keys the first time.
  private func state(_ platform: Platform, _ name: String) throws -> ImportedAccount {
    if let last = lastAccount, last.tally.platform == platform, last.tally.account == name { return last }
    let key = AccountName(platform: platform, name: name)
    if let known = accounts[key] {
      lastAccount = known
      return known
    }
    try db.execute(
      sql: "INSERT OR IGNORE INTO account(platform, name) VALUES (?, ?)", arguments: [platform.rawValue, name])
    let id =
      try Int64.fetchOne(
        db, sql: "SELECT id FROM account WHERE platform = ? AND name = ?", arguments: [platform.rawValue, name]) ?? 0
    var keys: [String: Int64] = [:]
    let rows = try Row.fetchCursor(db, sql: "SELECT key, post_id FROM post_key WHERE account_id = ?", arguments: [id])
    while let row = try rows.next() { keys[row[0]] = row[1] }
    // The index on (account, time) finds the newest post with an assumed zone without reading the others.
    let storedZone = try String.fetchOne(
      db,
      sql: """
        SELECT assumed_time_zone FROM post WHERE account_id = ? AND assumed_time_zone IS NOT NULL
        ORDER BY published_at DESC LIMIT 1
        """, arguments: [id])
    let state = ImportedAccount(
      id: id, keys: keys, tally: AccountTally(platform: platform, account: name), storedZone: storedZone)
    accounts[key] = state
    lastAccount = state
    return state
  }

  /// Source files whose export path this import has written.
  private var exportsNoted: Set<String> = []

  /// Remembers the export (zip or folder) a source file came in, once per file and import.
  private func noteExport(_ export: String, of sourceFile: String) throws {
    guard !exportsNoted.contains(sourceFile) else { return }
    exportsNoted.insert(sourceFile)
    try db.execute(
      sql: "UPDATE source_file SET export = ? WHERE id = ?", arguments: [export, try sourceFileID(sourceFile)])
  }

  /// The id of a source file path, stored the first time it is used.
  private func sourceFileID(_ path: String) throws -> Int64 {
    if let last = lastSourceFile, last.path == path { return last.id }
    let id: Int64
    if let known = sourceFileIDs[path] {
      id = known
    } else {
      try db.execute(sql: "INSERT OR IGNORE INTO source_file(path) VALUES (?)", arguments: [path])
      id = try Int64.fetchOne(db, sql: "SELECT id FROM source_file WHERE path = ?", arguments: [path]) ?? 0
      sourceFileIDs[path] = id
    }
    lastSourceFile = (path, id)
    return id
  }

  private func insert(_ post: Post, accountID: Int64) throws -> Int64 {
    let insertPost = try insertPost.get()
    insertPost.bind(1, accountID)
    insertPost.bind(2, post.key)
    insertPost.bind(3, Int64(post.published.date.timeIntervalSince1970))
    insertPost.bind(4, post.published.assumedTimeZone)
    insertPost.bind(5, post.published.precision.rawValue)
    insertPost.bind(6, post.caption)
    insertPost.bind(7, post.mediaKind.rawValue)
    insertPost.bind(8, post.mediaCount)
    insertPost.bind(9, post.permalink)
    insertPost.bind(10, try sourceFileID(post.sourceFile))
    insertPost.bind(11, importID)
    insertPost.bind(12, importID)
    insertPost.bind(13, post.relation.rawValue)
    insertPost.bind(14, Int64(post.archived ? 1 : 0))
    insertPost.bind(15, post.media?.path)
    if let media = post.media { try noteExport(media.export, of: post.sourceFile) }
    try insertPost.run()
    let id = db.lastInsertedRowID
    try writeEntities(of: post, id: id)
    return id
  }

  private enum MergeResult { case changed, unchanged }

  /// Updates a stored post with what a newer file says, keeping what the new file does not know: a time
  /// the export stated is not replaced by an assumed one, and an empty caption or unknown count keeps the
  /// stored value.
  private func merge(_ post: Post, into id: Int64) throws -> MergeResult {
    guard
      let row = try Row.fetchOne(
        db.cachedStatement(
          sql: """
            SELECT published_at, assumed_time_zone, time_precision, caption, media_kind, media_count, permalink,
              relation, archived, media_path
            FROM post WHERE id = ?
            """), arguments: [id])
    else { return .unchanged }
    let stored = PostFields(
      published: row[0], assumedTimeZone: row[1], precision: row[2], caption: row[3], mediaKind: row[4],
      mediaCount: row[5], permalink: row[6], relation: row[7], archived: row[8])
    let storedMedia: String? = row[9]
    let merged = stored.merged(with: post)
    // Where the photo is follows the export's latest path, without counting as a change to the post.
    if let media = post.media {
      if media.path != storedMedia {
        try db.execute(sql: "UPDATE post SET media_path = ? WHERE id = ?", arguments: [media.path, id])
      }
      try noteExport(media.export, of: post.sourceFile)
    }
    if merged == stored { return .unchanged }
    try db.cachedStatement(
      sql: """
        UPDATE post SET published_at = ?, assumed_time_zone = ?, time_precision = ?, caption = ?, media_kind = ?,
          media_count = ?, permalink = ?, source_file_id = ?, last_import_id = ?, relation = ?, archived = ?
        WHERE id = ?
        """
    ).execute(arguments: [
      merged.published, merged.assumedTimeZone, merged.precision, merged.caption, merged.mediaKind,
      merged.mediaCount, merged.permalink, try sourceFileID(post.sourceFile), importID, merged.relation,
      merged.archived, id,
    ])
    if merged.caption != stored.caption {
      if id <= indexedThrough {
        // Already indexed: replace its entry. Newer posts are indexed by `indexCaptions()`.
        try db.execute(
          sql: "INSERT INTO post_search(post_search, rowid, caption) VALUES ('delete', ?, ?)",
          arguments: [id, stored.caption])
        try db.execute(sql: "INSERT INTO post_search(rowid, caption) VALUES (?, ?)", arguments: [id, merged.caption])
      }
      try db.execute(sql: "DELETE FROM post_hashtag WHERE post_id = ?", arguments: [id])
      try db.execute(sql: "DELETE FROM post_mention WHERE post_id = ?", arguments: [id])
      var updated = post
      updated.caption = merged.caption
      try writeEntities(of: updated, id: id)
    }
    return .changed
  }

  private func hashtagID(_ tag: String) throws -> Int64 {
    if hashtagIDs == nil {
      hashtagIDs = try Dictionary(
        Row.fetchAll(db, sql: "SELECT tag, id FROM hashtag").map { ($0[0], $0[1]) }, uniquingKeysWith: { a, _ in a })
    }
    if let id = hashtagIDs?[tag] { return id }
    let insert = try insertHashtag.get()
    insert.bind(1, tag)
    try insert.run()
    let id = db.lastInsertedRowID
    hashtagIDs?[tag] = id
    return id
  }

  private func writeEntities(of post: Post, id: Int64) throws {
    // A post's tags in one statement (up to eight rows a statement): one step instead of one per tag.
    var tags = post.hashtags[...]
    while !tags.isEmpty {
      let chunk = tags.prefix(Self.rowsPerStatement)
      tags = tags.dropFirst(chunk.count)
      let statement = try multiRowInsert(
        into: "post_hashtag(post_id, hashtag_id)", shared: 1, rows: chunk.count, statements: &tagStatements)
      statement.bind(1, id)
      for (offset, hashtag) in chunk.enumerated() { statement.bind(Int32(2 + offset), try hashtagID(hashtag)) }
      try statement.run()
    }
    let mention = try insertMention.get()
    for handle in post.mentions {
      mention.bind(1, id)
      mention.bind(2, handle)
      try mention.run()
    }
  }

  private static let rowsPerStatement = 8

  /// `INSERT OR IGNORE INTO table(a, b, c) VALUES (?1, ?2, ?3), (?1, ?2, ?4), ...`: `rows` rows that share
  /// their first `shared` values and differ in the last, prepared once per row count.
  private func multiRowInsert(
    into table: String, shared: Int, rows: Int, statements: inout [Int: FastStatement]
  ) throws -> FastStatement {
    if let statement = statements[rows] { return statement }
    let common = (1...shared).map { "?\($0)" }.joined(separator: ", ")
    let values = (0..<rows).map { "(\(common), ?\(shared + 1 + $0))" }.joined(separator: ", ")
    let statement = try FastStatement(db, sql: "INSERT OR IGNORE INTO \(table) VALUES \(values)")
    statements[rows] = statement
    return statement
  }
}

extension PostStore: ImportTarget {
  /// One transaction per import on the store's engine: SQLite's writer here, PostgreSQL's COPY path there.
  public func importing<T>(inputs: [URL], options: ImportOptions, _ body: (any ImportWriter) throws -> T) throws -> T {
    #if Postgres
      if case .postgres(let store) = engine { return try store.importing(inputs: inputs, options: options, body) }
    #endif
    return try write(dryRun: options.dryRun, checksForeignKeys: false) { db in
      try db.execute(
        sql: "INSERT INTO import(started_at, inputs, time_zone, account_option) VALUES (?, ?, ?, ?)",
        arguments: [
          Date().timeIntervalSince1970, inputs.map(\.path).joined(separator: "\n"), options.timeZone.name,
          options.account,
        ])
      return try body(StoreWriter(db: db, importID: db.lastInsertedRowID, keepsAssumedZones: !options.timeZoneGiven))
    }
  }
}
