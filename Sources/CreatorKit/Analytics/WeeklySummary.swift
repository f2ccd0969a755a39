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
  public static func weeks(_ posts: [PostSample], basis: RateBasis, calendar: Calendar) -> [WeekFigure] {
    guard let first = posts.first?.published, let last = posts.last?.published else { return [] }
    var byWeek: [ISOWeek: [PostSample]] = [:]
    for post in posts { byWeek[ISOWeek(post.published, calendar: calendar), default: []].append(post) }
    var figures: [WeekFigure] = []
    var week = ISOWeek(first, calendar: calendar)
    let end = ISOWeek(last, calendar: calendar)
    while week <= end {
      let members = byWeek[week] ?? []
      var figure = WeekFigure(
        week: week, start: week.start(in: calendar), posts: members.count, rate: RateFigure(members, basis: basis))
      if let previous = figures.last?.rate.median, let current = figure.rate.median {
        figure.change = current - previous
        figure.changePercent = previous > 0 ? (current - previous) / previous * 100 : nil
      }
      figures.append(figure)
      week = week.next(in: calendar)
    }
    return figures
  }
}
