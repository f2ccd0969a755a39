import Foundation

/// A week's totals the way creators read them first: how many posts, how many accounts they reached, how
/// often they were viewed, how many likes, comments, shares and saves they got, each against the week before.
/// A total is nil when none of the week's posts has that number in its export, which is not zero.
public struct WeekTotals: Sendable, Equatable, Codable {
  public var posts: Int
  public var reach: Int64?
  public var views: Int64?
  /// Likes + comments + shares + saves, counting the parts each export has.
  public var engagements: Int64?

  /// Sums over the rows of `table`; sums saturate instead of trapping on absurd imported values.
  public init(_ table: PostTable) {
    posts = table.count
    func sum(_ column: [Int64]) -> Int64? {
      var total: Int64?
      for value in column where value != PostTable.missing {
        let (added, overflow) = (total ?? 0).addingReportingOverflow(value)
        total = overflow ? .max : added
      }
      return total
    }
    reach = sum(table.reach)
    views = sum(table.views)
    engagements = sum(table.engagements)
  }

  /// The change from `before` in percent, nil when either is missing or `before` is zero.
  public static func percentChange(_ now: Int64?, from before: Int64?) -> Double? {
    guard let now, let before, before > 0 else { return nil }
    return (Double(now) - Double(before)) / Double(before) * 100
  }
}
