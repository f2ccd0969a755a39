import Foundation
import GRDB

/// Which posts the statistics look at.
public struct SampleQuery: Sendable {
  public var platform: Platform?
  public var account: String?
  public var since: Date?
  /// Exclusive.
  public var until: Date?
  /// Load caption text too (lengths are always loaded): the report shows captions, the statistics over a
  /// million posts do not need them.
  public var captions: Bool

  public init(
    platform: Platform? = nil, account: String? = nil, since: Date? = nil, until: Date? = nil, captions: Bool = false
  ) {
    self.platform = platform
    self.account = account
    self.since = since
    self.until = until
    self.captions = captions
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

  /// The posts in scope with their newest metrics and hashtags, oldest first. Reads through SQLite's C
  /// interface in three sequential scans, never a lookup per post: the posts (in rowid order, sorted here
  /// only when an import left them out of time order), the metric snapshots over the range of their newest
  /// snapshot ids, and the hashtag links over the range of their ids. Over a million posts that is several
  /// times faster than a join with `ORDER BY`.
  public func samples(_ query: SampleQuery) throws -> [PostSample] {
    let accounts = try read { db in
      var accounts: [Int64: (Platform, String)] = [:]
      for row in try Row.fetchAll(db, sql: "SELECT id, platform, name FROM account") {
        accounts[row[0]] = (Platform(rawValue: row[1]) ?? .other, row[2])
      }
      return accounts
    }
    // The scope's accounts are picked here, so the scan needs no join (a look-up per post). Names compare
    // as `COLLATE NOCASE` does in `SQLFilter.scope`: ASCII letters without case.
    var filter = SQLFilter.scope(platform: nil, account: nil, since: query.since, until: query.until)
    if query.platform != nil || query.account != nil {
      let name = query.account.map { Self.asciiLowercased(ImportContext.normalizedAccount($0)) }
      let ids = accounts.filter { _, account in
        (query.platform.map { $0 == account.0 } ?? true) && (name.map { $0 == Self.asciiLowercased(account.1) } ?? true)
      }.keys.sorted()
      guard !ids.isEmpty else { return [] }
      filter.add("p.account_id IN (\(ids.map(String.init).joined(separator: ", ")))")
    }
    // Reposts are somebody else's content: stored and listed, never counted as the creator's.
    filter.add("p.relation != 'repost'")
    let scope = filter.whereClause
    // Small codes instead of text wherever a column repeats, so a row costs no string but the caption.
    let kinds = MediaKind.allCases.enumerated().map { "WHEN '\($1.rawValue)' THEN \($0)" }.joined(separator: " ")
    let sql = """
      SELECT p.id, p.account_id, p.published_at, p.time_precision = 'day', CASE p.media_kind \(kinds) ELSE 0 END,
        length(p.caption), \(query.captions ? "p.key, p.caption" : "NULL, NULL"), ifnull(p.latest_snapshot_id, -1)
      FROM post p
      \(scope)
      """
    var (samples, snapshots) = try read { db in
      let statement = try FastStatement(db, sql: sql)
      filter.bind(to: statement)
      defer { statement.reset() }
      var samples: [PostSample] = []
      var snapshots: [Int64] = []
      if query.platform == nil && query.account == nil && query.since == nil && query.until == nil {
        // Reserve once instead of growing a million-element array.
        let expected = try Int.fetchOne(db, sql: "SELECT count(*) FROM post") ?? 0
        samples.reserveCapacity(expected)
        snapshots.reserveCapacity(expected)
      }
      // `allCases` builds a new array on every call: once, not once a row.
      let mediaKinds = MediaKind.allCases
      var lastAccount: (id: Int64, value: (Platform, String)) = (-1, (.other, ""))
      while try statement.step() {
        let accountID = statement.integer(1)
        if accountID != lastAccount.id { lastAccount = (accountID, accounts[accountID] ?? (.other, "")) }
        let account = lastAccount.value
        samples.append(
          PostSample(
            id: statement.integer(0), platform: account.0, account: account.1,
            key: query.captions ? statement.text(6) ?? "" : "",
            published: Date(timeIntervalSince1970: TimeInterval(statement.integer(2))),
            hasTimeOfDay: statement.integer(3) != 1, mediaKind: mediaKinds[Int(statement.integer(4))],
            caption: query.captions ? statement.text(7) ?? "" : "", captionLength: Int(statement.integer(5)),
            hashtags: [], metrics: MetricValues()))
        snapshots.append(statement.integer(8))
      }
      return (samples, snapshots)
    }
    guard !samples.isEmpty else { return samples }
    Self.sortByTime(&samples, alongside: &snapshots)
    // Metrics and hashtags are two independent range scans: they run side by side on two connections of
    // the pool, one a core.
    let ids = samples.map(\.id)
    let pointers = snapshots
    nonisolated(unsafe) var tags: Result<[[String]], any Error> = .success([])
    nonisolated(unsafe) var metrics: Result<[MetricValues], any Error> = .success([])
    DispatchQueue.concurrentPerform(iterations: 2) { half in
      if half == 0 {
        metrics = Result { try self.pool.read { try Self.metrics($0, snapshots: pointers) } }
      } else {
        tags = Result { try self.pool.read { try Self.hashtags($0, ids: ids) } }
      }
    }
    let values = try metrics.get()
    let names = try tags.get()
    for index in samples.indices {
      samples[index].metrics = values[index]
      samples[index].hashtags = names[index]
    }
    return samples
  }

  private static func asciiLowercased(_ text: String) -> String {
    String(decoding: text.utf8.map { (0x41...0x5A).contains($0) ? $0 + 0x20 : $0 }, as: UTF8.self)
  }

  /// Oldest first, ties by id; a store filled in time order costs one pass to check.
  static func sortByTime(_ samples: inout [PostSample], alongside snapshots: inout [Int64]) {
    func before(_ a: PostSample, _ b: PostSample) -> Bool {
      a.published != b.published ? a.published < b.published : a.id < b.id
    }
    guard samples.indices.dropFirst().contains(where: { before(samples[$0], samples[$0 - 1]) }) else { return }
    let order = samples.indices.sorted { before(samples[$0], samples[$1]) }
    samples = order.map { samples[$0] }
    snapshots = order.map { snapshots[$0] }
  }

  /// The newest snapshot of each post (by position), read by scanning the snapshots over the range of
  /// their ids.
  static func metrics(_ db: Database, snapshots: [Int64]) throws -> [MetricValues] {
    var values = [MetricValues](repeating: MetricValues(), count: snapshots.count)
    let known = snapshots.filter { $0 >= 0 }
    guard let lowest = known.min(), let highest = known.max() else { return values }
    let metrics = Metric.allCases
    // NULL comes back as Int64.min, so each column costs one call into SQLite, not two.
    let columns = metrics.map { "ifnull(\($0.rawValue), \(Int64.min))" }.joined(separator: ", ")
    let span = Int(highest - lowest + 1)
    if span <= 4 * snapshots.count + 1024 {
      var position = [Int32](repeating: -1, count: span)
      for (index, id) in snapshots.enumerated() where id >= 0 { position[Int(id - lowest)] = Int32(index) }
      let statement = try FastStatement(
        db, sql: "SELECT id, \(columns) FROM metric_snapshot WHERE id BETWEEN ? AND ?")
      statement.bind(1, lowest)
      statement.bind(2, highest)
      defer { statement.reset() }
      while try statement.step() {
        let index = Int(position[Int(statement.integer(0) - lowest)])
        guard index >= 0 else { continue }
        for (offset, metric) in metrics.enumerated() {
          let value = statement.integer(Int32(1 + offset))
          if value != Int64.min { values[index][metric] = value }
        }
      }
    } else {
      let statement = try FastStatement(db, sql: "SELECT \(columns) FROM metric_snapshot WHERE id = ?")
      for (index, id) in snapshots.enumerated() where id >= 0 {
        statement.bind(1, id)
        if try statement.step() {
          for (offset, metric) in metrics.enumerated() {
            let value = statement.integer(Int32(offset))
            if value != Int64.min { values[index][metric] = value }
          }
        }
        statement.reset()
      }
    }
    return values
  }

  /// Hashtags by position: one range scan of the links in post-id order (no join per link), each link placed
  /// by the post's position. Ids in scope are dense in practice, so positions sit in a flat array.
  static func hashtags(_ db: Database, ids: [Int64]) throws -> [[String]] {
    var names = [[String]](repeating: [], count: ids.count)
    // Tag names by id (ids are rowids: a flat array).
    var tags: [String?] = []
    for row in try Row.fetchAll(db, sql: "SELECT id, tag FROM hashtag ORDER BY id") {
      let id: Int = row[0]
      if id >= tags.count { tags += Array(repeating: nil, count: id - tags.count + 1) }
      tags[id] = row[1]
    }
    guard let lowestID = ids.min(), let highestID = ids.max() else { return names }
    let span = Int(highestID - lowestID + 1)
    var dense: [Int32] = []
    var positions: [Int64: Int] = [:]
    if span <= 4 * ids.count + 1024 {
      dense = Array(repeating: -1, count: span)
      for (position, id) in ids.enumerated() { dense[Int(id - lowestID)] = Int32(position) }
    } else {
      for (position, id) in ids.enumerated() { positions[id] = position }
    }
    let links = try FastStatement(
      db, sql: "SELECT post_id, hashtag_id FROM post_hashtag WHERE post_id BETWEEN ? AND ?")
    links.bind(1, lowestID)
    links.bind(2, highestID)
    defer { links.reset() }
    while try links.step() {
      let post = links.integer(0)
      let id = links.integer(1)
      guard id >= 0, id < tags.count, let tag = tags[Int(id)] else { continue }
      let position = dense.isEmpty ? positions[post] : Int(dense[Int(post - lowestID)])
      if let position, position >= 0 { names[position].append(tag) }
    }
    return names
  }
}
