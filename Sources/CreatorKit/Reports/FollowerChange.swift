import Foundation

/// How the follower count moved over a report's period and over the period it is compared with, from the
/// follower counts account-level exports carry (Instagram's audience insights). A change is given only where
/// counts were exported on or before the period's first day and on or after its last (give or take
/// `slack`), and a count lies within `nearest` of each end: estimated from there as `FollowerTimeline` does,
/// never drawn as a straight line across months between two distant exports; never a 0 for "no counts".
public struct FollowerChange: Sendable, Equatable, Codable {
  /// Followers gained minus lost over the period; nil when the counts do not cover it.
  public var change: Int64?
  /// The same over the comparison period.
  public var comparisonChange: Int64?
  /// The newest exported count, nil when no export carried one.
  public var latest: Int64?
  /// When the newest count was exported.
  public var latestAt: Date?
  /// How many exported counts there are.
  public var counts: Int

  /// How far a count may be from the period's ends and still stand for them.
  public static let slack: TimeInterval = 2 * 86_400
  /// How far the nearest exported count may be from each end of the period for a change to be given.
  public static let nearest: TimeInterval = 7 * 86_400

  /// The change over `period` and `comparison` in `timeZone` from `growth`'s readings.
  public init(_ growth: FollowerGrowth?, period: ReportPeriod, comparison: ReportPeriod, timeZone: TimeZone) {
    let points = (growth?.readings ?? []).compactMap { reading in
      reading.followers.map { FollowerTimeline.Point(date: reading.observedAt, followers: $0) }
    }
    let timeline = FollowerTimeline(points)
    counts = timeline?.points.count ?? 0
    latest = timeline?.points.last?.followers
    latestAt = timeline?.points.last?.date
    func change(_ period: ReportPeriod) -> Int64? {
      guard let timeline, let first = timeline.points.first, let last = timeline.points.last, first.date < last.date
      else { return nil }
      let start = period.start(in: timeZone)
      let end = period.end(in: timeZone)
      guard first.date <= start.addingTimeInterval(Self.slack), last.date >= end.addingTimeInterval(-Self.slack),
        timeline.points.contains(where: { abs($0.date.timeIntervalSince(start)) <= Self.nearest }),
        timeline.points.contains(where: { abs($0.date.timeIntervalSince(end)) <= Self.nearest }),
        let from = timeline.followers(at: max(start, first.date)), let to = timeline.followers(at: min(end, last.date))
      else { return nil }
      let (difference, overflow) = to.subtractingReportingOverflow(from)
      return overflow ? nil : difference
    }
    self.change = change(period)
    comparisonChange = change(comparison)
  }
}
