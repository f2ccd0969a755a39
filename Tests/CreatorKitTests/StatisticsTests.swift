import Foundation
import Testing

@testable import CreatorKit

/// Each statistic against values worked out by hand (in the comments) on small made-up posts.
@Suite struct StatisticsTests {
  static let utc = TimeZone(identifier: "UTC")!
  static let calendar = ISOWeek.calendar(in: utc)
  /// Monday 2026-11-16 00:00 UTC (ISO week 2026-W47).
  static let monday = ISO8601DateFormatter().date(from: "2026-11-16T00:00:00Z")!

  static func post(
    _ id: Int64, day: Int = 0, hour: Int = 12, likes: Int64? = nil, comments: Int64? = nil, saves: Int64? = nil,
    reach: Int64? = nil, tags: [String] = [], kind: MediaKind = .image, caption: String = "", timed: Bool = true
  ) -> PostSample {
    var metrics = MetricValues()
    metrics[.likes] = likes
    metrics[.comments] = comments
    metrics[.saves] = saves
    metrics[.reach] = reach
    return PostSample(
      id: id, platform: .instagram, account: "t", key: "k\(id)",
      published: monday.addingTimeInterval(TimeInterval(day * 86400 + hour * 3600)), hasTimeOfDay: timed,
      mediaKind: kind, caption: caption, hashtags: tags, metrics: metrics)
  }

  @Test func medianBySelectionAgreesWithSorting() {
    var random = SplitMix64(seed: 42)
    for size in 1...300 {
      // Few distinct values, so ties and runs are common.
      let values = (0..<size).map { _ in Double(random.next() % 7) + (size % 2 == 0 ? 0.5 : 0) }
      let sorted = values.sorted()
      let expected = size % 2 == 1 ? sorted[size / 2] : (sorted[size / 2 - 1] + sorted[size / 2]) / 2
      #expect(Statistics.median(values) == expected, "size \(size)")
    }
    #expect(Statistics.median([]) == nil)
    #expect(Statistics.median((1...1001).map(Double.init).reversed()) == 501)
  }

  @Test func medianAndPooledRateNameTheirDenominatorAndN() {
    // Rates 12/100 = 0.12, 10/200 = 0.05, 30/100 = 0.30; the fourth post has no reach.
    let posts = [
      Self.post(1, likes: 10, comments: 2, reach: 100), Self.post(2, likes: 5, saves: 5, reach: 200),
      Self.post(3, likes: 30, reach: 100), Self.post(4, likes: 4),
    ]
    let figure = RateFigure(entries: rated(posts, by: .reach).rates, basis: .reach)
    #expect(figure.n == 3)
    #expect(figure.leftOut == 1)
    #expect(figure.median == 0.12)
    #expect(figure.pooled == 52.0 / 400.0)
    #expect(figure.shortage == nil)
    let thin = RateFigure(entries: rated(Array(posts.prefix(2)), by: .reach).rates, basis: .reach)
    #expect(thin.median == nil && thin.pooled == nil)
    #expect(thin.shortage == "not enough data (n = 2, needs 3)")
    #expect(RateFigure(entries: rated(posts, by: .followers).rates, basis: .followers).n == 0)
  }

  @Test func weeksCarryWeekOverWeekChange() {
    // W47: rates 0.1, 0.2, 0.3 (median 0.2); W48 empty; W49: 0.3, 0.3, 0.4 (median 0.3).
    let posts = [
      Self.post(1, day: 0, likes: 10, reach: 100), Self.post(2, day: 1, likes: 20, reach: 100),
      Self.post(3, day: 2, likes: 30, reach: 100), Self.post(4, day: 14, likes: 30, reach: 100),
      Self.post(5, day: 15, likes: 30, reach: 100), Self.post(6, day: 16, likes: 40, reach: 100),
    ]
    let (table, rates) = rated(posts, by: .reach)
    let weeks = WeekFigure.weeks(table, rates: rates, basis: .reach, calendar: Self.calendar)
    #expect(weeks.map(\.week.description) == ["2026-W47", "2026-W48", "2026-W49"])
    #expect(weeks.map(\.posts) == [3, 0, 3])
    #expect(weeks[1].change == nil)
    // Change is against the week just before, which was empty: no figure rather than a jump over a gap.
    #expect(weeks[2].change == nil)
    let nextWeek = rated(
      Array(posts.prefix(3)) + [
        Self.post(7, day: 7, likes: 30, reach: 100),
        Self.post(8, day: 8, likes: 30, reach: 100), Self.post(9, day: 9, likes: 40, reach: 100),
      ], by: .reach)
    let adjacent = WeekFigure.weeks(nextWeek.table, rates: nextWeek.rates, basis: .reach, calendar: Self.calendar)
    #expect(abs(adjacent[1].change! - 0.1) < 1e-12)
    #expect(abs(adjacent[1].changePercent! - 50) < 1e-9)
  }

  @Test func isoWeeksFollowTheCreatorsZone() {
    // Sunday 2026-11-22 23:30 UTC is already Monday (W48) in Berlin.
    let late = ISO8601DateFormatter().date(from: "2026-11-22T23:30:00Z")!
    #expect(ISOWeek(late, calendar: Self.calendar).description == "2026-W47")
    #expect(
      ISOWeek(late, calendar: ISOWeek.calendar(in: TimeZone(identifier: "Europe/Berlin")!)).description == "2026-W48")
    #expect(ISOWeek("2026-W47")?.start(in: Self.calendar) == Self.monday)
  }

  @Test func mannKendallMatchesAnIndependentImplementation() throws {
    // Reference values from pyMannKendall 1.4.3, original_test, on the same series.
    let flat = try #require(Statistics.mannKendall([4.81, 4.17, 4.41, 3.59, 5.87, 3.83, 6.03, 4.89, 4.32, 4.69]))
    #expect(flat.s == 5)
    #expect(flat.variance == 125)
    #expect(abs(flat.z - 0.35777087639996635) < 1e-12)
    #expect(abs(flat.p - 0.7205147871362552) < 1e-9)
    #expect(abs(flat.senSlope - 0.04) < 1e-12)
    let rising = try #require(Statistics.mannKendall([1, 2, 2, 3, 5, 4, 6, 6, 8, 7, 9, 12]))
    #expect(rising.s == 60)
    #expect(abs(rising.variance - 210.66666666666666) < 1e-9)
    #expect(abs(rising.z - 4.064939627745434) < 1e-12)
    #expect(abs(rising.p - 4.804489684473445e-05) < 1e-12)
    #expect(abs(rising.senSlope - 0.8452380952380952) < 1e-12)
    #expect(flat.pText == "p = 0.721")
    #expect(rising.pText == "p < 0.001", "never printed as p = 0.000")
  }

  @Test func hamedRaoMatchesAnIndependentImplementation() throws {
    // Reference values from pyMannKendall 1.4.3, hamed_rao_modification_test, on the same series.
    let rising = try #require(Statistics.hamedRao([0, 0, 1, 1, 1, 2, 2, 2, 3, 3]))
    #expect(rising.s == 37)
    #expect(abs(rising.variance - 115.66666666666667) < 1e-9)
    #expect(abs(rising.p - 0.0008159433142942429) < 1e-12)
    let steps = try #require(Statistics.hamedRao([1, 3, 2, 4, 3, 5, 7, 6, 8, 7, 9, 11, 10, 12, 11, 13]))
    #expect(abs(steps.variance - 680.2928669593774) < 1e-9)
    #expect(abs(steps.z - 3.987359383101738) < 1e-12)
    // Pairs of equal weeks: autocorrelated, so the variance grows and the p-value with it.
    let paired = try #require(Statistics.hamedRao([5, 5, 6, 6, 7, 7, 6, 6, 5, 5, 6, 6, 7, 7, 6, 6]))
    #expect(abs(paired.variance - 543.4) < 1e-9)
    #expect(abs(paired.p - 0.32380879176438393) < 1e-12)
    #expect(
      paired.variance > (Statistics.mannKendall([5, 5, 6, 6, 7, 7, 6, 6, 5, 5, 6, 6, 7, 7, 6, 6])?.variance ?? 0))
  }

  @Test func robustZFlagsTheViralPost() throws {
    // Rates 0.01 ... 0.05 and 1.0: median 0.035, MAD 0.015; z of 1.0 = 0.6745 * 0.965 / 0.015 = 43.4.
    let posts =
      (1...5).map { Self.post(Int64($0), likes: Int64($0), reach: 100) } + [Self.post(9, likes: 100, reach: 100)]
    let (table, rates) = rated(posts, by: .reach)
    let outliers = try #require(OutlierPost.find(table, rates: rates))
    #expect(outliers.map(\.key) == ["k9"])
    #expect(abs(outliers[0].robustZ - 0.6745 * 0.965 / 0.015) < 1e-9)
  }

  @Test func largeGroupLiftIntervalComesFromOrderStatistics() throws {
    // a = 1 ... 400: median 200.5; ranks 200 -+ 1.96 * 20 / 2 = 19.6, i.e. a[180] = 181 and a[220] = 221.
    // b = 2, 4, ... 200: median 101; ranks 50 -+ 9.8, i.e. b[40] = 82 and b[60] = 122. Shuffled: the
    // order statistics must not depend on the input order.
    var random = SplitMix64(seed: 7)
    let a = (1...400).map(Double.init).shuffled(using: &random)
    let b = (1...100).map { Double($0 * 2) }.shuffled(using: &random)
    let errorA = (log(221.0) - log(181.0)) / (2 * 1.96)
    let errorB = (log(122.0) - log(82.0)) / (2 * 1.96)
    let error = (errorA * errorA + errorB * errorB).squareRoot()
    let interval = try #require(Statistics.medianRatioInterval(a, b))
    #expect(abs(interval.low - exp(log(200.5 / 101) - 1.96 * error)) < 1e-12)
    #expect(abs(interval.high - exp(log(200.5 / 101) + 1.96 * error)) < 1e-12)
    #expect(Statistics.medianRatioInterval([0, 0, 1], b) == nil, "a zero median has no ratio")
  }

  @Test func csvWritesNegativeChangesAsNumbersAndNeutralisesOnlyText() {
    // W47: three posts at 0.2; W48: three at 0.1. Change -0.1 (-50%): numbers a script can read, no quote.
    let posts = (0..<6).map { Self.post(Int64($0), day: $0 < 3 ? $0 : 7 + $0, likes: $0 < 3 ? 20 : 10, reach: 100) }
    let csv = StatsListing.render(
      AccountStatistics(PostTable(posts), options: StatsOptions(timeZone: Self.utc)), as: .csv)
    let rows = csv.split(separator: "\r\n").map(String.init)
    #expect(rows.count == 3)
    #expect(rows[2] == "2026-W48,2026-11-23T00:00:00Z,3,reach,3,0,0.100000,0.100000,-0.100000,-50.000000")
    #expect(CSVWriter.escape("-1+2") == "'-1+2" && CSVWriter.escape("@SUM(A1)") == "'@SUM(A1)")
  }

  @Test func theListingNamesTheIntervalMethodTheFiguresUsed() {
    // 6,000 posts, #big on every other one: both groups of 3,000 are large (order statistics, no sampling);
    // #huge on all but 400 is over 5,000 (sampled); #small on 3 posts gets a bootstrap.
    let posts = (0..<6000).map { index in
      Self.post(
        Int64(index), day: index / 50, likes: Int64(10 + index % 7), reach: 100,
        tags: (index % 2 == 0 ? ["big"] : []) + (index >= 400 ? ["huge"] : []) + (index < 3 ? ["small"] : []))
    }
    let stats = AccountStatistics(PostTable(posts), options: StatsOptions(timeZone: Self.utc))
    let methods = Dictionary(uniqueKeysWithValues: stats.hashtags.map { ($0.tag, ($0.intervalMethod, $0.sampled)) })
    #expect(methods["big"]?.0 == "order statistics" && methods["big"]?.1 == false)
    #expect(methods["huge"]?.1 == true)
    #expect(methods["small"]?.0 == "bootstrap")
    let heading = StatsListing.render(stats, as: .table).split(separator: "\n").first { $0.hasPrefix("Hashtags") }
    #expect(
      heading
        == "Hashtags (n ≥ 3; lift = median rate with / without, 95% interval: bootstrap or order statistics; groups over 5,000 posts sampled at random with a fixed seed)"
    )
  }

  @Test func hashtagLiftComparesMediansWithAndWithout() throws {
    // With #bread: 0.2, 0.3, 0.4 (median 0.3); without: 0.1, 0.1, 0.2 (median 0.1): lift 3.
    let posts = [
      Self.post(1, likes: 20, reach: 100, tags: ["bread"]), Self.post(2, likes: 30, reach: 100, tags: ["bread"]),
      Self.post(3, likes: 40, reach: 100, tags: ["bread", "rare"]), Self.post(4, likes: 10, reach: 100),
      Self.post(5, likes: 10, reach: 100, tags: ["rare"]), Self.post(6, likes: 20, reach: 100),
    ]
    let (table, rates) = rated(posts, by: .reach)
    let figures = HashtagFigure.figures(table, rates: rates)
    // #rare is on 2 posts: below n = 3, never ranked.
    #expect(figures.map(\.tag) == ["bread"])
    let bread = try #require(figures.first)
    #expect(bread.n == 3)
    #expect(abs(bread.lift - 3) < 1e-12)
    #expect(bread.liftLow <= bread.lift && bread.lift <= bread.liftHigh)
    #expect(bread.liftLow >= 1, "every resample of these groups has a lift of at least 1")
  }

  @Test func trendingNeedsLiftZAndThreePosts() {
    // #a: one post a week for six weeks, then 4 this week: e = 1, lift = 5/2 = 2.5, z = 3 -> trending.
    // #b: three a week throughout: lift 1 -> not. #c: 3 this week, none before: lift 4, z = 3 -> trending.
    var posts: [PostSample] = []
    var id: Int64 = 0
    for week in 0..<6 {
      id += 1
      posts.append(Self.post(id, day: week * 7, tags: ["a", "b"]))
      for _ in 0..<2 {
        id += 1
        posts.append(Self.post(id, day: week * 7 + 1, tags: ["b"]))
      }
    }
    for index in 0..<4 {
      id += 1
      posts.append(Self.post(id, day: 42 + index, tags: index < 3 ? ["a", "b", "c"] : ["a"]))
    }
    let week = ISOWeek(posts.last!.published, calendar: Self.calendar)
    let trends = HashtagTrends(PostTable(posts), week: week, calendar: Self.calendar)
    #expect(trends.trending.map(\.tag) == ["a", "c"])
    let a = trends.trending[0]
    #expect(a.count == 4 && a.expected == 1 && a.lift == 2.5 && a.z == 3)
    #expect(trends.risingShortage == "not enough data (7 weeks, needs 8)")
  }

  @Test func trendingSaysWhenHistoryIsShort() {
    let posts = [Self.post(1, tags: ["a"]), Self.post(2, day: 7, tags: ["a"])]
    let trends = HashtagTrends(
      PostTable(posts), week: ISOWeek(posts[1].published, calendar: Self.calendar), calendar: Self.calendar)
    #expect(trends.trending.isEmpty)
    #expect(trends.trendingShortage == "not enough data (1 earlier weeks, needs 4)")
  }

  @Test func risingTagsNeedAMannKendallTrend() {
    // #up is used 0,0,1,1,1,2,2,2,3,3 times a week over ten weeks; #flat once a week.
    let counts = [0, 0, 1, 1, 1, 2, 2, 2, 3, 3]
    var posts: [PostSample] = []
    var id: Int64 = 0
    for (week, count) in counts.enumerated() {
      id += 1
      posts.append(Self.post(id, day: week * 7, tags: ["flat"]))
      for _ in 0..<count {
        id += 1
        posts.append(Self.post(id, day: week * 7 + 1, tags: ["up"]))
      }
    }
    let trends = HashtagTrends(
      PostTable(posts), week: ISOWeek(posts.last!.published, calendar: Self.calendar), calendar: Self.calendar)
    #expect(trends.rising.map(\.tag) == ["up"])
    #expect(trends.rising.first?.series == counts)
    #expect((trends.rising.first?.test.senSlope ?? 0) > 0)
  }

  @Test func bestTimesShrinkSmallCellsAndSkipDateOnlyPosts() {
    // The account median rate is 0.1. Monday 09:00: three posts at 0.2 (lift 2): shrunk (3*2 + 3)/6 = 1.5.
    // Tuesday 18:00: six posts at 0.15 (lift 1.5): shrunk (6*1.5 + 3)/9 = 1.333.
    // Wednesday 12:00: two posts at 0.4: below n = 3. Thirteen posts at 0.1 on Thursday 12:00 make the
    // median of all 24 rates 0.1.
    var posts: [PostSample] = []
    var id: Int64 = 0
    func add(_ day: Int, _ hour: Int, _ likes: Int64, times: Int, timed: Bool = true) {
      for _ in 0..<times {
        id += 1
        posts.append(Self.post(id, day: day, hour: hour, likes: likes, reach: 100, timed: timed))
      }
    }
    add(0, 9, 20, times: 3)
    add(1, 18, 15, times: 6)
    add(2, 12, 40, times: 2)
    add(3, 12, 10, times: 13)
    add(4, 0, 90, times: 1, timed: false)
    posts.sort { $0.published < $1.published }
    let (table, rates) = rated(posts, by: .reach)
    let best = BestTimes(table, rates: rates, calendar: Self.calendar, end: Self.monday.addingTimeInterval(7 * 86400))
    #expect(best.leftOutDateOnly == 1)
    #expect(best.postsUsed == 24)
    #expect(best.slots.map { "\($0.weekday)@\($0.hour)" } == ["1@9", "2@18", "4@12"])
    #expect(abs(best.slots[0].shrunkLift - 1.5) < 1e-12)
    #expect(abs(best.slots[1].shrunkLift - 12.0 / 9.0) < 1e-12)
    #expect(best.counts[2][12] == 2)
  }

  @Test func benchmarksOnlyMeetRatesComputedTheSameWay() {
    #expect(PublicBenchmark.comparable(basis: .reach, platform: .instagram).isEmpty)
    #expect(PublicBenchmark.comparable(basis: .impressions, platform: .instagram).map(\.source) == ["Buffer 2025"])
  }
}
