import Foundation

/// One account in the store: how many posts, over which dates, and which metrics its exports carried.
public struct AccountSummary: Sendable, Equatable {
  /// How much an account listing reads.
  public enum Detail: Sendable {
    /// Posts and their dates only: one pass over the (account, time) index, for completion, drafting's
    /// grounding and `creator` alone, which name accounts and count posts.
    case posts
    /// Also the metric readings (`metrics`, `postsWithMetrics`, `snapshotCount`): a pass over every
    /// snapshot, for `creator accounts`.
    case metrics
  }

  public var platform: Platform
  public var account: String
  public var postCount: Int
  public var firstPost: Date
  public var lastPost: Date
  /// Metrics with at least one reading, in `Metric.allCases` order; empty when listed with `Detail.posts`.
  public var metrics: [Metric]
  /// How many posts have at least one metric reading; nil when listed with `Detail.posts`.
  public var postsWithMetrics: Int?
  /// How many metric readings the account's posts have; nil when listed with `Detail.posts`.
  public var snapshotCount: Int?
}

extension PostStore {
  /// Every account with posts, by platform then name. The posts are counted from the (account, time) index
  /// alone; the metric readings come from `account_summary`, which each import counts again for the
  /// accounts it touched (`StoreSchema.refreshAccountSummary`), so the listing never reads the snapshots.
  public func accounts(_ detail: AccountSummary.Detail = .metrics) throws -> [AccountSummary] {
    let sql =
      detail == .posts
      ? """
      SELECT a.platform, a.name, p.posts, p.first_post, p.last_post
      FROM account a JOIN (SELECT account_id, count(*) AS posts, min(published_at) AS first_post,
        max(published_at) AS last_post FROM post GROUP BY account_id) p ON p.account_id = a.id
      ORDER BY a.platform, lower(a.name), a.name
      """
      : """
      SELECT a.platform, a.name, p.posts, p.first_post, p.last_post, coalesce(s.posts_with_metrics, 0),
        coalesce(s.snapshots, 0), \(Metric.allCases.map { "coalesce(s.\($0.rawValue), 0)" }.joined(separator: ", "))
      FROM account a
      JOIN (SELECT account_id, count(*) AS posts, min(published_at) AS first_post, max(published_at) AS last_post
        FROM post GROUP BY account_id) p ON p.account_id = a.id
      LEFT JOIN account_summary s ON s.account_id = a.id
      ORDER BY a.platform, lower(a.name), a.name
      """
    return try rows(sql).map { row in
      AccountSummary(
        platform: Platform(rawValue: row[0]) ?? .other, account: row[1], postCount: row[2],
        firstPost: Date(timeIntervalSince1970: TimeInterval(row[3] as Int64)),
        lastPost: Date(timeIntervalSince1970: TimeInterval(row[4] as Int64)),
        metrics: detail == .posts
          ? [] : Metric.allCases.enumerated().filter { (row[7 + $0.offset] as Int) > 0 }.map(\.element),
        postsWithMetrics: detail == .posts ? nil : row[5] as Int,
        snapshotCount: detail == .posts ? nil : row[6] as Int)
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
