import Foundation
import Testing

@testable import CreatorKit

@Suite struct WeeklyReportTests {
  static let demo = fixtures.appendingPathComponent("business-suite/demo-bakery-Jun-29-2026_Nov-22-2026.csv")
  static let berlin = TimeZone(identifier: "Europe/Berlin")!
  let folder: TemporaryFolder
  let store: PostStore

  init() throws {
    folder = try TemporaryFolder()
    store = try folder.store()
    try importInto(store, Self.demo, timeZone: "Europe/Berlin")
  }

  func report(week: String? = nil) throws -> WeeklyReport {
    try WeeklyReport(
      store: store,
      options: ReportOptions(account: "demo.bakery", week: week.flatMap(ISOWeek.init), timeZone: Self.berlin))
  }

  @Test func picksTheLastWeekWithPostsAndFindsTheBuiltInPatterns() throws {
    let report = try report()
    #expect(report.week.description == "2026-W47")
    #expect(report.trends.trending.map(\.tag) == ["fika"])
    #expect(report.trends.rising.map(\.tag).contains("rye"))
    #expect(report.hashtagsToKeep.map(\.tag).contains("sourdough"))
    let best = report.bestTimes.slots.prefix(2).map { "\($0.weekdayName) \($0.hour)" }
    #expect(Set(best) == ["Tuesday 18", "Saturday 10"])
    #expect(report.nextWeek.first?.hasPrefix("Post at your best slots: ") == true)
  }

  @Test func saysHowFollowersGrewWhenAnExportCarriesThem() throws {
    #expect(!(try report()).headlines.contains { $0.hasPrefix("Followers:") }, "no audience insights yet")
    let audience = fixtures.appendingPathComponent("instagram/followers/crumbly_20261120")
    try importInto(store, audience, account: "demo.bakery", timeZone: "Europe/Berlin")
    let followers = try #require(try report().headlines.first { $0.hasPrefix("Followers:") })
    #expect(followers.hasPrefix("Followers: 3,266 followers on 2026-11-20; +120 net in Aug 22 - Nov 19 (+3.8%"))
  }

  @Test func numbersMatchCreatorStats() throws {
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

  @Test func htmlEscapesCaptionsAndLoadsNothing() throws {
    let html = try ReportRenderer(format: .html).render(try report())
    #expect(
      html.contains("Trying &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; and &lt;img src=x onerror=alert(1)&gt;"))
    #expect(!html.lowercased().contains("<script"))
    #expect(!html.lowercased().contains("<img"))
    #expect(!html.contains("src=\"") && !html.contains("<link") && !html.contains("@import"))
    #expect(html.contains("<svg") && html.contains("aria-label=\"Best times to post by weekday and hour\""))
  }

  @Test func markdownEscapesCaptionsToo() throws {
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

  @Test func opensWithTheWeeksTotalsAndTheirChange() throws {
    let report = try report()
    #expect(report.totals.posts == report.thisWeek.posts && report.totals.posts == report.topPosts.count)
    #expect(report.totals.reach == report.topPosts.compactMap(\.reach).reduce(0, +))
    #expect(report.totals.views == report.topPosts.compactMap(\.views).reduce(0, +))
    let previous = try #require(report.previousWeek)
    #expect(report.previousTotals.posts == previous.posts)
    let tiles = ReportRenderer.totalTiles(report)
    #expect(tiles.map { $0["label"] } == ["Posts", "Reach", "Views", "Engagements"])
    let change = try #require(WeekTotals.percentChange(report.totals.reach, from: report.previousTotals.reach))
    let reach = try #require(tiles.first { $0["label"] == "Reach" }?["change"])
    #expect(reach.hasPrefix(change > 0 ? "▲ +" : "▼ -"), "the sign and the arrow say the direction: \(reach)")
    let markdown = try ReportRenderer(format: .markdown).render(report)
    #expect(markdown.contains("| Reach | \(NumberText.count(report.totals.reach ?? 0)) |"))
  }

  @Test func saysInWordsWhenTheWeekIsThin() throws {
    let report = try report(week: "2026-W48")
    #expect(report.thisWeek.posts == 0)
    #expect(
      report.headlines.first == "Not enough posts with a rate by reach this week: not enough data (n = 0, needs 3).")
    #expect(report.topPosts.isEmpty)
  }

  @Test func comparesMediaKindsWithTheirN() {
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

  @Test func rendersAUsersTemplate() throws {
    let path = try folder.file("mine.mustache", "{{title}}|{{summary.posts}}|{{#headlines}}*{{/headlines}}")
    let weekly = try report()
    let text = try ReportRenderer(format: .html, templatePath: path.path).render(weekly)
    #expect(text == "@demo.bakery on Instagram: week 2026-W47|\(weekly.thisWeek.posts)|****")
    let broken = try folder.file("broken.mustache", "{{#open}} never closed")
    #expect(throws: ReportError.self) {
      try ReportRenderer(format: .html, templatePath: broken.path).render(try report())
    }
  }

  @Test func builtInTemplatesAreTheFilesInTemplates() throws {
    let root = fixtures.deletingLastPathComponent().appendingPathComponent("templates")
    let markdown = try String(contentsOf: root.appendingPathComponent("report.md.mustache"), encoding: .utf8)
    let html = try String(contentsOf: root.appendingPathComponent("report.html.mustache"), encoding: .utf8)
    #expect(ReportTemplates.markdown == markdown.trimmingCharacters(in: .newlines), "run scripts/embed-templates")
    #expect(ReportTemplates.html == html.trimmingCharacters(in: .newlines), "run scripts/embed-templates")
  }
}
