import Foundation
import Testing

@testable import CreatorKit

@Suite struct BusinessSuiteImportTests {
  let instagramCSV = fixtures.appendingPathComponent(
    "business-suite/Nov-01-2025_Dec-15-2025_17841400000000000.csv")

  @Test func readsTheInstagramCSVWithBOMQuotedNumbersAndLifetime() throws {
    let folder = try TemporaryFolder()
    let store = try folder.store()
    let report = try importInto(store, instagramCSV, timeZone: "Europe/Berlin")
    #expect(report.accounts.map(\.account) == ["bakerbee"])
    #expect(report.accounts.first?.postsAdded == 4)
    #expect(report.skipped.map(\.reason) == ["no Post ID"])
    #expect(report.skipped.first?.place == "line 7")  // the carousel row before it spans two lines
    var query = PostQuery()
    query.mediaKind = .carousel
    let carousel = try #require(try store.posts(query).first)
    #expect(carousel.caption == "New: rye, seeds, \"patience\".\nTwo lines, one caption. #rye #bakery")
    #expect(carousel.metrics[.views] == 12400)
    #expect(carousel.metrics[.reach] == 8210)
    #expect(carousel.mediaCount == nil)
    #expect(carousel.permalink == "https://www.instagram.com/p/DPbbbbbbbbb/")
    // 12/01/2025 18:00 in Berlin (UTC+1 in winter) is 17:00 UTC, and marked as assumed.
    #expect(carousel.published.date == ISO8601DateFormatter().date(from: "2025-12-01T17:00:00Z"))
    #expect(carousel.published.assumedTimeZone == "Europe/Berlin")
    // The metrics are dated by the export's file name (the last date in it).
    #expect(carousel.metricsObservedAt == ISO8601DateFormatter().date(from: "2025-12-15T00:00:00Z"))
  }

  @Test func joinsToInstagramPostsByMediaIDAndKeepsTheStatedTime() throws {
    let folder = try TemporaryFolder()
    let store = try folder.store()
    try importInto(store, fixtures.appendingPathComponent("instagram/bakerbee_20261120.zip"))
    let report = try importInto(store, instagramCSV, timeZone: "Europe/Berlin")
    #expect(report.accounts.first?.postsAdded == 3)
    #expect(report.accounts.first?.postsUpdated == 1)
    let post = try #require(try store.posts(PostQuery()).first { $0.key == "media:17881210856973858" })
    // The epoch time from the Instagram export is exact; the CSV's assumed one does not replace it.
    #expect(post.published.date.timeIntervalSince1970 == 1_760_000_000)
    #expect(post.published.isZoneAssumed == false)
    #expect(post.permalink == "https://www.instagram.com/p/DPaaaaaaaaa/")
    #expect(try store.tableCounts()["metric_snapshot"] == 4 + 4)
  }

  @Test func readsAFacebookPageWithReactionsAndImpressions() throws {
    let folder = try TemporaryFolder()
    let store = try folder.store()
    try importInto(store, fixtures.appendingPathComponent("business-suite/facebook-page-Oct-01-2025_Oct-31-2025.csv"))
    let posts = try store.posts(PostQuery())
    #expect(posts.map(\.platform) == [.facebook, .facebook])
    #expect(posts.map(\.account) == ["Bakerbee Bakery", "Bakerbee Bakery"])
    #expect(posts.map(\.mediaKind) == [.video, .image])
    #expect(posts.last?.metrics[.likes] == 140)
    #expect(posts.last?.metrics[.impressions] == 3400)
    #expect(posts.last?.metrics[.saves] == nil)
  }

  @Test func readsSwedishHeaders() throws {
    let folder = try TemporaryFolder()
    let store = try folder.store()
    try importInto(store, fixtures.appendingPathComponent("business-suite/svenska-Sep-01-2025_Sep-30-2025.csv"))
    let post = try #require(try store.posts(PostQuery()).first)
    #expect(post.account == "kanelbulle")
    #expect(post.caption == "Fika time ☕ #fika #kanelbulle")
    #expect(post.metrics[.views] == 1204)
    #expect(post.metrics[.likes] == 77)
    #expect(post.metrics[.saves] == 12)
  }

  @Test func findsColumnsInAnyOrderAndCase() throws {
    let folder = try TemporaryFolder()
    let store = try folder.store()
    let file = try folder.file(
      "export.csv",
      "REACH,publish TIME,post id,account USERNAME,likes\n\"2,000\",01/02/2026 10:00,1234567890123,@shuffled,9\n")
    try importInto(store, file)
    let post = try #require(try store.posts(PostQuery()).first)
    #expect(post.account == "shuffled")
    #expect(post.metrics[.reach] == 2000)
    #expect(post.metrics[.likes] == 9)
  }
}
