import Foundation
import Testing

@testable import CreatorKit

/// The shapes of real Instagram HTML archives (`fixtures/instagram/html-archive-2025-01-10`): metadata tables
/// between a single medium and its date line, insights written as label and value in one cell, captions
/// with line breaks, and the owner named only in `personal_information.html`.
@Suite struct InstagramHTMLArchiveTests {
  let folder = try! TemporaryFolder()
  let export = fixtures.appendingPathComponent("instagram/html-archive-2025-01-10")

  @Test(arguments: TestEngine.available) func readsEveryItemWithMetadataTablesAndItsOwner(_ engine: TestEngine) throws {
    let store = try engine.makeStore()
    let report = try importInto(store, export, timeZone: "Europe/Berlin")
    #expect(report.skipped.isEmpty, "skipped: \(report.skipped.map(\.reason))")
    let posts = Dictionary(try store.posts(PostQuery()).map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
    #expect(posts.count == 8)
    #expect(
      posts.values.filter(\.archived).map(\.key).sorted() == [
        "media:17900000000000011", "media:17900000000000012", "media:17900000000000014",
      ], "archived_posts.html is read, marked archived")
    #expect(Set(posts.values.map(\.account)) == ["crumb.keeper"], "the owner comes from personal_information.html")
    let buns = try #require(posts["media:17900000000000001"])
    #expect(buns.mediaKind == .image)
    #expect(
      buns.caption
        == "Cardamom buns are back 🌀\nFriday and Saturday only.\n\nPre-order by DM @crumb.keeper #cardamom #fika",
      "line breaks are kept")
    #expect(buns.hashtags == ["cardamom", "fika"])
    // 19:12 in Berlin (UTC+1 in January).
    #expect(buns.published.date == Date(timeIntervalSince1970: 1_736_187_120))
    let carousel = try #require(posts["media:17900000000000002"])
    #expect(carousel.mediaKind == .carousel && carousel.mediaCount == 2)
    #expect(posts["media:17900000000000004"]?.caption == "")
    #expect(posts["media:17900000000000005"]?.mediaKind == .reel)
    #expect(posts["media:17900000000000006"]?.mediaKind == .story)
  }

  @Test(arguments: TestEngine.available) func joinsInsightsWrittenAsLabelAndValueInOneCell(_ engine: TestEngine) throws
  {
    let store = try engine.makeStore()
    let report = try importInto(store, export, timeZone: "Europe/Berlin")
    let tally = try #require(report.accounts.first)
    #expect(tally.readingsJoined == 2 && tally.readingsUnmatched == 0)
    let posts = Dictionary(try store.posts(PostQuery()).map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
    let buns = try #require(posts["media:17900000000000001"])
    #expect(buns.metrics[.impressions] == 2310 && buns.metrics[.reach] == 1904 && buns.metrics[.likes] == 47)
    #expect(buns.metrics[.comments] == 6 && buns.metrics[.saves] == 11 && buns.metrics[.shares] == nil)
    #expect(posts["media:17900000000000004"]?.metrics[.reach] == 880)
  }

  @Test(arguments: TestEngine.available) func aTimeInADaylightSavingGapIsReadForward(_ engine: TestEngine) throws {
    let store = try engine.makeStore()
    let page = try folder.file(
      "gap_20250401/your_instagram_activity/media/posts_1.html",
      #"<html><body><div><h2>Spring forward</h2><div><a href="media/posts/202503/1_17900000000000099.jpg">"#
        + #"<img src="media/posts/202503/1_17900000000000099.jpg"></a></div><div>Mar 30, 2025 2:30 am</div></div>"#
        + "</body></html>")
    let report = try importInto(store, page.deletingLastPathComponent(), account: "gap", timeZone: "Europe/Berlin")
    #expect(report.skipped.isEmpty, "02:30 does not exist that night in Berlin; it is read as 03:30 CEST")
    #expect(try store.posts(PostQuery()).first?.published.date == Date(timeIntervalSince1970: 1_743_298_200))
  }

  @Test(arguments: TestEngine.available) func anHTMLPageOnItsOwnIsNotTakenForACSV(_ engine: TestEngine) throws {
    let store = try engine.makeStore()
    let page = try folder.file(
      "start_here.html",
      "<!DOCTYPE html><html><head><title>Your information, a, b</title></head><body>Hi, there</body></html>")
    #expect(ExportSource.sniff(page) == .html)
    #expect {
      try importInto(store, page)
    } throws: { error in
      "\(error)".contains("an HTML page") && !"\(error)".contains("CSV")
    }
    // A posts page renamed by a browser's download ("posts_1 (1).html") is still read.
    let posts = try String(
      contentsOf: export.appendingPathComponent("your_instagram_activity/media/posts_1.html"), encoding: .utf8)
    let renamed = try folder.file("posts_1 (1).html", posts)
    try importInto(store, renamed, account: "crumb.keeper")
    #expect(try store.posts(PostQuery()).count == 3)
  }
}
