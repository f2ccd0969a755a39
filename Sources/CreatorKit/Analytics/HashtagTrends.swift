import Foundation

/// A tag used on more posts this week than the weeks before would lead one to expect.
public struct TrendingTag: Sendable, Equatable, Codable {
  public var tag: String
  /// Distinct posts using the tag this week.
  public var count: Int
  /// Mean posts a week using it over the previous weeks.
  public var expected: Double
  /// (count + 1) / (expected + 1).
  public var lift: Double
  /// (count - expected) / sqrt(max(expected, 1)).
  public var z: Double
}

/// A tag whose weekly use has risen over the weeks (Mann-Kendall with Hamed-Rao's autocorrelation
/// correction, p < 0.05, positive Sen slope).
public struct RisingTag: Sendable, Equatable, Codable {
  public var tag: String
  public var weeks: Int
  /// Posts a week using the tag, oldest week first.
  public var series: [Int]
  public var test: Statistics.MannKendall
}

/// Trending and rising tags in the creator's own posts: never a claim about the whole platform.
public struct HashtagTrends: Sendable, Equatable, Codable {
  public static let previousWeeks = 6
  public static let minimumPreviousWeeks = 4
  public static let minimumCount = 3
  public static let minimumLift = 2.0
  public static let minimumZ = 2.0
  public static let minimumRisingWeeks = 8
  public static let risingWeeks = 12
  public static let maximumP = 0.05

  public var week: ISOWeek
  public var trending: [TrendingTag]
  /// Why trending is empty when there is too little history.
  public var trendingShortage: String?
  public var rising: [RisingTag]
  public var risingShortage: String?

  /// Trending tags of `week` against the weeks before it, and rising tags over the weeks up to it.
  init(_ table: PostTable, week: ISOWeek, calendar: Calendar) {
    self.week = week
    // The weeks up to `week` that the tests look at, as far back as the data goes.
    let earliest = table.published.min().map { ISOWeek($0, calendar: calendar) } ?? week
    var first = week
    for _ in 1..<Self.risingWeeks {
      let previous = ISOWeek(
        calendar.date(byAdding: .day, value: -7, to: first.start(in: calendar)) ?? .distantPast, calendar: calendar)
      guard previous >= earliest else { break }
      first = previous
    }
    let grid = WeekGrid(from: first, through: week, calendar: calendar)
    // Posts a week by tag name: tag ids first (no string hashing per post), named once a week.
    var ids: [ISOWeek: [Int32: Int]] = [:]
    for (row, published) in table.published.enumerated() {
      let links = table.tagRange(of: row)
      guard !links.isEmpty, let index = grid.index(of: published) else { continue }
      for link in links { ids[grid.weeks[index], default: [:]][table.tagIDs[link], default: 0] += 1 }
    }
    let usage = ids.mapValues { counts in
      Dictionary(counts.map { (table.tagName($0), $1) }, uniquingKeysWith: +)
    }
    // The weeks before `week`, newest first.
    let history = Array(grid.weeks.dropLast().reversed())
    let current = usage[week] ?? [:]
    let baseline = Array(history.prefix(Self.previousWeeks))
    if baseline.count < Self.minimumPreviousWeeks {
      trending = []
      trendingShortage =
        "not enough data (\(baseline.count) earlier weeks, needs \(Self.minimumPreviousWeeks))"
    } else {
      trending = current.compactMap { tag, count in
        let expected = Double(baseline.reduce(0) { $0 + (usage[$1]?[tag] ?? 0) }) / Double(baseline.count)
        let lift = (Double(count) + 1) / (expected + 1)
        let z = (Double(count) - expected) / max(expected, 1).squareRoot()
        guard count >= Self.minimumCount, lift >= Self.minimumLift, z >= Self.minimumZ else { return nil }
        return TrendingTag(tag: tag, count: count, expected: expected, lift: lift, z: z)
      }.sorted { ($0.z, $1.tag) > ($1.z, $0.tag) }
      trendingShortage = nil
    }
    let span = Array(history.reversed()) + [week]
    if span.count < Self.minimumRisingWeeks {
      rising = []
      risingShortage = "not enough data (\(span.count) weeks, needs \(Self.minimumRisingWeeks))"
    } else {
      let tags = Set(span.flatMap { usage[$0]?.keys.map { $0 } ?? [] })
      rising = tags.compactMap { tag in
        let series = span.map { usage[$0]?[tag] ?? 0 }
        guard series.reduce(0, +) >= Self.minimumCount, let test = Statistics.hamedRao(series.map(Double.init)),
          test.p < Self.maximumP, test.senSlope > 0
        else { return nil }
        return RisingTag(tag: tag, weeks: span.count, series: series, test: test)
      }.sorted { ($0.test.p, $0.tag) < ($1.test.p, $1.tag) }
      risingShortage = nil
    }
  }
}
