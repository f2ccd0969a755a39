import Foundation

/// One ISO week of posting: how many posts, their engagement rate, and the change from the week before.
public struct WeekFigure: Sendable, Equatable, Codable {
  public var week: ISOWeek
  public var start: Date
  public var posts: Int
  public var rate: RateFigure
  /// Median rate minus the previous week's, in rate units (0.01 = one percentage point); nil when either
  /// week has too few posts with the denominator.
  public var change: Double?
  /// The same change as a percent of the previous week's median rate.
  public var changePercent: Double?

  /// Every week from the first post's to the last's, empty weeks included, oldest first.
  static func weeks(_ table: PostTable, rates: [RateEntry], basis: RateBasis, calendar: Calendar) -> [WeekFigure] {
    guard let first = table.published.min(), let last = table.published.max() else { return [] }
    let grid = WeekGrid(
      from: ISOWeek(first, calendar: calendar), through: ISOWeek(last, calendar: calendar), calendar: calendar)
    var members = Array(repeating: [Int](), count: grid.weeks.count)
    for (row, date) in table.published.enumerated() {
      if let week = grid.index(of: date) { members[week].append(row) }
    }
    var figures: [WeekFigure] = []
    figures.reserveCapacity(grid.weeks.count)
    for (index, week) in grid.weeks.enumerated() {
      var figure = WeekFigure(
        week: week, start: grid.bounds[index], posts: members[index].count,
        rate: RateFigure(entries: members[index].lazy.map { rates[$0] }, basis: basis))
      if let previous = figures.last?.rate.median, let current = figure.rate.median {
        figure.change = current - previous
        figure.changePercent = previous > 0 ? (current - previous) / previous * 100 : nil
      }
      figures.append(figure)
    }
    return figures
  }
}
