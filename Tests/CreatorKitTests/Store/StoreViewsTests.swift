import Foundation
import GRDB
import Testing

@testable import CreatorKit

/// The views people open the store with (`post_overview`, `weekly_summary`) say what CreatorKit says.
@Suite struct StoreViewsTests {
  let folder: TemporaryFolder
  let store: PostStore

  init() throws {
    folder = try TemporaryFolder()
    store = try folder.store()
    for export in [
      "instagram/bakerbee_20261120.zip", "tiktok/oventhyme-2024-12-01", "x/twitter-2024-07-30-9f8e7d",
      "youtube/Content 2025-08-01_2025-08-31 Oven Thyme", "business-suite/demo-bakery-Jun-29-2026_Nov-22-2026.csv",
    ] {
      _ = try importInto(store, fixtures.appendingPathComponent(export))
    }
    // No fixture has both engagements and views or impressions: a planner CSV each for TikTok and X.
    for (platform, denominator) in [(Platform.tiktok, "views"), (.x, "impressions")] {
      let csv = try folder.file(
        "\(platform.rawValue).csv",
        "Text,Date,Likes,Count\nfirst,2026-11-02T10:00:00Z,30,1200\nsecond,2026-11-03T10:00:00Z,5,0\n"
          + "third,2026-11-10T10:00:00Z,7,\n")
      var options = ImportOptions(account: "planner", timeZone: TimeZone(identifier: "UTC")!)
      options.importers = [
        MappedTableImporter(
          mapping: try ColumnMapping(
            "caption=Text,published=Date,likes=Likes,\(denominator)=Count", platform: platform))
      ]
      _ = try Importer(store: store, options: options).run([csv])
    }
  }

  @Test func postOverviewRatesByThePlatformsDefaultDenominator() throws {
    let posts = try store.posts(PostQuery())
    let rows = try store.read { db in try Row.fetchAll(db, sql: "SELECT * FROM post_overview") }
    #expect(rows.count == posts.count && posts.count > 100)
    var bases: Set<String> = []
    for post in posts {
      let row = try #require(rows.first { $0["post_id"] == post.id })
      let basis = RateBasis.default(for: post.platform)
      let denominator = basis.metric.flatMap { post.metrics[$0] }
      let expected = post.engagements.flatMap { engagements in
        denominator.flatMap { $0 > 0 ? Double(engagements) / Double($0) : nil }
      }
      #expect(row["account"] == post.account && row["platform"] == post.platform.rawValue)
      #expect(row["rate_basis"] == basis.rawValue)
      #expect(row["engagements"] as Int64? == post.engagements)
      let rate: Double? = row["engagement_rate"]
      #expect(rate == nil && expected == nil || abs((rate ?? 0) - (expected ?? 1)) < 1e-12, "\(post.key)")
      if rate != nil { bases.insert(basis.rawValue) }
      #expect(row["caption"] == post.caption && row["permalink"] as String? == post.permalink)
      let utc = post.published.date.formatted(
        .iso8601.year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: false)
          .timeSeparator(.colon))
      #expect(
        (row["published_utc"] as String?).map { utc.hasPrefix($0.replacingOccurrences(of: " ", with: "T")) } == true)
    }
    // Rated by reach (Instagram), views (TikTok) and impressions (X); a zero or missing denominator: no rate.
    #expect(bases == ["reach", "views", "impressions"], "\(bases)")
    let planner = rows.filter { $0["account"] == "planner" }.map { $0["engagement_rate"] as Double? }
    #expect(planner.count == 6 && planner.filter { $0 == nil }.count == 4)
  }

  @Test func weeklySummaryCountsFeedPostsPerIsoWeek() throws {
    var calendar = Calendar(identifier: .iso8601)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    let posts = try store.posts(PostQuery()).filter {
      $0.mediaKind != .story && $0.relation != .repost && !$0.archived
    }
    let rows = try store.read { db in try Row.fetchAll(db, sql: "SELECT * FROM weekly_summary") }
    var expected: [String: Int] = [:]
    for post in posts {
      let key = "\(post.account) \(post.platform.rawValue) \(ISOWeek(post.published.date, calendar: calendar))"
      expected[key, default: 0] += 1
    }
    var found: [String: Int] = [:]
    for row in rows {
      let key = "\(row["account"] as String) \(row["platform"] as String) \(row["iso_week"] as String)"
      found[key] = row["posts"]
    }
    #expect(found == expected)
    #expect(rows.count > 20)
    // The pooled rate is the week's engagements over its denominators, where a post has both.
    let week = try #require(rows.first { $0["account"] == "bakerbee" && $0["iso_week"] == "2025-W36" })
    #expect(abs((week["pooled_engagement_rate"] as Double? ?? 0) - 436.0 / 2775) < 1e-12)
  }
}
