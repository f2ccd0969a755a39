import Foundation
import Testing

@testable import CreatorKit

@Suite struct InstagramHTMLImportTests {
  let folder = try! TemporaryFolder()
  let export = fixtures.appendingPathComponent("instagram/htmlbaker_20251020")

  @Test(arguments: TestEngine.available) func readsPostsByLabelAndStructureNotClassNames(_ engine: TestEngine) throws {
    let store = try engine.makeStore()
    let report = try importInto(store, export, timeZone: "Europe/Stockholm")
    #expect(report.filesRead.map(\.importer) == ["instagram-html", "instagram-insights-html"])
    #expect(report.skipped.map(\.reason) == ["no readable date"])
    let posts = Dictionary(try store.posts(PostQuery()).map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
    #expect(posts.count == 3)
    let first = try #require(posts["media:17881210856973858"])
    #expect(first.account == "htmlbaker")
    #expect(first.caption == "Hello @neighbour, it's rye day 🍞 #rye #sourdough", "entities were not decoded")
    #expect(first.hashtags == ["rye", "sourdough"])
    #expect(first.published.date == Date(timeIntervalSince1970: 1_760_890_260))  // 18:11 in Stockholm
    #expect(first.published.assumedTimeZone == "Europe/Stockholm")
    #expect(
      posts["media:17950639644008205"]?.mediaKind == .carousel && posts["media:17950639644008205"]?.mediaCount == 2)
    let video = try #require(posts["media:17999999000000001"])
    #expect(video.mediaKind == .video)
    #expect(video.published.date == Date(timeIntervalSince1970: 1_759_358_400), "12:40 am is just after midnight")
  }

  @Test(arguments: TestEngine.available) func joinsTheHTMLInsightsOnTheThumbnail(_ engine: TestEngine) throws {
    let store = try engine.makeStore()
    let report = try importInto(store, export, timeZone: "Europe/Stockholm")
    #expect(report.filesRead.map(\.importer) == ["instagram-html", "instagram-insights-html"])
    let posts = Dictionary(try store.posts(PostQuery()).map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
    let first = try #require(posts["media:17881210856973858"])
    #expect(first.metrics[.reach] == 1508 && first.metrics[.impressions] == 1878 && first.metrics[.likes] == 120)
    #expect(first.metrics[.saves] == 33 && first.metrics[.shares] == nil, "'--' is no number")
    #expect(posts["media:17950639644008205"]?.metrics[.reach] == 612)

    _ = try folder.file(
      "y_20251020/logged_information/past_instagram_insights/posts.html",
      #"<html><body><div><a href="media/posts/1_17881210856973858.jpg"><img src="media/posts/1_17881210856973858.jpg"></a>"#
        + #"<table><tr><td>Zasięg<div><div>1 508</div></div></td></tr></table></div></body></html>"#)
    #expect {
      try importInto(store, folder.url.appendingPathComponent("y_20251020"), account: "htmlbaker")
    } throws: { error in
      "\(error)".contains("unknown language pack") && "\(error)".contains("Zasięg")
    }
  }

  @Test(arguments: TestEngine.available) func aCutPageKeepsWhatIsWholeAndCountsTheRest(_ engine: TestEngine) throws {
    let store = try engine.makeStore()
    let html = try String(
      contentsOf: export.appendingPathComponent("your_instagram_activity/media/posts_1.html"), encoding: .utf8)
    let cut = html.prefix(through: html.range(of: "551236_")!.lowerBound)
    let file = try folder.file("htmlbaker_20251020/your_instagram_activity/media/posts_1.html", String(cut))
    let report = try importInto(store, file.deletingLastPathComponent(), account: "htmlbaker")
    #expect(try store.posts(PostQuery()).count == 1)
    #expect(report.skipped.count == 1, "the cut post must be counted, not dropped")
  }

  @Test(arguments: TestEngine.available) func saysSoWhenAPageHoldsNoPosts(_ engine: TestEngine) throws {
    let store = try engine.makeStore()
    let file = try folder.file(
      "x_20251020/your_instagram_activity/media/posts_1.html", #"{"not": "html", "media": [1, 2]}"#)
    #expect {
      try importInto(store, file.deletingLastPathComponent(), account: "x")
    } throws: { error in
      "\(error)".contains("posts_1.html") && "\(error)".contains("no post blocks")
    }
  }
}
