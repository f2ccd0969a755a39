import Foundation

/// The one way into the statistics: a scope's posts as the store's `PostTable`, what they are compared by
/// (`Outcome`, chosen once from the rows) and each row's value under it. `creator stats`
/// (`AccountStatistics`), the weekly report and the drafting context (`CreatorContext`) all start here, so a
/// figure means the same wherever it is shown.
public struct RatedPosts: Sendable {
  /// The posts, oldest first.
  public let table: PostTable
  /// What the rows are compared by; nil when they carry no number to compare by at all (a content-only
  /// export), or the basis asked for.
  public let chosen: Outcome?
  /// `chosen`, else the rate by the basis (whose figures then say why no post has one).
  public let outcome: Outcome
  /// Each row's value under `outcome`, in row order.
  let rates: [RateEntry]

  /// `basis` forces the rate by that denominator; without it the outcome is chosen from the rows for
  /// `platform` and `numerator` (nil: engagements), as `Outcome.choose` says.
  public init(_ table: PostTable, platform: Platform?, basis: RateBasis? = nil, numerator: Metric? = nil) {
    self.table = table
    chosen =
      basis.map { Outcome.rate(numerator, by: $0) }
      ?? Outcome.choose(for: table, platform: platform, numerator: numerator)
    outcome = chosen ?? Outcome.rate(numerator, by: basis ?? RateBasis.default(for: platform))
    rates = outcome.entries(table)
  }
}
