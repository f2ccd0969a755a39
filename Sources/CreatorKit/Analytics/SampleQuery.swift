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
  /// interface: the statistics over a million posts start with reading them.
  public func samples(_ query: SampleQuery) throws -> [PostSample] {
    let filter = SQLFilter.scope(
      platform: query.platform, account: query.account, since: query.since, until: query.until)
    let scope = filter.whereClause
    // Small codes instead of text wherever a column repeats, so a row costs no string but the caption.
    let kinds = MediaKind.allCases.enumerated().map { "WHEN '\($1.rawValue)' THEN \($0)" }.joined(separator: " ")
    let sql = """
      SELECT p.id, p.account_id, p.published_at, p.time_precision = 'day', CASE p.media_kind \(kinds) ELSE 0 END,
        length(p.caption), \(query.captions ? "p.key, p.caption" : "NULL, NULL"),
        m.likes, m.comments, m.shares, m.saves, m.reach, m.views, m.impressions, m.follows, m.profile_visits,
        m.link_taps
      FROM post p
      JOIN account a ON a.id = p.account_id
      LEFT JOIN metric_snapshot m ON m.id = p.latest_snapshot_id
      \(scope)
      ORDER BY p.published_at, p.id
      """
    return try read { db in
      var accounts: [Int64: (Platform, String)] = [:]
      for row in try Row.fetchAll(db, sql: "SELECT id, platform, name FROM account") {
        accounts[row[0]] = (Platform(rawValue: row[1]) ?? .other, row[2])
      }
      // Tag names by id (ids are rowids: a flat array).
      var tags: [String?] = []
      for row in try Row.fetchAll(db, sql: "SELECT id, tag FROM hashtag ORDER BY id") {
        let id: Int = row[0]
        if id >= tags.count { tags += Array(repeating: nil, count: id - tags.count + 1) }
        tags[id] = row[1]
      }
      let statement = try FastStatement(db, sql: sql)
      filter.bind(to: statement)
      defer { statement.reset() }
      var samples: [PostSample] = []
      var positions: [Int64: Int] = [:]
      var lowestID = Int64.max
      var highestID = Int64.min
      while try statement.step() {
        var metrics = MetricValues()
        for (offset, metric) in Metric.allCases.enumerated() { metrics[metric] = statement.int64(Int32(8 + offset)) }
        let id = statement.int64(0) ?? 0
        lowestID = min(lowestID, id)
        highestID = max(highestID, id)
        let account = accounts[statement.int64(1) ?? 0] ?? (.other, "")
        samples.append(
          PostSample(
            id: id, platform: account.0, account: account.1, key: statement.text(6) ?? "",
            published: Date(timeIntervalSince1970: TimeInterval(statement.int64(2) ?? 0)),
            hasTimeOfDay: statement.int64(3) != 1, mediaKind: MediaKind.allCases[Int(statement.int64(4) ?? 0)],
            caption: statement.text(7) ?? "", captionLength: Int(statement.int64(5) ?? 0), hashtags: [],
            metrics: metrics))
      }
      guard !samples.isEmpty else { return samples }
      // Hashtags: one range scan of the links in post-id order (no join per link), each link placed by the
      // post's position. Ids in scope are dense in practice, so positions sit in a flat array.
      let span = Int(highestID - lowestID + 1)
      var dense: [Int32] = []
      if span <= 4 * samples.count + 1024 {
        dense = Array(repeating: -1, count: span)
        for (position, sample) in samples.enumerated() { dense[Int(sample.id - lowestID)] = Int32(position) }
      } else {
        for (position, sample) in samples.enumerated() { positions[sample.id] = position }
      }
      let links = try FastStatement(
        db, sql: "SELECT post_id, hashtag_id FROM post_hashtag WHERE post_id BETWEEN ? AND ?")
      links.bind(1, lowestID)
      links.bind(2, highestID)
      defer { links.reset() }
      while try links.step() {
        guard let post = links.int64(0), let id = links.int64(1), id >= 0, id < tags.count, let tag = tags[Int(id)]
        else { continue }
        let position = dense.isEmpty ? positions[post] : Int(dense[Int(post - lowestID)])
        if let position, position >= 0 { samples[position].hashtags.append(tag) }
      }
      return samples
    }
  }

}
