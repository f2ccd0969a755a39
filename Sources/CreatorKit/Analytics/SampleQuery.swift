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
  /// interface in range scans, never a lookup per post: the posts (in rowid order, sorted here only when an
  /// import left them out of time order), the metric snapshots over the range of their newest snapshot ids,
  /// and the hashtag links over the range of their ids. Over a million posts that is several times faster
  /// than a join with `ORDER BY`. A large store read whole is read in two halves of its id range side by
  /// side, one a core, each half doing its three scans into its own part of the result.
  public func samples(_ query: SampleQuery) throws -> [PostSample] {
    try samples(query, halvesFrom: 100_000)
  }

  /// `halvesFrom`: the span of post ids from which a query without a time range is read in halves (tests
  /// pass 0 to take that path on small stores).
  func samples(_ query: SampleQuery, halvesFrom: Int64) throws -> [PostSample] {
    let (accounts, lowest, highest) = try read { db in
      var accounts: [Int64: (Platform, String)] = [:]
      for row in try Row.fetchAll(db, sql: "SELECT id, platform, name FROM account") {
        accounts[row[0]] = (Platform(rawValue: row[1]) ?? .other, row[2])
      }
      // Two queries: SQLite answers a lone min() or max() from the end of the index, but scans the table for
      // both in one.
      let lowest = try Int64.fetchOne(db, sql: "SELECT min(id) FROM post") ?? 0
      let highest = try Int64.fetchOne(db, sql: "SELECT max(id) FROM post") ?? -1
      return (accounts, lowest, highest)
    }
    guard lowest <= highest else { return [] }
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
    let reader = SampleReader(filter: filter, captions: query.captions, accounts: accounts)
    var samples: [PostSample]
    if query.since == nil && query.until == nil && highest - lowest >= halvesFrom {
      samples = try readInHalves(reader, ids: lowest...highest)
    } else {
      samples = try pool.read { db in
        var samples: [PostSample] = []
        let snapshots = try reader.scan(db, ids: nil) { samples.append($0) }
        try samples.withUnsafeMutableBufferPointer { try Self.attach(db, to: $0, snapshots: snapshots) }
        return samples
      }
    }
    Self.sortByTime(&samples)
    return samples
  }

  /// Reads the two halves of `ids` on two pooled connections into one array with room for every id, then
  /// closes the gap between them (a move, no copy of the values).
  private func readInHalves(_ reader: SampleReader, ids: ClosedRange<Int64>) throws -> [PostSample] {
    let middle = ids.lowerBound + (ids.upperBound - ids.lowerBound) / 2
    let halves = [ids.lowerBound...middle, (middle + 1)...ids.upperBound]
    let offsets = halves.map { Int($0.lowerBound - ids.lowerBound) }
    return try [PostSample](unsafeUninitializedCapacity: ids.count) { buffer, initialized in
      nonisolated(unsafe) let base = buffer.baseAddress!
      nonisolated(unsafe) var first: Result<Int, any Error> = .success(0)
      nonisolated(unsafe) var second: Result<Int, any Error> = .success(0)
      DispatchQueue.concurrentPerform(iterations: 2) { half in
        let start = base + offsets[half]
        let result = Result {
          try self.pool.read { db in
            var count = 0
            do {
              let snapshots = try reader.scan(db, ids: halves[half]) { sample in
                (start + count).initialize(to: sample)
                count += 1
              }
              try Self.attach(db, to: UnsafeMutableBufferPointer(start: start, count: count), snapshots: snapshots)
              return count
            } catch {
              start.deinitialize(count: count)
              throw error
            }
          }
        }
        if half == 0 { first = result } else { second = result }
      }
      switch (first, second) {
      case (.success(let count), .success(let other)):
        (base + count).moveInitialize(from: base + offsets[1], count: other)
        initialized = count + other
      case (.failure(let error), _), (_, .failure(let error)):
        // A half that did finish holds live values: free them before giving up.
        if case .success(let count) = first { base.deinitialize(count: count) }
        if case .success(let count) = second { (base + offsets[1]).deinitialize(count: count) }
        initialized = 0
        throw error
      }
    }
  }

  /// Gives the posts (by position) their newest metrics and their hashtags.
  private static func attach(
    _ db: Database, to samples: UnsafeMutableBufferPointer<PostSample>, snapshots: [Int64]
  ) throws {
    guard !samples.isEmpty else { return }
    try attachMetrics(db, to: samples, snapshots: snapshots)
    try attachHashtags(db, to: samples)
  }

  private static func asciiLowercased(_ text: String) -> String {
    String(decoding: text.utf8.map { (0x41...0x5A).contains($0) ? $0 + 0x20 : $0 }, as: UTF8.self)
  }

  /// Oldest first, ties by id; a store filled in time order costs one pass to check.
  static func sortByTime(_ samples: inout [PostSample]) {
    func before(_ a: PostSample, _ b: PostSample) -> Bool {
      a.published != b.published ? a.published < b.published : a.id < b.id
    }
    guard samples.indices.dropFirst().contains(where: { before(samples[$0], samples[$0 - 1]) }) else { return }
    samples.sort(by: before)
  }

  /// Gives each post (by position) its newest snapshot, read by scanning the snapshots over the range of
  /// their ids.
  static func attachMetrics(
    _ db: Database, to samples: UnsafeMutableBufferPointer<PostSample>, snapshots: [Int64]
  ) throws {
    let known = snapshots.filter { $0 >= 0 }
    guard let lowest = known.min(), let highest = known.max() else { return }
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
          if value != Int64.min { samples[index].metrics[metric] = value }
        }
      }
    } else {
      let statement = try FastStatement(db, sql: "SELECT \(columns) FROM metric_snapshot WHERE id = ?")
      for (index, id) in snapshots.enumerated() where id >= 0 {
        statement.bind(1, id)
        if try statement.step() {
          for (offset, metric) in metrics.enumerated() {
            let value = statement.integer(Int32(offset))
            if value != Int64.min { samples[index].metrics[metric] = value }
          }
        }
        statement.reset()
      }
    }
  }

  /// Gives each post its hashtags: one range scan of the links in post-id order (no join per link), each
  /// link placed by the post's position. Ids in scope are dense in practice, so positions sit in a flat array.
  static func attachHashtags(_ db: Database, to samples: UnsafeMutableBufferPointer<PostSample>) throws {
    let ids = samples.map(\.id)
    // Tag names by id (ids are rowids: a flat array).
    var tags: [String?] = []
    for row in try Row.fetchAll(db, sql: "SELECT id, tag FROM hashtag ORDER BY id") {
      let id: Int = row[0]
      if id >= tags.count { tags += Array(repeating: nil, count: id - tags.count + 1) }
      tags[id] = row[1]
    }
    guard let lowestID = ids.min(), let highestID = ids.max() else { return }
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
      if let position, position >= 0 { samples[position].hashtags.append(tag) }
    }
  }
}

/// One scan of the posts a statistics query selects, over a range of ids.
private struct SampleReader: Sendable {
  let filter: SQLFilter
  let captions: Bool
  let accounts: [Int64: (Platform, String)]

  /// Calls `each` with every post in scope (whose id is in `ids`, when given), in id order, and returns their
  /// newest snapshot ids (-1 for none) by position. Without `ids` a time range can use its index.
  func scan(_ db: Database, ids: ClosedRange<Int64>?, _ each: (PostSample) -> Void) throws -> [Int64] {
    var filter = self.filter
    if let ids { filter.add("p.id BETWEEN ? AND ?", ids.lowerBound, ids.upperBound) }
    // Small codes instead of text wherever a column repeats, so a row costs no string but the caption.
    let kinds = MediaKind.allCases.enumerated().map { "WHEN '\($1.rawValue)' THEN \($0)" }.joined(separator: " ")
    let statement = try FastStatement(
      db,
      sql: """
        SELECT p.id, p.account_id, p.published_at, p.time_precision = 'day', CASE p.media_kind \(kinds) ELSE 0 END,
          length(p.caption), \(captions ? "p.key, p.caption" : "NULL, NULL"), ifnull(p.latest_snapshot_id, -1)
        FROM post p
        \(filter.whereClause)
        """)
    filter.bind(to: statement)
    defer { statement.reset() }
    var snapshots: [Int64] = []
    // `allCases` builds a new array on every call: once, not once a row.
    let mediaKinds = MediaKind.allCases
    var lastAccount: (id: Int64, value: (Platform, String)) = (-1, (.other, ""))
    while try statement.step() {
      let accountID = statement.integer(1)
      if accountID != lastAccount.id { lastAccount = (accountID, accounts[accountID] ?? (.other, "")) }
      let account = lastAccount.value
      each(
        PostSample(
          id: statement.integer(0), platform: account.0, account: account.1,
          key: captions ? statement.text(6) ?? "" : "",
          published: Date(timeIntervalSince1970: TimeInterval(statement.integer(2))),
          hasTimeOfDay: statement.integer(3) != 1, mediaKind: mediaKinds[Int(statement.integer(4))],
          caption: captions ? statement.text(7) ?? "" : "", captionLength: Int(statement.integer(5)),
          hashtags: [], metrics: MetricValues()))
      snapshots.append(statement.integer(8))
    }
    return snapshots
  }
}
