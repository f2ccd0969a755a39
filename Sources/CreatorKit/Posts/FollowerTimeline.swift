import Foundation

/// An account's follower count over time, from the counts its account-level exports give (Instagram's
/// audience insights carry one: the followers when the export was made). Rates by followers divide by the
/// followers at post time (platforms-and-stats.md section 2): interpolated linearly between the counts
/// before and after the post; before the first count or after the last, the nearest count stands for up to
/// `reach`, and further out a post has no count and is left out of those rates.
public struct FollowerTimeline: Sendable, Equatable {
  public struct Point: Sendable, Equatable {
    public var date: Date
    public var followers: Int64
  }

  /// How far before the first count or after the last one the nearest count still stands.
  public static let reach: TimeInterval = 28 * 86_400
  /// The rule in words, for the formula a rate by followers shows.
  public static let method = "interpolated between exported follower counts, at most 28 days beyond them"

  /// Oldest first, one per moment.
  public let points: [Point]

  /// Nil without any count.
  public init?(_ points: [Point]) {
    var byDate: [Date: Int64] = [:]
    for point in points { byDate[point.date] = point.followers }
    guard !byDate.isEmpty else { return nil }
    self.points = byDate.map { Point(date: $0, followers: $1) }.sorted { $0.date < $1.date }
  }

  /// The followers at `date`, or nil when no count is near enough.
  public func followers(at date: Date) -> Int64? {
    // The first point after `date`, by binary search.
    var low = 0
    var high = points.count
    while low < high {
      let middle = (low + high) / 2
      if points[middle].date <= date { low = middle + 1 } else { high = middle }
    }
    if low == 0 {
      return points[0].date.timeIntervalSince(date) <= Self.reach ? points[0].followers : nil
    }
    let before = points[low - 1]
    guard low < points.count else {
      return date.timeIntervalSince(before.date) <= Self.reach ? before.followers : nil
    }
    let after = points[low]
    let fraction = date.timeIntervalSince(before.date) / after.date.timeIntervalSince(before.date)
    return before.followers + Int64((Double(after.followers - before.followers) * fraction).rounded())
  }
}
