import Foundation

/// Every account's weekly report side by side: one section per account and a table comparing them, each
/// account by the numbers its own export has.
public struct AccountsOverview: Sendable, Codable {
  /// One account's line in the comparison table, formatted.
  public struct Line: Sendable, Codable, Equatable {
    public var account: String
    public var platform: String
    /// The period's name: `2026-W47`, `November 2026`.
    public var week: String
    public var posts: Int
    /// What the account's posts are compared by: "engagement rate by reach", "likes per post".
    public var comparedBy: String
    public var median: String
    /// "up 0.3 points (+3%) on 2026-W46": the change on the comparison period, named.
    public var change: String
  }

  public var lines: [Line]
  public var reports: [WeeklyReport]

  /// A report per account with posts (on `options.platform` when given), each for its own last week with
  /// posts unless `options.period` names a period.
  public init(store: PostStore, options: ReportOptions) throws {
    reports = []
    for account in try store.accountsWithPosts(platform: options.platform) {
      var scoped = options
      scoped.account = account.name
      scoped.platform = account.platform
      reports.append(try WeeklyReport(store: store, options: scoped))
    }
    guard !reports.isEmpty else { throw ReportError.noPosts(account: nil, platform: options.platform) }
    lines = reports.map { report in
      Line(
        account: "@" + (report.account ?? ""), platform: report.platform?.displayName ?? "",
        week: report.period.description,
        posts: report.figure.posts,
        comparedBy: report.outcome.isRate ? "engagement rate by \(report.basis.rawValue)" : report.outcome.label,
        median: report.figure.rate.median.map(report.outcome.format) ?? "n < \(RateFigure.minimumPosts)",
        change: report.changeText(report.figure.change, percent: report.figure.changePercent).map {
          "\($0) on \(report.comparisonPeriod.spokenName)"
        } ?? "–")
    }
  }
}
