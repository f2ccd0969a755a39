import Foundation
import GRDB

/// Which posts the statistics look at.
public struct SampleQuery: Sendable {
  /// Only this platform's posts; nil: every platform.
  public var platform: Platform?
  /// Only this account's posts; nil: every account.
  public var account: String?
  /// Posts published from this moment on; nil: from the first.
  public var since: Date?
  /// Exclusive.
  public var until: Date?
  /// Load caption text too (lengths are always loaded): the report shows captions, the statistics over a
  /// million posts do not need them.
  public var captions: Bool
  /// Count posts their creator archived (hidden from the profile) too; they are left out by default.
  public var includesArchived: Bool
  /// Feed posts (the default) or stories: the two are counted and rated apart, never together (a day's
  /// stories are not posts, and 1,800 of them beside 5 posts made "21.9 posts a week").
  public var stories: StoryScope

  /// Which of stories and feed posts a query looks at.
  public enum StoryScope: String, Sendable, Codable {
    /// Posts, reels and the rest; no stories.
    case excluded
    /// Stories only.
    case only
  }

  /// A query; by default every feed post of every account, without captions or archived posts.
  public init(
    platform: Platform? = nil, account: String? = nil, since: Date? = nil, until: Date? = nil, captions: Bool = false,
    includesArchived: Bool = false, stories: StoryScope = .excluded
  ) {
    self.platform = platform
    self.account = account
    self.since = since
    self.until = until
    self.captions = captions
    self.includesArchived = includesArchived
    self.stories = stories
  }
}

extension PostStore {
  /// The keys and captions of posts by id, for the few posts a statistic shows (outliers).
  public func details(of ids: [Int64]) throws -> [Int64: (key: String, caption: String)] {
    guard !ids.isEmpty else { return [:] }
    return try read { db in
      var details: [Int64: (key: String, caption: String)] = [:]
      let list = ids.map(String.init).joined(separator: ",")
      for row in try Row.fetchAll(db, sql: "SELECT id, key, caption FROM post WHERE id IN (\(list))") {
        details[row[0]] = (row[1], row[2])
      }
      return details
    }
  }

  /// How many posts of the other kind (stories for a query of feed posts, feed posts for one of stories) are
  /// in the query's accounts and dates: what its figures leave out.
  public func countLeftOutByStoryScope(_ query: SampleQuery) throws -> Int {
    var other = query
    other.stories = query.stories == .only ? .excluded : .only
    guard let (filter, ids) = Self.filter(other, accounts: try accountList()) else { return 0 }
    var scoped = filter
    if let ids { scoped.add("p.account_id IN (\(ids.map(String.init).joined(separator: ",")))") }
    return try read { db in
      try Int.fetchOne(db, sql: "SELECT count(*) FROM post p \(scoped.whereClause)", arguments: scoped.arguments) ?? 0
    }
  }

  private func accountList() throws -> [(id: Int64, account: PostTable.Account)] {
    try read { db in
      try Row.fetchAll(db, sql: "SELECT id, platform, name FROM account ORDER BY id").map { row in
        (row[0], PostTable.Account(platform: Platform(rawValue: row[1]) ?? .other, name: row[2]))
      }
    }
  }

  /// The accounts with at least one post, on `platform` when given, by platform then name: one read of the
  /// account table and an index probe each, however many posts the store holds.
  public func accountsWithPosts(platform: Platform? = nil) throws -> [PostTable.Account] {
    try read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT a.platform, a.name FROM account a
          WHERE EXISTS (SELECT 1 FROM post p WHERE p.account_id = a.id)\(platform == nil ? "" : " AND a.platform = ?")
          ORDER BY a.platform, a.name COLLATE NOCASE
          """, arguments: StatementArguments(platform.map { [$0.rawValue] } ?? [])
      ).map { PostTable.Account(platform: Platform(rawValue: $0[0]) ?? .other, name: $0[1]) }
    }
  }

  /// The publish time of the newest post in scope, without reading the posts.
  public func lastPublished(_ query: SampleQuery) throws -> Date? {
    let filter = SQLFilter.scope(platform: query.platform, account: query.account)
    let seconds = try read { db in
      try Int64.fetchOne(
        db,
        sql: "SELECT MAX(p.published_at) FROM post p JOIN account a ON a.id = p.account_id \(filter.whereClause)",
        arguments: filter.arguments)
    }
    return seconds.map { Date(timeIntervalSince1970: TimeInterval($0)) }
  }

  /// The posts in scope with their newest metrics and hashtags, oldest first (`table` turned into rows).
  public func samples(_ query: SampleQuery) throws -> [PostSample] {
    try samples(query, halvesFrom: Self.halvesFrom)
  }

  /// The posts in scope as columns, oldest first: what the statistics read. Holds the counts the rates
  /// divide (engagements, reach, views, impressions), not every metric.
  ///
  /// Read through SQLite's C interface in range scans, never a look-up per post: the posts (in rowid order,
  /// sorted here only when an import left them out of time order), the metric snapshots over the range of
  /// their newest snapshot ids, and the hashtag links over the range of their ids. A large store read whole
  /// is read in two halves of its id range side by side, one a core.
  public func table(_ query: SampleQuery) throws -> PostTable {
    try table(query, allMetrics: false, halvesFrom: Self.halvesFrom)
  }

  /// The span of post ids from which a query without a time range is read in halves.
  static let halvesFrom: Int64 = 100_000

  /// `halvesFrom`: tests pass 0 to take the path of a large store on a small one.
  func samples(_ query: SampleQuery, halvesFrom: Int64) throws -> [PostSample] {
    try table(query, allMetrics: true, halvesFrom: halvesFrom).samples
  }

  func table(_ query: SampleQuery, allMetrics: Bool, halvesFrom: Int64) throws -> PostTable {
    let (accounts, tagNames, lowest, highest) = try read { db in
      var accounts: [(id: Int64, account: PostTable.Account)] = []
      for row in try Row.fetchAll(db, sql: "SELECT id, platform, name FROM account ORDER BY id") {
        accounts.append((row[0], PostTable.Account(platform: Platform(rawValue: row[1]) ?? .other, name: row[2])))
      }
      // Tag names by id (ids are rowids: a flat array).
      var tagNames: [String?] = []
      for row in try Row.fetchAll(db, sql: "SELECT id, tag FROM hashtag ORDER BY id") {
        let id: Int = row[0]
        if id >= tagNames.count { tagNames += Array(repeating: nil, count: id - tagNames.count + 1) }
        tagNames[id] = row[1]
      }
      // Two queries: SQLite answers a lone min() or max() from the end of the index, but scans the table for
      // both in one.
      let lowest = try Int64.fetchOne(db, sql: "SELECT min(id) FROM post") ?? 0
      let highest = try Int64.fetchOne(db, sql: "SELECT max(id) FROM post") ?? -1
      return (accounts, tagNames, lowest, highest)
    }
    let reader = Self.filter(query, accounts: accounts).map { filter, ids in
      SampleReader(
        filter: filter, accountIDs: ids, texts: query.captions, allMetrics: allMetrics, accounts: accounts,
        tagNames: tagNames)
    }
    guard lowest <= highest, let reader else { return PostTable(accounts: accounts.map(\.account), tagNames: []) }
    var table: PostTable
    if query.since == nil && query.until == nil && highest - lowest >= halvesFrom {
      table = try readInHalves(reader, ids: lowest...highest)
    } else {
      table = try pool.read { db in try reader.read(db, ids: nil) }
    }
    let timelines = try followerTimelines()
    table.setFollowers(accounts.map { timelines[$0.id] })
    table.sortByTime()
    return table
  }

  /// The scan's conditions and the ids of the accounts in scope (nil: every account); nil when no account
  /// is in scope. The scope's accounts are picked here, so the scan needs no join (a look-up per post).
  /// Names compare as `COLLATE NOCASE` does in `SQLFilter.scope`: ASCII letters without case.
  private static func filter(
    _ query: SampleQuery, accounts: [(id: Int64, account: PostTable.Account)]
  ) -> (SQLFilter, accounts: [Int64]?)? {
    var filter = SQLFilter.scope(platform: nil, account: nil, since: query.since, until: query.until)
    // Reposts are somebody else's content: stored and listed, never counted as the creator's.
    filter.add("p.relation != 'repost'")
    // Archived posts were hidden by their creator: counted only when asked for.
    if !query.includesArchived { filter.add("p.archived = 0") }
    filter.add(query.stories == .only ? "p.media_kind = 'story'" : "p.media_kind != 'story'")
    guard query.platform != nil || query.account != nil else { return (filter, nil) }
    let name = query.account.map { asciiLowercased(ImportContext.normalizedAccount($0)) }
    let ids = accounts.filter { _, account in
      (query.platform.map { $0 == account.platform } ?? true)
        && (name.map { $0 == asciiLowercased(account.name) } ?? true)
    }.map(\.id)
    return ids.isEmpty ? nil : (filter, ids)
  }

  /// Reads the two halves of `ids` on two pooled connections side by side and puts them together.
  private func readInHalves(_ reader: SampleReader, ids: ClosedRange<Int64>) throws -> PostTable {
    let middle = ids.lowerBound + (ids.upperBound - ids.lowerBound) / 2
    let halves = [ids.lowerBound...middle, (middle + 1)...ids.upperBound]
    // One variable per half: each thread writes only its own.
    nonisolated(unsafe) var first: Result<PostTable, any Error>?
    nonisolated(unsafe) var second: Result<PostTable, any Error>?
    DispatchQueue.concurrentPerform(iterations: 2) { half in
      let result = Result { try self.pool.read { db in try reader.read(db, ids: halves[half]) } }
      if half == 0 { first = result } else { second = result }
    }
    var table = try first!.get()
    let rest = try second!.get()
    // Dropped first, so the table's columns are its own and grow in place.
    (first, second) = (nil, nil)
    table.append(contentsOf: rest)
    return table
  }

  private static func asciiLowercased(_ text: String) -> String {
    String(decoding: text.utf8.map { (0x41...0x5A).contains($0) ? $0 + 0x20 : $0 }, as: UTF8.self)
  }
}

/// One read of the posts a statistics query selects, over a range of ids: three range scans into a table.
private struct SampleReader: Sendable {
  let filter: SQLFilter
  /// The accounts in scope; nil for every account.
  let accountIDs: [Int64]?
  /// Keys and captions too.
  let texts: Bool
  /// Every metric, not only the rates' parts.
  let allMetrics: Bool
  let accounts: [PostTable.Account]
  /// Account rows' ids to positions in `accounts`.
  let accountPositions: [Int64: Int32]
  let tagNames: [String?]

  init(
    filter: SQLFilter, accountIDs: [Int64]?, texts: Bool, allMetrics: Bool,
    accounts: [(id: Int64, account: PostTable.Account)], tagNames: [String?]
  ) {
    self.filter = filter
    self.accountIDs = accountIDs
    self.texts = texts
    self.allMetrics = allMetrics
    self.accounts = accounts.map(\.account)
    accountPositions = Dictionary(uniqueKeysWithValues: accounts.enumerated().map { ($1.id, Int32($0)) })
    self.tagNames = tagNames
  }

  /// The posts in scope (whose id is in `ids`, when given) with their newest counts and their hashtags.
  /// Without `ids` a time range can use its index.
  func read(_ db: Database, ids: ClosedRange<Int64>?) throws -> PostTable {
    var (table, snapshots) = try scan(db, ids: ids)
    guard !table.isEmpty else { return table }
    try attachMetrics(db, to: &table, snapshots: snapshots)
    try attachHashtags(db, to: &table)
    return table
  }

  /// The posts in scope, in id order, without counts or tags, and their newest snapshot ids (-1 for none)
  /// by row.
  private func scan(_ db: Database, ids: ClosedRange<Int64>?) throws -> (PostTable, snapshots: [Int64]) {
    var filter = self.filter
    if let accountIDs {
      // Over a range of ids the rowid range is the way in: `+` keeps SQLite from taking the (account, time)
      // index instead, which reads every entry of the account and looks each post up (0.43 s against
      // 0.29 s for a million posts of one account). A time range without ids does want that index.
      filter.add(
        (ids == nil ? "" : "+") + "p.account_id IN (\(accountIDs.map(String.init).joined(separator: ", ")))")
    }
    if let ids { filter.add("p.id BETWEEN ? AND ?", ids.lowerBound, ids.upperBound) }
    // Small codes instead of text wherever a column repeats, and the small values packed into one integer
    // (day-only bit, kind code in 3 bits, caption length in 32 (at most 2^31 - 1), account id above): a row adds to four
    // arrays, taken apart column by column afterwards.
    let kinds = MediaKind.allCases.enumerated().map { "WHEN '\($1.rawValue)' THEN \($0 << 1)" }
      .joined(separator: " ")
    let statement = try FastStatement(
      db,
      sql: """
        SELECT p.id, p.published_at,
          (p.time_precision = 'day') | CASE p.media_kind \(kinds) ELSE 0 END
            | (min(length(p.caption), 2147483647) << 4) | (p.account_id << 36),
          ifnull(p.latest_snapshot_id, -1)\(texts ? ", p.key, p.caption" : "")
        FROM post p
        \(filter.whereClause)
        """)
    filter.bind(to: statement)
    defer { statement.reset() }
    let room = ids?.count ?? 0
    var postIDs: [Int64] = []
    var published: [Date] = []
    var packed: [Int64] = []
    var snapshots: [Int64] = []
    var keys: [String] = []
    var captions: [String] = []
    postIDs.reserveCapacity(room)
    published.reserveCapacity(room)
    packed.reserveCapacity(room)
    snapshots.reserveCapacity(room)
    while try statement.step() {
      postIDs.append(statement.integer(0))
      published.append(Date(timeIntervalSince1970: TimeInterval(statement.integer(1))))
      packed.append(statement.integer(2))
      snapshots.append(statement.integer(3))
      if texts {
        keys.append(statement.text(4) ?? "")
        captions.append(statement.text(5) ?? "")
      }
    }
    // `allCases` builds a new array on every call: once, not once a row.
    let mediaKinds = MediaKind.allCases
    var lastAccount: (id: Int64, position: Int32) = (-1, 0)
    let table = PostTable(
      accounts: accounts, tagNames: tagNames, ids: postIDs, published: published,
      timed: packed.map { $0 & 1 == 0 }, kinds: packed.map { mediaKinds[Int(($0 >> 1) & 7)] },
      captionLengths: packed.map { Int32(truncatingIfNeeded: ($0 >> 4) & 0xFFFF_FFFF) },
      accountIndexes: packed.map { value in
        let id = value >> 36
        if id != lastAccount.id { lastAccount = (id, accountPositions[id] ?? 0) }
        return lastAccount.position
      }, keys: keys, captions: captions, withMetrics: allMetrics)
    return (table, snapshots)
  }

  /// Gives each row its newest snapshot's counts, read by scanning the snapshots over the range of their
  /// ids (or one look-up each when the ids are too spread out for that to pay).
  private func attachMetrics(_ db: Database, to table: inout PostTable, snapshots: [Int64]) throws {
    let known = snapshots.filter { $0 >= 0 }
    guard let lowest = known.min(), let highest = known.max() else { return }
    // NULL comes back as Int64.min, so each column costs one call into SQLite, not two. The statistics
    // take the engagements summed in SQL (NULL only when every part is) and the three denominators; the
    // samples take every metric.
    let missing = Int64.min
    let columns: String
    let apply: (inout PostTable, FastStatement, Int32, Int) -> Void
    if allMetrics {
      let metrics = Metric.allCases
      columns = metrics.map { "ifnull(\($0.rawValue), \(missing))" }.joined(separator: ", ")
      apply = { table, statement, first, row in
        var values = MetricValues()
        for (offset, metric) in metrics.enumerated() {
          let value = statement.integer(first + Int32(offset))
          if value != missing { values[metric] = value }
        }
        table.setCounts(values, row: row)
      }
    } else {
      let parts = [Metric.likes, .comments, .shares, .saves].map(\.rawValue)
      columns = """
        CASE WHEN coalesce(\(parts.joined(separator: ", "))) IS NULL THEN \(missing)
          ELSE \(parts.map { "ifnull(\($0), 0)" }.joined(separator: " + ")) END,
        ifnull(reach, \(missing)), ifnull(views, \(missing)), ifnull(impressions, \(missing))
        """
      apply = { table, statement, first, row in
        table.setCounts(
          row: row, engagements: statement.integer(first), reach: statement.integer(first + 1),
          views: statement.integer(first + 2), impressions: statement.integer(first + 3))
      }
    }
    let span = Int(highest - lowest + 1)
    if span <= 4 * snapshots.count + 1024 {
      var rows = [Int32](repeating: -1, count: span)
      for (row, id) in snapshots.enumerated() where id >= 0 { rows[Int(id - lowest)] = Int32(row) }
      let statement = try FastStatement(
        db, sql: "SELECT id, \(columns) FROM metric_snapshot WHERE id BETWEEN ? AND ?")
      statement.bind(1, lowest)
      statement.bind(2, highest)
      defer { statement.reset() }
      while try statement.step() {
        let row = Int(rows[Int(statement.integer(0) - lowest)])
        if row >= 0 { apply(&table, statement, 1, row) }
      }
    } else {
      let statement = try FastStatement(db, sql: "SELECT \(columns) FROM metric_snapshot WHERE id = ?")
      for (row, id) in snapshots.enumerated() where id >= 0 {
        statement.bind(1, id)
        if try statement.step() { apply(&table, statement, 0, row) }
        statement.reset()
      }
    }
  }

  /// Gives each row its hashtags: one range scan of the links in post-id order (no join per link), each
  /// link placed by the post's row. Ids in scope are dense in practice, so rows sit in a flat array.
  private func attachHashtags(_ db: Database, to table: inout PostTable) throws {
    guard let lowestID = table.ids.min(), let highestID = table.ids.max() else { return }
    let span = Int(highestID - lowestID + 1)
    var dense: [Int32] = []
    var rows: [Int64: Int32] = [:]
    if span <= 4 * table.count + 1024 {
      dense = Array(repeating: -1, count: span)
      for (row, id) in table.ids.enumerated() { dense[Int(id - lowestID)] = Int32(row) }
    } else {
      for (row, id) in table.ids.enumerated() { rows[id] = Int32(row) }
    }
    let statement = try FastStatement(
      db, sql: "SELECT post_id, hashtag_id FROM post_hashtag WHERE post_id BETWEEN ? AND ?")
    statement.bind(1, lowestID)
    statement.bind(2, highestID)
    defer { statement.reset() }
    var links: [(row: Int32, tag: Int32)] = []
    while try statement.step() {
      let post = statement.integer(0)
      let tag = statement.integer(1)
      guard tag >= 0, tag < tagNames.count, tagNames[Int(tag)] != nil,
        let row = dense.isEmpty ? rows[post] : dense[Int(post - lowestID)], row >= 0
      else { continue }
      links.append((row, Int32(tag)))
    }
    table.setTags(links)
  }
}
