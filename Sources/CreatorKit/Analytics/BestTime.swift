import Foundation

/// A weekday and hour with how posts published then did against the account's median.
public struct TimeSlot: Sendable, Equatable, Codable {
  /// 1 = Monday ... 7 = Sunday.
  public var weekday: Int
  /// 0...23 in the creator's time zone.
  public var hour: Int
  public var n: Int
  /// Median of per-post lift (post rate / the account's median rate).
  public var medianLift: Double
  /// The median lift shrunk toward 1 (the account's typical post) by `BestTimes.priorPosts` posts' weight,
  /// so a slot with 3 lucky posts does not outrank one with 12 good ones.
  public var shrunkLift: Double

  public var weekdayName: String {
    ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][(weekday - 1) % 7]
  }
}

/// Best times to post: weekday x hour cells over the last weeks, in the creator's time zone.
public struct BestTimes: Sendable, Equatable, Codable {
  public static let minimumPosts = 3
  public static let priorPosts = 3.0
  public static let defaultWeeks = 16

  /// Cells with at least `minimumPosts` posts, best first by shrunk lift.
  public var slots: [TimeSlot]
  /// Every cell's post count (weekday 1...7 x hour 0...23), for a heatmap.
  public var counts: [[Int]]
  public var weeks: Int
  public var postsUsed: Int
  /// Posts whose export gives a date only (YouTube Studio): no hour to place them in.
  public var leftOutDateOnly: Int
  /// Posts without the rate's denominator.
  public var leftOutNoRate: Int

  /// How far from 1 a shrunk lift must be to call a slot better or worse: a slot at 0.99x or 1.01x is the
  /// median post's, whichever side of it the noise put it on.
  public static let margin = 0.05

  /// Slots that beat the account's median post (shrunk lift at least 1.05), best first: the only ones to
  /// suggest.
  public var better: [TimeSlot] { slots.filter { $0.shrunkLift >= 1 + Self.margin } }
  /// Slots that did worse than the median post (shrunk lift at most 0.95), worst first: the ones to avoid.
  public var worse: [TimeSlot] { slots.filter { $0.shrunkLift <= 1 - Self.margin }.reversed() }

  /// Computes the cells from posts published in the `weeks` weeks up to `end`.
  init(_ table: PostTable, rates: [RateEntry], calendar: Calendar, end: Date, weeks: Int = defaultWeeks) {
    self.weeks = weeks
    let start = calendar.date(byAdding: .day, value: -7 * weeks, to: end) ?? .distantPast
    let recent = table.published.indices.filter { table.published[$0] >= start && table.published[$0] < end }
    let timed = recent.filter { table.timed[$0] }
    leftOutDateOnly = recent.count - timed.count
    let rated = timed.compactMap { row in rates[row].rate.map { (row, $0) } }
    leftOutNoRate = timed.count - rated.count
    postsUsed = rated.count
    counts = Array(repeating: Array(repeating: 0, count: 24), count: 7)
    guard let median = Statistics.median(rated.map(\.1)), median > 0 else {
      slots = []
      return
    }
    var lifts: [Int: [Double]] = [:]
    for (row, rate) in rated {
      let parts = calendar.dateComponents([.weekday, .hour], from: table.published[row])
      // Calendar weekdays run 1 = Sunday ... 7 = Saturday; ISO runs 1 = Monday ... 7 = Sunday.
      let weekday = ((parts.weekday ?? 1) + 5) % 7 + 1
      let hour = parts.hour ?? 0
      counts[weekday - 1][hour] += 1
      lifts[weekday * 100 + hour, default: []].append(rate / median)
    }
    slots = lifts.compactMap { cell, values in
      guard values.count >= Self.minimumPosts, let lift = Statistics.median(values) else { return nil }
      let n = Double(values.count)
      let shrunk = (n * lift + Self.priorPosts * 1) / (n + Self.priorPosts)
      return TimeSlot(weekday: cell / 100, hour: cell % 100, n: values.count, medianLift: lift, shrunkLift: shrunk)
    }.sorted { ($0.shrunkLift, $1.weekday * 100 + $1.hour) > ($1.shrunkLift, $0.weekday * 100 + $0.hour) }
  }
}
