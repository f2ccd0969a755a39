import Foundation

/// One account in the store: how many posts, over which dates, and which metrics its exports carried.
public struct AccountSummary: Sendable, Equatable {
  public var platform: Platform
  public var account: String
  public var postCount: Int
  public var firstPost: Date
  public var lastPost: Date
  /// Metrics with at least one reading, in `Metric.allCases` order.
  public var metrics: [Metric]
  /// How many posts have at least one metric reading.
  public var postsWithMetrics: Int
  public var snapshotCount: Int
}

extension PostStore {
  /// Every account in the store, by platform then name.
  public func accounts() throws -> [AccountSummary] {
    let columns = Metric.allCases.map { "COUNT(s.\($0.rawValue))" }.joined(separator: ", ")
    return try rows(
      """
      SELECT a.platform, a.name, COUNT(DISTINCT p.id), MIN(p.published_at), MAX(p.published_at),
        COUNT(DISTINCT s.post_id), COUNT(s.id), \(columns)
      FROM account a JOIN post p ON p.account_id = a.id LEFT JOIN metric_snapshot s ON s.post_id = p.id
      GROUP BY a.id, a.platform, a.name ORDER BY a.platform, lower(a.name), a.name
      """
    ).map { row in
      let metrics = Metric.allCases.enumerated().filter { (row[7 + $0.offset] as Int) > 0 }.map(\.element)
      return AccountSummary(
        platform: Platform(rawValue: row[0]) ?? .other, account: row[1], postCount: row[2],
        firstPost: Date(timeIntervalSince1970: TimeInterval(row[3] as Int64)),
        lastPost: Date(timeIntervalSince1970: TimeInterval(row[4] as Int64)), metrics: metrics,
        postsWithMetrics: row[5], snapshotCount: row[6])
    }
  }

  /// Counts of rows per table, for tests and `creator accounts --verbose`-style checks.
  public func tableCounts() throws -> [String: Int] {
    var counts: [String: Int] = [:]
    for table in [
      "post", "post_key", "hashtag", "post_hashtag", "post_mention", "metric_snapshot", "import", "import_skip",
    ] {
      counts[table] = try value("SELECT COUNT(*) FROM \(table)") ?? 0
    }
    return counts
  }
}
