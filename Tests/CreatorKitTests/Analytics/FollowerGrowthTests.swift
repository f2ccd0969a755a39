import Foundation
import GRDB
import Testing

@testable import CreatorKit

@Suite struct FollowerGrowthTests {
  let folder = try! TemporaryFolder()
  let october = fixtures.appendingPathComponent("instagram/followers/crumbly_20261020")
  let november = fixtures.appendingPathComponent("instagram/followers/crumbly_20261120")
  static let utc = TimeZone(identifier: "UTC")!

  @Test func growthOverTheWindowIsTheNetChangeOverFollowersAtItsStart() {
    let day = Date(timeIntervalSince1970: 1_795_132_800)  // 2026-11-20
    let growth = FollowerGrowth([
      .init(
        observedAt: day, period: "Aug 22 - Nov 19", followers: 3266, netFollowers: 120, follows: 194, unfollows: 74),
      .init(
        observedAt: day.addingTimeInterval(-31 * 86_400), period: "Jul 22 - Oct 19", followers: 3100, netFollowers: 114,
        follows: 210, unfollows: 96),
    ])
    #expect(growth.readings.map(\.period) == ["Jul 22 - Oct 19", "Aug 22 - Nov 19"], "oldest first")
    #expect(abs((growth.windowGrowth ?? 0) - 120.0 / 3146.0) < 1e-12)
    #expect(growth.changeBetweenExports == 166)
    #expect(abs((growth.growthBetweenExports ?? 0) - 166.0 / 3100.0) < 1e-12)
    let lost = FollowerGrowth([
      .init(observedAt: day, period: "", followers: 96, netFollowers: -4, follows: nil, unfollows: nil)
    ])
    #expect(abs((lost.windowGrowth ?? 0) - -4.0 / 100.0) < 1e-12)
    #expect(
      lost.summary(timeZone: Self.utc)
        == "96 followers on 2026-11-20; −4 net in the export's window (−4.0% of the 100 at its start)")
    #expect(FollowerGrowth([]).summary(timeZone: Self.utc).hasPrefix("not enough data"))
    let once = FollowerGrowth([
      .init(observedAt: day, period: "", followers: 96, netFollowers: nil, follows: nil, unfollows: nil)
    ])
    #expect(once.windowGrowth == nil && once.changeBetweenExports == nil)
    #expect(once.summary(timeZone: Self.utc).contains("growth needs a second export or a net change"))
  }

  @Test func importsAudienceInsightsOncePerExportAndReportsGrowth() throws {
    let store = try folder.store()
    let report = try importInto(store, october, november)
    #expect(report.filesRead.map(\.importer) == ["instagram-audience", "instagram-audience"])
    #expect(
      report.summaryLines == [
        "Instagram @crumbly: no posts; followers from 2 audience rows (added 0, updated 0, unchanged 0)"
      ])
    try importInto(store, november)
    let rows = try store.read { db in
      try Row.fetchAll(
        db,
        sql: "SELECT period, followers, follows, unfollows, net_followers FROM account_snapshot ORDER BY observed_at")
    }
    #expect(rows.count == 2, "the same export again adds nothing")
    #expect(rows.map { $0[0] as String } == ["Jul 22 - Oct 19", "Aug 22 - Nov 19"])
    #expect(rows.map { [$0[1], $0[2], $0[3], $0[4]] as [Int64] } == [[3100, 210, 96, 114], [3266, 194, 74, 120]])
    let stats = try store.statistics(StatsOptions(query: SampleQuery(account: "crumbly"), timeZone: Self.utc))
    let table = StatsListing.render(stats, as: .table)
    #expect(table.contains("Cadence: no posts in scope"), "an account with followers but no posts")
    #expect(table.contains("Follower growth: 3,266 followers on 2026-11-20;"))
    #expect(
      stats.followerGrowth
        == "3,266 followers on 2026-11-20; +120 net in Aug 22 - Nov 19 (+3.8% of the 3,146 at its start; 194 follows, 74 unfollows); 3,100 on 2026-10-20 → 3,266 on 2026-11-20: +166 (+5.4%)"
    )
  }

  @Test(arguments: TestEngine.available) func growthIsPerAccount(_ engine: TestEngine) throws {
    let store = try engine.makeStore()
    try importInto(store, november)
    try importInto(store, november, account: "other")
    let all = try store.statistics(StatsOptions(timeZone: Self.utc))
    #expect(all.followerGrowth.contains("pass --account"))
    let one = try store.statistics(StatsOptions(query: SampleQuery(account: "other"), timeZone: Self.utc))
    #expect(one.followerGrowth.hasPrefix("3,266 followers on 2026-11-20"))
  }

  @Test(arguments: TestEngine.available) func labelsInAnUnknownLanguageStopTheImport(_ engine: TestEngine) throws {
    let store = try engine.makeStore()
    let file = try folder.file(
      "de_20261120/logged_information/past_instagram_insights/audience_insights.json",
      #"{"organic_insights_audience": [{"string_map_data": {"Follower:innen": {"value": "3.266"}}}]}"#)
    #expect {
      try importInto(store, file.deletingLastPathComponent(), account: "crumbly")
    } throws: { error in
      "\(error)".contains("unknown language pack") && "\(error)".contains("Follower:innen")
    }
  }

  @Test func aCountThatIsNotANumberNamesItsPlace() throws {
    let store = try folder.store()
    let file = try folder.file(
      "bad_20261120/logged_information/past_instagram_insights/audience_insights.json",
      #"{"organic_insights_audience": [{"string_map_data": {"Followers": {"href": "", "value": "lots", "timestamp": 0}}}]}"#
    )
    #expect {
      try importInto(store, file.deletingLastPathComponent(), account: "crumbly")
    } throws: { error in
      "\(error)".contains("string_map_data.Followers.value") && "\(error)".contains("\"lots\" is not a count")
    }
    #expect(try store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM account_snapshot") } == 0)
  }

  @Test func followersAtPostTimeAreInterpolatedBetweenCountsAndStandFourWeeksBeyond() throws {
    let october = Date(timeIntervalSince1970: 1_792_454_400)  // 2026-10-20
    let november = Date(timeIntervalSince1970: 1_795_132_800)  // 2026-11-20, 31 days later
    let timeline = try #require(
      FollowerTimeline([.init(date: november, followers: 3266), .init(date: october, followers: 3100)]))
    let day = 86_400.0
    #expect(timeline.followers(at: october) == 3100 && timeline.followers(at: november) == 3266)
    // 16 of 31 days: 3,100 + 166 x 16 / 31 = 3,185.68.
    #expect(timeline.followers(at: october.addingTimeInterval(16 * day)) == 3186)
    #expect(timeline.followers(at: october.addingTimeInterval(-28 * day)) == 3100, "the first count, 28 days before")
    #expect(timeline.followers(at: october.addingTimeInterval(-28 * day - 1)) == nil)
    #expect(timeline.followers(at: november.addingTimeInterval(28 * day)) == 3266)
    #expect(timeline.followers(at: november.addingTimeInterval(29 * day)) == nil)
    #expect(FollowerTimeline([]) == nil)
    // Hostile counts (an export saying -9.2e18 then 9.2e18): no trap on the difference, an answer in range.
    let extreme = try #require(
      FollowerTimeline([.init(date: october, followers: .min), .init(date: november, followers: .max)]))
    #expect(extreme.followers(at: october.addingTimeInterval(16 * day)) != nil)
  }

  @Test(arguments: TestEngine.available) func ratesByFollowersDivideByTheFollowersAtPostTime(_ engine: TestEngine)
    throws
  {
    let store = try engine.makeStore()
    try importInto(
      store, fixtures.appendingPathComponent("business-suite/demo-bakery-Jun-29-2026_Nov-22-2026.csv"),
      timeZone: "Europe/Berlin")
    let query = SampleQuery(account: "demo.bakery")
    let options = StatsOptions(query: query, basis: .followers, timeZone: Self.utc)
    let without = try store.statistics(options)
    #expect(without.overall.n == 0 && without.basisNote?.contains("has a follower count near its time") == true)
    try importInto(store, october, november, account: "demo.bakery")
    let samples = try store.samples(SampleQuery(account: "demo.bakery", captions: true))
    // Published 2026-11-06 19:02 UTC, 1,537,320 s into the 2,678,400 s from 3,100 followers (Oct 20) to 3,266
    // (Nov 20): 3,100 + 166 x 0.57397 = 3,195.28; engagements 151 + 21 + 12 + 32 = 216.
    let post = try #require(samples.first { $0.key == "media:18100000000000079" })
    #expect(post.followers == 3195)
    #expect(abs((post.rate(by: .followers) ?? 0) - 216.0 / 3195.0) < 1e-12)
    // A count stands 28 days before the first export: posts from 2026-09-22 on have one, the summer's none.
    let start = Date(timeIntervalSince1970: 1_792_454_400 - 28 * 86_400)
    let covered = samples.filter { $0.published >= start }
    #expect(!covered.isEmpty && covered.count < samples.count)
    #expect(samples.allSatisfy { ($0.followers != nil) == ($0.published >= start) })
    let stats = try store.statistics(options)
    #expect(stats.overall.n == covered.count && stats.overall.leftOut == samples.count - covered.count)
    let rates = covered.compactMap { $0.rate(by: .followers) }
    #expect(abs((stats.overall.mean ?? 0) - rates.reduce(0, +) / Double(rates.count)) < 1e-12)
    #expect(stats.basisNote == nil && stats.formula.contains("followers at post time"))
    // Each benchmark is met with the creator's rate summed up its way: Rival IQ's median, Socialinsider's mean.
    #expect(stats.benchmarks.map(\.benchmark.source) == ["Rival IQ 2023", "Socialinsider 2026"])
    #expect(stats.benchmarks.map(\.rate) == [stats.overall.median, stats.overall.mean])
    #expect(stats.benchmarks.map(\.yours) == ["median per post", "mean per post"])
    #expect(StatsListing.percent(0.00035) == "0.035%" && StatsListing.percent(0.0047) == "0.5%")
  }
}
