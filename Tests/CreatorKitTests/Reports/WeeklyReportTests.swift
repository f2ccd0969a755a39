import Foundation
import Testing

@testable import CreatorKit

@Suite final class WeeklyReportTests {
  static let demo = fixtures.appendingPathComponent("business-suite/demo-bakery-Jun-29-2026_Nov-22-2026.csv")
  static let berlin = TimeZone(identifier: "Europe/Berlin")!
  let folder = try! TemporaryFolder()
  private(set) var store: PostStore!

  init() {}

  /// Opens this test's store on `engine` with the demo bakery imported.
  func open(_ engine: TestEngine) throws {
    store = try engine.makeStore()
    try importInto(store, Self.demo, timeZone: "Europe/Berlin")
  }

  func report(week: String? = nil) throws -> WeeklyReport {
    try WeeklyReport(
      store: store,
      options: ReportOptions(account: "demo.bakery", week: week.flatMap(ISOWeek.init), timeZone: Self.berlin))
  }

  @Test(arguments: TestEngine.available) func picksTheLastWeekWithPostsAndFindsTheBuiltInPatterns(_ engine: TestEngine)
    throws
  {
    try open(engine)
    let report = try report()
    #expect(report.week.description == "2026-W47")
    #expect(report.trends.trending.map(\.tag) == ["fika"])
    #expect(report.trends.rising.map(\.tag).contains("rye"))
    #expect(report.hashtagsToKeep.map(\.tag).contains("sourdough"))
    let best = report.bestTimes.slots.prefix(2).map { "\($0.weekdayName) \($0.hour)" }
    #expect(Set(best) == ["Tuesday 18", "Saturday 10"])
    #expect(report.nextWeek.first?.hasPrefix("Post at your best slots: ") == true)
    // The week before is named by its days in sentences and tiles, not by its ISO code.
    #expect(report.headlines.first?.hasSuffix(" on the week of 9 Nov 2026.") == true, "\(report.headlines)")
    #expect(ReportRenderer.totalTiles(report).first?["change"]?.hasSuffix("vs the week of 9 Nov 2026") == true)
  }

  @Test(arguments: TestEngine.available) func saysHowFollowersGrewWhenAnExportCarriesThem(_ engine: TestEngine) throws {
    try open(engine)
    #expect(!(try report()).headlines.contains { $0.hasPrefix("Followers:") }, "no audience insights yet")
    let audience = fixtures.appendingPathComponent("instagram/followers/crumbly_20261120")
    try importInto(store, audience, account: "demo.bakery", timeZone: "Europe/Berlin")
    let followers = try #require(try report().headlines.first { $0.hasPrefix("Followers:") })
    #expect(followers.hasPrefix("Followers: 3,266 followers on 2026-11-20; +120 net in Aug 22 - Nov 19 (+3.8%"))
  }

  @Test(arguments: TestEngine.available) func numbersMatchCreatorStats(_ engine: TestEngine) throws {
    try open(engine)
    let report = try report(week: "2026-W45")
    let calendar = ISOWeek.calendar(in: Self.berlin)
    let stats = try store.statistics(
      StatsOptions(
        query: SampleQuery(account: "demo.bakery", until: ISOWeek("2026-W46")!.start(in: calendar)),
        timeZone: Self.berlin))
    let statsWeeks = Dictionary(uniqueKeysWithValues: stats.weeks.map { ($0.week, $0) })
    #expect(report.trend.count == WeeklyReport.trendWeeks)
    for week in report.trend {
      #expect(statsWeeks[week.week] == week, "\(week.week) differs from creator stats")
    }
    #expect(report.thisWeek == stats.weeks.last)
    // The JSON output carries the same figures.
    let json = try JSONSerialization.jsonObject(with: Data(ReportRenderer.json(report).utf8)) as? [String: Any]
    let thisWeek = (json?["this_week"] as? [String: Any])?["rate"] as? [String: Any]
    #expect(thisWeek?["median"] as? Double == stats.weeks.last?.rate.median)
  }

  @Test(arguments: TestEngine.available) func htmlEscapesCaptionsAndLoadsNothing(_ engine: TestEngine) throws {
    try open(engine)
    let html = try ReportRenderer(format: .html).render(try report())
    #expect(
      html.contains("Trying &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; and &lt;img src=x onerror=alert(1)&gt;"))
    #expect(!html.lowercased().contains("<script"))
    #expect(!html.lowercased().contains("<img"))
    #expect(!html.contains("src=\"") && !html.contains("<link") && !html.contains("@import"))
    #expect(html.contains("<svg") && html.contains("aria-label=\"Best times to post by weekday and hour\""))
  }

  @Test(arguments: TestEngine.available) func markdownEscapesCaptionsToo(_ engine: TestEngine) throws {
    try open(engine)
    let markdown = try ReportRenderer(format: .markdown).render(try report())
    #expect(markdown.contains("Trying &lt;script>alert(\"x\")&lt;/script> and &lt;img src=x onerror=alert(1)>"))
    #expect(!markdown.contains("<script"))
    #expect(markdown.contains("## What to try next week"))
    // A `<` or `&` that cannot open markup stays readable in the raw text.
    #expect(markdown.contains("p < 0.001") && markdown.contains("Sen slope > 0") && !markdown.contains("&lt; 0"))
    let escape = ReportRenderer.MarkdownContentType().escapeText
    #expect(escape("<b>bold</b> & &amp; a < b, 1 &2") == "&lt;b>bold&lt;/b> & &amp;amp; a < b, 1 &2")
    #expect(escape("<!-- x --> <?php") == "&lt;!-- x --> &lt;?php")
    #expect(escape("> quoted? not here") == "&gt; quoted? not here")
  }

  @Test(arguments: TestEngine.available) func opensWithTheWeeksTotalsAndTheirChange(_ engine: TestEngine) throws {
    try open(engine)
    let report = try report()
    #expect(report.totals.posts == report.thisWeek.posts && report.totals.posts == report.topPosts.count)
    #expect(report.totals.reach == report.topPosts.compactMap(\.reach).reduce(0, +))
    #expect(report.totals.views == report.topPosts.compactMap(\.views).reduce(0, +))
    let previous = try #require(report.previousWeek)
    #expect(report.previousTotals.posts == previous.posts)
    let tiles = ReportRenderer.totalTiles(report)
    #expect(tiles.map { $0["label"] } == ["Posts", "Reach", "Views", "Engagements", "Followers"])
    // No export here carries follower counts: the tile says so, never 0.
    let followers = try #require(tiles.last)
    #expect(followers["value"] == "not in your export")
    #expect(followers["change"]?.contains("Instagram's audience insights") == true)
    let change = try #require(WeekTotals.percentChange(report.totals.reach, from: report.previousTotals.reach))
    let reach = try #require(tiles.first { $0["label"] == "Reach" }?["change"])
    #expect(reach.hasPrefix(change > 0 ? "▲ +" : "▼ -"), "the sign and the arrow say the direction: \(reach)")
    let markdown = try ReportRenderer(format: .markdown).render(report)
    #expect(markdown.contains("| Reach | \(NumberText.count(report.totals.reach ?? 0)) |"))
  }

  @Test(arguments: TestEngine.available) func saysInWordsWhenTheWeekIsThin(_ engine: TestEngine) throws {
    try open(engine)
    let report = try report(week: "2026-W48")
    #expect(report.thisWeek.posts == 0)
    #expect(
      report.headlines.first == "Not enough posts with a rate by reach this week: not enough data (n = 0, needs 3).")
    #expect(report.topPosts.isEmpty)
  }

  @Test(arguments: TestEngine.available) func comparesMediaKindsWithTheirN(_ engine: TestEngine) throws {
    try open(engine)
    // This week: three reels reaching 3,000 and three images reaching 1,500: reels reach 2x.
    let monday = ISOWeek("2026-W47")!.start(in: ISOWeek.calendar(in: Self.berlin))
    let posts = (0..<6).map { index -> PostSample in
      var metrics = MetricValues()
      metrics[.reach] = index < 3 ? 3000 : 1500
      metrics[.likes] = 100
      return PostSample(
        id: Int64(index), platform: .instagram, account: "t", key: "k\(index)",
        published: monday.addingTimeInterval(TimeInterval(index * 3600)), hasTimeOfDay: true,
        mediaKind: index < 3 ? .reel : .image, caption: "", hashtags: [], metrics: metrics)
    }
    let report = WeeklyReport(
      PostTable(posts), week: ISOWeek("2026-W47")!, options: ReportOptions(timeZone: Self.berlin))
    #expect(
      report.headlines.contains("Reels reached 2.0x the reach of images this week (median 3,000 vs 1,500; n = 3 vs 3).")
    )
  }

  @Test(arguments: TestEngine.available) func rendersAUsersTemplate(_ engine: TestEngine) throws {
    try open(engine)
    let path = try folder.file("mine.mustache", "{{title}}|{{summary.posts}}|{{#headlines}}*{{/headlines}}")
    let weekly = try report()
    let text = try ReportRenderer(format: .html, templatePath: path.path).render(weekly)
    #expect(text == "@demo.bakery on Instagram: week 2026-W47|\(weekly.thisWeek.posts)|****")
    let broken = try folder.file("broken.mustache", "{{#open}} never closed")
    #expect(throws: ReportError.self) {
      try ReportRenderer(format: .html, templatePath: broken.path).render(try report())
    }
  }

  @Test(arguments: TestEngine.available) func builtInTemplatesAreTheFilesInTemplates(_ engine: TestEngine) throws {
    try open(engine)
    let root = fixtures.deletingLastPathComponent().appendingPathComponent("templates")
    let markdown = try String(contentsOf: root.appendingPathComponent("report.md.mustache"), encoding: .utf8)
    let html = try String(contentsOf: root.appendingPathComponent("report.html.mustache"), encoding: .utf8)
    #expect(ReportTemplates.markdown == markdown.trimmingCharacters(in: .newlines), "run scripts/embed-templates")
    #expect(ReportTemplates.html == html.trimmingCharacters(in: .newlines), "run scripts/embed-templates")
  }

  func postsIn(_ period: ReportPeriod) throws -> [PostSample] {
    try store.samples(
      SampleQuery(account: "demo.bakery", since: period.start(in: Self.berlin), until: period.end(in: Self.berlin)))
  }

  @Test(arguments: TestEngine.available) func aMonthNotOverIsComparedWithAsManyDays(_ engine: TestEngine) throws {
    try open(engine)
    let october = try #require(ReportPeriod.month("2026-10"))
    let today = try #require(ReportPeriod.Day("2026-10-10"))
    let report = try WeeklyReport(
      store: store,
      options: ReportOptions(account: "demo.bakery", period: october, timeZone: Self.berlin, today: today))
    #expect(report.daysSoFar == 10 && report.comparisonPeriod.description == "1 Sep – 10 Sep 2026")
    #expect(
      report.previousTotals.posts
        == (try postsIn(
          #require(
            ReportPeriod.Day("2026-09-01").flatMap {
              ReportPeriod.days(from: $0, through: $0.adding(days: 9))
            }))).count)
    #expect(
      report.headlines.first
        == "October 2026 is not over: 10 of 31 days so far, so it is compared with the same number of days, "
        + "1 Sep – 10 Sep 2026.")
    // A period that is over, or not begun, is compared whole.
    let over = try WeeklyReport(
      store: store,
      options: ReportOptions(
        account: "demo.bakery", period: october, timeZone: Self.berlin, today: ReportPeriod.Day("2026-10-31")))
    #expect(over.daysSoFar == nil && over.comparisonPeriod.description == "September 2026")
  }

  @Test(arguments: TestEngine.available) func aMonthAgainstTheMonthBeforeInOneTemplate(_ engine: TestEngine) throws {
    try open(engine)
    let october = try #require(ReportPeriod.month("2026-10"))
    let report = try WeeklyReport(
      store: store, options: ReportOptions(account: "demo.bakery", period: october, timeZone: Self.berlin))
    let posts = try postsIn(october)
    let september = try postsIn(#require(ReportPeriod.month("2026-09")))
    #expect(!posts.isEmpty && !september.isEmpty)
    #expect(report.period == october && report.comparisonPeriod.description == "September 2026")
    #expect(report.figure.posts == posts.count && report.totals.posts == posts.count)
    #expect(report.previousTotals.posts == september.count && report.comparisonFigure.posts == september.count)
    #expect(report.figure.rate == RateFigure(entries: rated(posts, by: .reach).rates, basis: .reach))
    #expect(report.totals.reach == posts.compactMap { $0.metrics[.reach] }.reduce(0, +))
    // Every post of the month is ranked; ten are shown.
    #expect(report.topPosts.count == posts.count && report.shownPosts == 10)
    #expect(report.trend.last?.week == ISOWeek("2026-W44") && report.trend.count == WeeklyReport.trendWeeks)
    #expect(
      report.headlines.contains(
        "You posted \(posts.count) times in October 2026 (\(report.mediaKinds.map { "\($0.posts) \($0.posts == 1 ? $0.kind.rawValue : $0.kind.pluralNoun)" }.joined(separator: ", "))), against \(september.count) in September 2026."
      ))
    let markdown = try ReportRenderer(format: .markdown).render(report)
    #expect(markdown.hasPrefix("# @demo.bakery on Instagram: October 2026\n\n1 Oct 2026 – 31 Oct 2026 · "))
    #expect(markdown.contains("| | October 2026 | change |") && markdown.contains("## This month"))
    #expect(markdown.contains("## What to try next month"))
    #expect(markdown.contains("| Posts | \(posts.count) | ") && markdown.contains("% vs September 2026 |"))
    let html = try ReportRenderer(format: .html).render(report)
    #expect(html.contains("<title>@demo.bakery on Instagram: October 2026</title>"))
    #expect(html.components(separatedBy: "<img src=\"data:").count - 1 <= 10)
    // The JSON carries both periods, days inclusive.
    let json = try JSONSerialization.jsonObject(with: Data(ReportRenderer.json(report).utf8)) as? [String: Any]
    let period = try #require(json?["period"] as? [String: Any])
    #expect(period["kind"] as? String == "month" && period["start"] as? String == "2026-10-01")
    #expect(period["end"] as? String == "2026-10-31" && period["name"] as? String == "October 2026")
    let comparison = try #require(json?["comparison_period"] as? [String: Any])
    #expect(comparison["start"] as? String == "2026-09-01" && comparison["end"] as? String == "2026-09-30")
  }

  @Test(arguments: TestEngine.available) func sixteenWeeksAWeekAPointAndAYearEarlierWithNothingToCompare(
    _ engine: TestEngine
  ) throws {
    try open(engine)
    let first = ReportPeriod.week(ISOWeek("2026-W32")!).first
    let period = try #require(ReportPeriod.days(from: first, through: first.adding(days: 16 * 7 - 1)))
    #expect(period.description == "3 Aug – 22 Nov 2026")
    let report = try WeeklyReport(
      store: store,
      options: ReportOptions(account: "demo.bakery", period: period, comparison: .year, timeZone: Self.berlin))
    #expect(report.trend.count == 16 && report.trend.first?.week == ISOWeek("2026-W32"))
    #expect(report.figure.posts == (try postsIn(period)).count)
    #expect(report.comparisonPeriod.description == "3 Aug – 22 Nov 2025" && report.previousTotals.posts == 0)
    let tiles = ReportRenderer.totalTiles(report)
    #expect(tiles.first?["change"] == "▲ from 0 vs 3 Aug – 22 Nov 2025")
    #expect(tiles.first { $0["label"] == "Reach" }?["change"] == "nothing to compare vs 3 Aug – 22 Nov 2025")
    // Said in words: no posts then, and the last week by its days, not its ISO code.
    #expect(report.headlines.first?.hasSuffix("; 3 Aug – 22 Nov 2025 has no posts to compare with.") == true)
    #expect(report.headlines.contains { $0.contains("in the period's last week, the week of 16 Nov 2026") })
    // The chart labels at most 13 of its 16 weeks.
    let chart = SVGChart.rateTrend(report.trend, timeZone: Self.berlin)
    #expect(chart.components(separatedBy: "class=\"count").count - 1 <= 13)
  }

  @Test(arguments: TestEngine.available) func aPeriodsWeeksBeforeItsFirstPostAreInTheTrend(_ engine: TestEngine) throws
  {
    try open(engine)
    // The demo's posts begin on 29 June 2026: April to November shows every week from 30 March on.
    let first = try #require(ReportPeriod.Day("2026-04-01"))
    let last = try #require(ReportPeriod.Day("2026-11-22"))
    let period = try #require(ReportPeriod.days(from: first, through: last))
    let report = try WeeklyReport(
      store: store, options: ReportOptions(account: "demo.bakery", period: period, timeZone: Self.berlin))
    #expect(report.trend.count == period.weekCount && report.trend.first?.week == ISOWeek("2026-W14"))
    let empty = report.trend.prefix { $0.posts == 0 }
    #expect(empty.count == 13 && empty.allSatisfy { $0.rate.median == nil })
    #expect(report.trend[13].week == ISOWeek("2026-W27") && report.trend[13].posts > 0)
  }

  @Test(arguments: TestEngine.available) func aPeriodWithoutPostsSaysSo(_ engine: TestEngine) throws {
    try open(engine)
    let december = try #require(ReportPeriod.month("2026-12"))
    let report = try WeeklyReport(
      store: store, options: ReportOptions(account: "demo.bakery", period: december, timeZone: Self.berlin))
    let november = try postsIn(#require(ReportPeriod.month("2026-11")))
    #expect(report.figure.posts == 0 && report.topPosts.isEmpty)
    #expect(
      report.headlines.contains("You posted 0 times in December 2026, against \(november.count) in November 2026."))
    let markdown = try ReportRenderer(format: .markdown).render(report)
    #expect(markdown.contains("No posts in December 2026."))
  }

  @Test(arguments: TestEngine.available) func theMarkdownTrendGetsBlocksOnlyWhenAsked(_ engine: TestEngine) throws {
    try open(engine)
    let report = try report()
    let blocks = Set("▁▂▃▄▅▆▇█")
    let plain = try ReportRenderer(format: .markdown).render(report)
    #expect(!plain.contains { blocks.contains($0) })
    let line = try #require(Sparkline.make(report.trend.map(\.rate.median)))
    let terminal = try ReportRenderer(format: .markdown, sparklines: true).render(report)
    let medians = report.trend.compactMap(\.rate.median)
    let lowest = report.outcome.format(medians.min())
    let highest = report.outcome.format(medians.max())
    #expect(
      terminal.contains(
        "\nmedian, \(report.trend[0].week) to 2026-W47: \(line); lowest \(lowest), highest \(highest)\n"))
    // HTML has its chart and never the blocks.
    #expect(!(try ReportRenderer(format: .html, sparklines: true).render(report)).contains { blocks.contains($0) })
  }

  @Test(arguments: TestEngine.available) func followerChangeOverThePeriodAndTheOneBefore(_ engine: TestEngine) throws {
    try open(engine)
    let utc = TimeZone(identifier: "UTC")!
    func reading(_ day: String, _ followers: Int64) throws -> FollowerGrowth.Reading {
      let date = try #require(ReportPeriod.Day(day)).start(in: ISOWeek.calendar(in: utc))
      return FollowerGrowth.Reading(
        observedAt: date, period: "", followers: followers, netFollowers: nil, follows: nil, unfollows: nil)
    }
    let november = try #require(ReportPeriod.month("2026-11"))
    let october = november.compared(with: .previous)
    var report = WeeklyReport(PostTable([]), period: november, options: ReportOptions(timeZone: utc))
    // Counts on 1 November and 1 December: the month's change; October has no count before it.
    let two = FollowerGrowth([try reading("2026-11-01", 3_000), try reading("2026-12-01", 3_300)])
    report.followers = FollowerChange(two, period: november, comparison: october, timeZone: utc)
    #expect(report.followers.change == 300 && report.followers.comparisonChange == nil)
    var tile = ReportRenderer.followerTile(report)
    #expect(tile["value"] == "+300" && tile["change"] == "nothing to compare vs October 2026: no counts around it")
    // A count on 1 October too: October gained 100, November 200 more.
    let three = FollowerGrowth(two.readings + [try reading("2026-10-01", 2_900)])
    report.followers = FollowerChange(three, period: november, comparison: october, timeZone: utc)
    tile = ReportRenderer.followerTile(report)
    #expect(tile["value"] == "+300" && tile["change"] == "▲ +200 vs October 2026 (+100)")
    // A week halfway between counts a month apart is not a straight line drawn across the month: no change.
    let week = ReportPeriod.week(ISOWeek("2026-W46")!)
    let between = FollowerChange(three, period: week, comparison: week.compared(with: .previous), timeZone: utc)
    #expect(between.change == nil)
    // Counts near both ends of the week (9 and 16 November): its change.
    let weekly = FollowerGrowth(
      three.readings + [try reading("2026-11-09", 3_080), try reading("2026-11-16", 3_150)])
    let counted = FollowerChange(weekly, period: week, comparison: week.compared(with: .previous), timeZone: utc)
    #expect(counted.change == 70)
    // One count: the count and when, never a change of 0.
    let one = FollowerGrowth([try reading("2026-11-20", 3_266)])
    report.followers = FollowerChange(one, period: november, comparison: october, timeZone: utc)
    tile = ReportRenderer.followerTile(report)
    #expect(report.followers.change == nil && tile["value"] == "3,266")
    #expect(tile["change"]?.hasPrefix("counted 20 Nov 2026; a change needs counts from before and after") == true)
    // Losing followers says so with a minus sign.
    let lost = FollowerGrowth([try reading("2026-11-01", 3_000), try reading("2026-12-01", 2_950)])
    report.followers = FollowerChange(lost, period: november, comparison: october, timeZone: utc)
    #expect(ReportRenderer.followerTile(report)["value"] == "−50")
  }
}

@Suite struct ReportMethodsTests {
  @Test func liftsAndIntervalsReadAsWords() {
    #expect(ReportMethods.better(1.32) == "32% better" && ReportMethods.better(0.88) == "12% worse")
    #expect(ReportMethods.better(1.004) == "about the same" && ReportMethods.better(.nan) == "not comparable")
    #expect(ReportMethods.better(1e300) == "1,000,000% better")
    #expect(ReportMethods.likely(1.14, 1.43) == "likely 14% to 43% better")
    #expect(ReportMethods.likely(0.67, 0.95) == "likely 5% to 33% worse")
    #expect(ReportMethods.likely(0.9, 1.2) == "likely between 10% worse and 20% better")
  }

  @Test func aPrintedPageKeepsItsLinesAndShowsItsControlCharacters() {
    #expect(TerminalText.page("a\n\tb") == "a\n\tb")
    #expect(TerminalText.page("caption \u{1B}[2J\u{1B}]52;c;x\u{07}\n") == "caption \\u{1B}[2J\\u{1B}]52;c;x\\u{7}\n")
  }
}
