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
  /// The captions of posts by id, for the few posts a statistic shows (outliers, top posts).
  public func captions(of ids: [Int64]) throws -> [Int64: String] {
    guard !ids.isEmpty else { return [:] }
    return try read { db in
      var captions: [Int64: String] = [:]
      let list = ids.map(String.init).joined(separator: ",")
      for row in try Row.fetchAll(db, sql: "SELECT id, caption FROM post WHERE id IN (\(list))") {
        captions[row[0]] = row[1]
      }
      return captions
    }
  }

  /// The publish time of the newest post in scope, without reading the posts.
  public func lastPublished(_ query: SampleQuery) throws -> Date? {
    var conditions: [String] = []
    var arguments: StatementArguments = []
    if let platform = query.platform {
      conditions.append("a.platform = ?")
      _ = arguments.append(contentsOf: [platform.rawValue])
    }
    if let account = query.account {
      conditions.append("a.name = ? COLLATE NOCASE")
      _ = arguments.append(contentsOf: [ImportContext.normalizedAccount(account)])
    }
    let seconds = try read { db in
      try Int64.fetchOne(
        db,
        sql: "SELECT MAX(p.published_at) FROM post p JOIN account a ON a.id = p.account_id"
          + (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")), arguments: arguments)
    }
    return seconds.map { Date(timeIntervalSince1970: TimeInterval($0)) }
  }

  /// The posts in scope with their newest metrics and hashtags, oldest first. Reads through SQLite's C
  /// interface: the statistics over a million posts start with reading them.
  public func samples(_ query: SampleQuery) throws -> [PostSample] {
    var conditions: [String] = []
    if query.platform != nil { conditions.append("a.platform = ?") }
    if query.account != nil { conditions.append("a.name = ? COLLATE NOCASE") }
    if query.since != nil { conditions.append("p.published_at >= ?") }
    if query.until != nil { conditions.append("p.published_at < ?") }
    let sql = """
      SELECT p.id, a.platform, a.name, p.key, p.published_at, p.time_precision, p.media_kind,
        \(query.captions ? "p.caption" : "''"),
        m.likes, m.comments, m.shares, m.saves, m.reach, m.views, m.impressions, m.follows, m.profile_visits,
        m.link_taps,
        (SELECT group_concat(hashtag_id) FROM post_hashtag h WHERE h.post_id = p.id), length(p.caption)
      FROM post p
      JOIN account a ON a.id = p.account_id
      LEFT JOIN metric_snapshot m ON m.id = (
        SELECT s.id FROM metric_snapshot s WHERE s.post_id = p.id ORDER BY s.observed_at DESC, s.id DESC LIMIT 1)
      \(conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "))
      ORDER BY p.published_at, p.id
      """
    return try read { db in
      var tags: [Int64: String] = [:]
      for row in try Row.fetchAll(db, sql: "SELECT id, tag FROM hashtag") { tags[row[0]] = row[1] }
      let statement = try FastStatement(db, sql: sql)
      var parameter: Int32 = 1
      if let platform = query.platform {
        statement.bind(parameter, platform.rawValue)
        parameter += 1
      }
      if let account = query.account {
        statement.bind(parameter, ImportContext.normalizedAccount(account))
        parameter += 1
      }
      if let since = query.since {
        statement.bind(parameter, Int64(since.timeIntervalSince1970))
        parameter += 1
      }
      if let until = query.until {
        statement.bind(parameter, Int64(until.timeIntervalSince1970))
        parameter += 1
      }
      defer { statement.reset() }
      var samples: [PostSample] = []
      while try statement.step() {
        var metrics = MetricValues()
        for (offset, metric) in Metric.allCases.enumerated() { metrics[metric] = statement.int64(Int32(8 + offset)) }
        let hashtags = (statement.text(18) ?? "").split(separator: ",").compactMap { Int64($0).flatMap { tags[$0] } }
        samples.append(
          PostSample(
            id: statement.int64(0) ?? 0, platform: Platform(rawValue: statement.text(1) ?? "") ?? .other,
            account: statement.text(2) ?? "", key: statement.text(3) ?? "",
            published: Date(timeIntervalSince1970: TimeInterval(statement.int64(4) ?? 0)),
            hasTimeOfDay: statement.text(5) != PostTime.Precision.day.rawValue,
            mediaKind: MediaKind(rawValue: statement.text(6) ?? "") ?? .image, caption: statement.text(7) ?? "",
            captionLength: Int(statement.int64(19) ?? 0), hashtags: hashtags, metrics: metrics))
      }
      return samples
    }
  }
}
