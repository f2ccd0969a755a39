import Foundation

/// A report period's posts and their median (a rate, or what the posts are compared by), with the change from
/// the period it is compared with, the way `WeekFigure` has it for one week.
public struct PeriodFigure: Sendable, Equatable, Codable {
  /// The days the figure is over.
  public var period: ReportPeriod
  /// How many posts were published in them.
  public var posts: Int
  /// Their median and pooled rate (or what they are compared by) and how many had one.
  public var rate: RateFigure
  /// Median minus the comparison period's, in the figure's units (0.01 = one percentage point for a rate);
  /// nil when either period has too few posts with a value.
  public var change: Double?
  /// The same change as a percent of the comparison period's median.
  public var changePercent: Double?

  /// The figure of `rows` of `table` (the period's posts), against `before` when given.
  init(period: ReportPeriod, posts: Int, rate: RateFigure, before: PeriodFigure? = nil) {
    self.period = period
    self.posts = posts
    self.rate = rate
    if let previous = before?.rate.median, let current = rate.median {
      change = current - previous
      changePercent = previous > 0 ? (current - previous) / previous * 100 : nil
    }
  }
}
