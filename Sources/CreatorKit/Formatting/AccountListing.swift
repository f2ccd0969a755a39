import Foundation

/// Renders `creator accounts`.
public enum AccountListing {
  /// How accounts are printed.
  public enum Format: String, Sendable, CaseIterable {
    case table, json
  }

  public static func render(_ accounts: [AccountSummary], as format: Format) -> String {
    switch format {
    case .table:
      guard !accounts.isEmpty else { return "The store holds no posts yet. Start with: creator import EXPORT.zip" }
      var table = TextTable(
        headers: ["platform", "account", "posts", "first", "last", "with metrics", "metrics"],
        alignments: [.left, .left, .right, .left, .left, .right, .left], maximumCellWidth: 140)
      for account in accounts {
        table.rows.append([
          account.platform.displayName, "@" + account.account, NumberText.count(account.postCount),
          day(account.firstPost), day(account.lastPost), account.postsWithMetrics.map { NumberText.count($0) } ?? "–",
          account.metrics.isEmpty ? "none (content only)" : account.metrics.map(\.rawValue).joined(separator: ", "),
        ])
      }
      return table.render()
    case .json:
      let objects: [[String: Any]] = accounts.map { account in
        [
          "platform": account.platform.rawValue, "account": account.account, "posts": account.postCount,
          "first_post": PostListing.iso(account.firstPost), "last_post": PostListing.iso(account.lastPost),
          "posts_with_metrics": account.postsWithMetrics ?? NSNull(),
          "metric_snapshots": account.snapshotCount ?? NSNull(),
          "metrics": account.metrics.map(\.rawValue),
        ]
      }
      let data =
        (try? JSONSerialization.data(withJSONObject: objects, options: [.prettyPrinted, .sortedKeys])) ?? Data()
      return String(decoding: data, as: UTF8.self)
    }
  }

  private static func day(_ date: Date) -> String {
    date.formatted(.iso8601.year().month().day())
  }
}
