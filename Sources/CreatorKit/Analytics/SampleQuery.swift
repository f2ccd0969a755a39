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
    let tagSQL = """
      SELECT h.post_id, h.hashtag_id FROM post_hashtag h
      JOIN post p ON p.id = h.post_id JOIN account a ON a.id = p.account_id \(scope)
      """
    return try read { db in
      var accounts: [Int64: (Platform, String)] = [:]
      for row in try Row.fetchAll(db, sql: "SELECT id, platform, name FROM account") {
        accounts[row[0]] = (Platform(rawValue: row[1]) ?? .other, row[2])
      }
      var tags: [Int64: String] = [:]
      for row in try Row.fetchAll(db, sql: "SELECT id, tag FROM hashtag") { tags[row[0]] = row[1] }
      func prepared(_ sql: String) throws -> FastStatement {
        let statement = try FastStatement(db, sql: sql)
        filter.bind(to: statement)
        return statement
      }
      // Hashtags in one pass over the links. Post ids are dense in practice, so a flat array indexed by id
      // holds them (a dictionary when they are not).
      let range = try Row.fetchOne(db, sql: "SELECT IFNULL(MIN(id), 0), IFNULL(MAX(id), 0), COUNT(*) FROM post")
      let minimumID: Int64 = range?[0] ?? 0
      let span = Int((range?[1] as Int64? ?? 0) - minimumID + 1)
      let dense = span <= 4 * max(range?[2] ?? 0, 1) + 1024
      var hashtagsByIndex = dense ? Array(repeating: [String](), count: span) : []
      var hashtagsByPost: [Int64: [String]] = [:]
      let links = try prepared(tagSQL)
      defer { links.reset() }
      while try links.step() {
        guard let post = links.int64(0), let tag = links.int64(1).flatMap({ tags[$0] }) else { continue }
        if dense {
          hashtagsByIndex[Int(post - minimumID)].append(tag)
        } else {
          hashtagsByPost[post, default: []].append(tag)
        }
      }
      let statement = try prepared(sql)
      defer { statement.reset() }
      var samples: [PostSample] = []
      samples.reserveCapacity(Int(range?[2] as Int64? ?? 0))
      while try statement.step() {
        var metrics = MetricValues()
        for (offset, metric) in Metric.allCases.enumerated() { metrics[metric] = statement.int64(Int32(8 + offset)) }
        let id = statement.int64(0) ?? 0
        let account = accounts[statement.int64(1) ?? 0] ?? (.other, "")
        samples.append(
          PostSample(
            id: id, platform: account.0, account: account.1, key: statement.text(6) ?? "",
            published: Date(timeIntervalSince1970: TimeInterval(statement.int64(2) ?? 0)),
            hasTimeOfDay: statement.int64(3) != 1, mediaKind: MediaKind.allCases[Int(statement.int64(4) ?? 0)],
            caption: statement.text(7) ?? "", captionLength: Int(statement.int64(5) ?? 0),
            hashtags: dense ? hashtagsByIndex[Int(id - minimumID)] : hashtagsByPost[id] ?? [], metrics: metrics))
      }
      return samples
    }
  }

}
