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
    var details: [Int64: (key: String, caption: String)] = [:]
    let list = ids.map(String.init).joined(separator: ",")
    for row in try rows("SELECT id, key, caption FROM post WHERE id IN (\(list))") {
      details[row[0]] = (row[1], row[2])
    }
    return details
  }

  /// How many posts of the other kind (stories for a query of feed posts, feed posts for one of stories) are
  /// in the query's accounts and dates: what its figures leave out.
  public func countLeftOutByStoryScope(_ query: SampleQuery) throws -> Int {
    var other = query
    other.stories = query.stories == .only ? .excluded : .only
    guard let (filter, ids) = Self.filter(other, accounts: try accountList()) else { return 0 }
    var scoped = filter
    if let ids { scoped.add("p.account_id IN (\(ids.map(String.init).joined(separator: ",")))") }
    return try value("SELECT count(*) FROM post p \(scoped.whereClause)", scoped.values) ?? 0
  }

  /// Every account by id, oldest first: a small table, read whole to pick a scope's accounts in Swift.
  func accountList() throws -> [(id: Int64, account: PostTable.Account)] {
    try rows("SELECT id, platform, name FROM account ORDER BY id").map { row in
      (row[0], PostTable.Account(platform: Platform(rawValue: row[1]) ?? .other, name: row[2]))
    }
  }

  /// Posts (`p`) of the accounts on `platform` named `account` (each when given), published in
  /// [since, until); `column` names the account id of the table read. Nil when no account matches.
  func scope(
    platform: Platform?, account: String?, since: Date? = nil, until: Date? = nil, column: String = "p.account_id"
  ) throws -> SQLFilter? {
    var filter = SQLFilter.scope(since: since, until: until)
    guard platform != nil || account != nil else { return filter }
    let ids = Self.accountIDs(platform: platform, account: account, in: try accountList())
    guard !ids.isEmpty else { return nil }
    filter.add("\(column) IN (\(ids.map(String.init).joined(separator: ",")))")
    return filter
  }

  /// The ids of the accounts on `platform` named `account` (each when given). Names compare by
  /// `AccountHandle.key`, the one rule for handles.
  static func accountIDs(
    platform: Platform?, account: String?, in accounts: [(id: Int64, account: PostTable.Account)]
  ) -> [Int64] {
    let name = account.map(AccountHandle.key)
    return accounts.filter { _, stored in
      (platform.map { $0 == stored.platform } ?? true) && (name.map { $0 == AccountHandle.key(stored.name) } ?? true)
    }.map(\.id)
  }

  /// The accounts with at least one post, on `platform` when given, by platform then name: one read of the
  /// account table and an index probe each, however many posts the store holds.
  public func accountsWithPosts(platform: Platform? = nil) throws -> [PostTable.Account] {
    try rows(
      """
      SELECT a.platform, a.name FROM account a
      WHERE EXISTS (SELECT 1 FROM post p WHERE p.account_id = a.id)\(platform == nil ? "" : " AND a.platform = ?")
      ORDER BY a.platform, lower(a.name), a.name
      """, platform.map { [.text($0.rawValue)] } ?? []
    ).map { PostTable.Account(platform: Platform(rawValue: $0[0]) ?? .other, name: $0[1]) }
  }

  /// The publish time of the newest post in scope, without reading the posts.
  public func lastPublished(_ query: SampleQuery) throws -> Date? {
    guard let filter = try scope(platform: query.platform, account: query.account) else { return nil }
    let seconds: Int64? = try value("SELECT MAX(p.published_at) FROM post p \(filter.whereClause)", filter.values)
    return seconds.map { Date(timeIntervalSince1970: TimeInterval($0)) }
  }

  /// The posts in scope with their newest metrics and hashtags, oldest first (`table` turned into rows).
  public func samples(_ query: SampleQuery) throws -> [PostSample] {
    try samples(query, halvesFrom: Self.halvesFrom)
  }

  /// The posts in scope as columns, oldest first: what the statistics read. Holds the counts the rates
  /// divide (engagements, reach, views, impressions), not every metric.
  ///
  /// On SQLite, read through its C interface in range scans, never a look-up per post: the posts (in rowid
  /// order, sorted here only when an import left them out of time order), the metric snapshots over the
  /// range of their newest snapshot ids, and the hashtag links over the range of their ids. A large store
  /// read whole is read in two halves of its id range side by side, one a core; a few accounts of a large
  /// store (an agency's) through the index of their posts. On PostgreSQL, two queries through `rows`
  /// (`SampleReader.read(_:)`, which the tests also run on SQLite against the fast read).
  public func table(_ query: SampleQuery) throws -> PostTable {
    try table(query, allMetrics: false, halvesFrom: Self.halvesFrom)
  }

  /// The span of post ids from which a query without a time range is read in halves.
  static let halvesFrom: Int64 = 100_000

  /// `halvesFrom`: tests pass 0 to take the path of a large store on a small one.
  func samples(_ query: SampleQuery, halvesFrom: Int64) throws -> [PostSample] {
    try table(query, allMetrics: true, halvesFrom: halvesFrom).samples
  }

  /// `portable`: read as PostgreSQL does whatever the engine, for the tests.
  func table(_ query: SampleQuery, allMetrics: Bool, halvesFrom: Int64, portable: Bool = false) throws -> PostTable {
    let accounts = try accountList()
    // Tag names by id (ids are row ids: a flat array).
    var tagNames: [String?] = []
    for row in try rows("SELECT id, tag FROM hashtag ORDER BY id") {
      let id: Int = row[0]
      guard id >= 0, id < Int(Int32.max) else { continue }
      if id >= tagNames.count { tagNames += Array(repeating: nil, count: id - tagNames.count + 1) }
      tagNames[id] = row[1]
    }
    guard let (filter, accountIDs) = Self.filter(query, accounts: accounts) else {
      return PostTable(accounts: accounts.map(\.account), tagNames: [])
    }
    let reader = SampleReader(
      filter: filter, accountIDs: accountIDs, texts: query.captions, allMetrics: allMetrics, accounts: accounts,
      tagNames: tagNames)
    var table: PostTable
    switch engine {
    case .sqlite(let pool) where !portable:
      table = try sqliteTable(query, reader: reader, pool: pool, halvesFrom: halvesFrom)
    default:
      table = try reader.read(self)
    }
    let timelines = try followerTimelines()
    table.setFollowers(accounts.map { timelines[$0.id] })
    table.sortByTime()
    return table
  }

  /// SQLite's fast read: in id ranges, in two halves side by side when the posts in scope are most of a large
  /// store's id range, else through the (account, time) index.
  private func sqliteTable(
    _ query: SampleQuery, reader: SampleReader, pool: DatabasePool, halvesFrom: Int64
  ) throws -> PostTable {
    // Two queries: SQLite answers a lone min() or max() from the end of the index, but scans the table for
    // both in one.
    let lowest: Int64 = try value("SELECT min(id) FROM post") ?? 0
    let highest: Int64 = try value("SELECT max(id) FROM post") ?? -1
    guard lowest <= highest else { return PostTable(accounts: reader.accounts, tagNames: []) }
    var wholeRange = query.since == nil && query.until == nil && highest - lowest >= halvesFrom
    if wholeRange, let accountIDs = reader.accountIDs {
      // An agency's store: one account's 10,000 posts among 10 million would cost a scan of them all.
      let list = accountIDs.map(String.init).joined(separator: ",")
      let inScope: Int64 = try value("SELECT count(*) FROM post WHERE account_id IN (\(list))") ?? 0
      wholeRange = inScope * 2 >= highest - lowest
    }
    return try Self.sqlite(path) {
      if wholeRange { return try readInHalves(reader, pool: pool, ids: lowest...highest) }
      return try pool.read { db in try reader.read(db, ids: nil) }
    }
  }

  /// The scan's conditions and the ids of the accounts in scope (nil: every account); nil when no account
  /// is in scope. The scope's accounts are picked here, so the scan needs no join (a look-up per post).
  private static func filter(
    _ query: SampleQuery, accounts: [(id: Int64, account: PostTable.Account)]
  ) -> (SQLFilter, accounts: [Int64]?)? {
    var filter = SQLFilter.scope(since: query.since, until: query.until)
    // Reposts are somebody else's content: stored and listed, never counted as the creator's.
    filter.add("p.relation != 'repost'")
    // Archived posts were hidden by their creator: counted only when asked for.
    if !query.includesArchived { filter.add("p.archived = 0") }
    filter.add(query.stories == .only ? "p.media_kind = 'story'" : "p.media_kind != 'story'")
    guard query.platform != nil || query.account != nil else { return (filter, nil) }
    let ids = accountIDs(platform: query.platform, account: query.account, in: accounts)
    return ids.isEmpty ? nil : (filter, ids)
  }

  /// Reads the two halves of `ids` on two pooled connections side by side and puts them together.
  private func readInHalves(_ reader: SampleReader, pool: DatabasePool, ids: ClosedRange<Int64>) throws -> PostTable {
    let middle = ids.lowerBound + (ids.upperBound - ids.lowerBound) / 2
    let halves = [ids.lowerBound...middle, (middle + 1)...ids.upperBound]
    // One variable per half: each thread writes only its own.
    nonisolated(unsafe) var first: Result<PostTable, any Error>?
    nonisolated(unsafe) var second: Result<PostTable, any Error>?
    DispatchQueue.concurrentPerform(iterations: 2) { half in
      let result = Result { try pool.read { db in try reader.read(db, ids: halves[half]) } }
      if half == 0 { first = result } else { second = result }
    }
    var table = try first!.get()
    let rest = try second!.get()
    // Dropped first, so the table's columns are its own and grow in place.
    (first, second) = (nil, nil)
    table.append(contentsOf: rest)
    return table
  }
}

extension PostStore {
  /// Each account's follower timeline, by account id; accounts without counts are left out.
  func followerTimelines() throws -> [Int64: FollowerTimeline] {
    var points: [Int64: [FollowerTimeline.Point]] = [:]
    for row in try rows("SELECT account_id, observed_at, followers FROM account_snapshot WHERE followers IS NOT NULL") {
      points[row[0], default: []].append(
        FollowerTimeline.Point(date: Date(timeIntervalSince1970: TimeInterval(row[1] as Int64)), followers: row[2]))
    }
    return points.compactMapValues(FollowerTimeline.init)
  }
}

extension PostStore {
  /// The account-level readings (followers over a window) of the accounts in scope, oldest first.
  public func accountReadings(_ query: SampleQuery) throws -> [AccountReading] {
    guard let filter = try scope(platform: query.platform, account: query.account, column: "s.account_id") else {
      return []
    }
    return try rows(
      """
      SELECT a.platform, a.name, s.observed_at, s.period, s.followers, s.net_followers, s.follows, s.unfollows,
        s.source, coalesce(f.path, '')
      FROM account_snapshot s JOIN account a ON a.id = s.account_id
      LEFT JOIN source_file f ON f.id = s.source_file_id \(filter.whereClause)
      ORDER BY s.observed_at, s.id
      """, filter.values
    ).map { row in
      AccountReading(
        platform: Platform(rawValue: row[0]) ?? .other, account: row[1],
        observedAt: Date(timeIntervalSince1970: TimeInterval(row[2] as Int64)), period: row[3], followers: row[4],
        follows: row[6], unfollows: row[7], netFollowers: row[5], source: row[8], sourceFile: row[9])
    }
  }
}
