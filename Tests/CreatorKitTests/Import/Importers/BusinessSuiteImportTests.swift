import Foundation
import Testing

@testable import CreatorKit

@Suite struct BusinessSuiteImportTests {
  let instagramCSV = fixtures.appendingPathComponent(
    "business-suite/Nov-01-2025_Dec-15-2025_17841400000000000.csv")

  @Test(arguments: TestEngine.available) func readsTheInstagramCSVWithBOMQuotedNumbersAndLifetime(_ engine: TestEngine)
    throws
  {
    let folder = try TemporaryFolder()
    let store = try engine.makeStore()
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

  @Test(arguments: TestEngine.available) func readsTimesADaylightSavingTransitionSkipsOrRepeats(_ engine: TestEngine)
    throws
  {
    let folder = try TemporaryFolder()
    let store = try engine.makeStore()
    let csv = try folder.file(
      "Mar-01-2020_Oct-31-2020_1.csv",
      "Post ID,Account username,Publish time,Reach\n1,gapbaker,03/29/2020 02:30,10\n2,gapbaker,10/25/2020 02:30,20\n"
        + "3,gapbaker,10/25/2020 03:30,30\n")
    let report = try importInto(store, csv, timeZone: "Europe/Berlin")
    #expect(report.accounts.first?.postsAdded == 3)
    let times = Dictionary(
      try store.posts(PostQuery()).map { ($0.key, $0.published.date) }, uniquingKeysWith: { a, _ in a })
    let utc = ISO8601DateFormatter()
    // 02:30 does not exist on 29 March 2020 in Berlin: read forward, 03:30 CEST.
    #expect(times["media:1"] == utc.date(from: "2020-03-29T01:30:00Z"))
    // 02:30 on 25 October 2020 happened twice: the first, still CEST.
    #expect(times["media:2"] == utc.date(from: "2020-10-25T00:30:00Z"))
    #expect(times["media:3"] == utc.date(from: "2020-10-25T02:30:00Z"))
    #expect(report.notes.contains { $0.contains("1 time the clock skipped") && $0.contains("03/29/2020 02:30") })
    #expect(report.notes.contains { $0.contains("1 time the clock showed twice") })
  }

  @Test(arguments: TestEngine.available) func aSecondImportKeepsTheZoneTheFirstAssumed(_ engine: TestEngine) throws {
    let folder = try TemporaryFolder()
    let store = try engine.makeStore()
    func run(_ zone: String, given: Bool) throws -> ImportReport {
      try Importer(
        store: store, options: ImportOptions(timeZone: TimeZone(identifier: zone)!, timeZoneGiven: given)
      ).run([instagramCSV])
    }
    _ = try run("Europe/Berlin", given: true)
    let before = try store.posts(PostQuery()).map(\.published)
    // The machine's zone (not given) does not move what an earlier import read in Berlin.
    let again = try run("America/Los_Angeles", given: false)
    #expect(again.accounts.first?.postsUpdated == 0 && again.accounts.first?.postsUnchanged == 4)
    #expect(try store.posts(PostQuery()).map(\.published) == before)
    #expect(again.notes.contains { $0.contains("read in Europe/Berlin") && $0.contains("--timezone") })
    // A zone given on purpose re-times them, and says so.
    let moved = try run("America/New_York", given: true)
    #expect(moved.accounts.first?.postsUpdated == 4)
    #expect(moved.notes.contains { $0.contains("not Europe/Berlin as before") })
    #expect(try store.posts(PostQuery()).allSatisfy { $0.published.assumedTimeZone == "America/New_York" })
  }

  @Test(arguments: TestEngine.available) func joinsToInstagramPostsByMediaIDAndKeepsTheStatedTime(_ engine: TestEngine)
    throws
  {
    let folder = try TemporaryFolder()
    let store = try engine.makeStore()
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

  @Test(arguments: TestEngine.available) func readsAFacebookPageWithReactionsAndImpressions(_ engine: TestEngine) throws
  {
    let folder = try TemporaryFolder()
    let store = try engine.makeStore()
    try importInto(store, fixtures.appendingPathComponent("business-suite/facebook-page-Oct-01-2025_Oct-31-2025.csv"))
    let posts = try store.posts(PostQuery())
    #expect(posts.map(\.platform) == [.facebook, .facebook])
    #expect(posts.map(\.account) == ["Bakerbee Bakery", "Bakerbee Bakery"])
    #expect(posts.map(\.mediaKind) == [.video, .image])
    #expect(posts.last?.metrics[.likes] == 140)
    #expect(posts.last?.metrics[.impressions] == 3400)
    #expect(posts.last?.metrics[.saves] == nil)
  }

  @Test(arguments: TestEngine.available) func readsSwedishHeaders(_ engine: TestEngine) throws {
    let folder = try TemporaryFolder()
    let store = try engine.makeStore()
    try importInto(store, fixtures.appendingPathComponent("business-suite/svenska-Sep-01-2025_Sep-30-2025.csv"))
    let post = try #require(try store.posts(PostQuery()).first)
    #expect(post.account == "kanelbulle")
    #expect(post.caption == "Fika time ☕ #fika #kanelbulle")
    #expect(post.metrics[.views] == 1204)
    #expect(post.metrics[.likes] == 77)
    #expect(post.metrics[.saves] == 12)
  }

  @Test(arguments: TestEngine.available) func findsColumnsInAnyOrderAndCase(_ engine: TestEngine) throws {
    let folder = try TemporaryFolder()
    let store = try engine.makeStore()
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
