import Foundation
import Testing

@testable import CreatorKit

@Suite struct YouTubeImportTests {
  let folder = try! TemporaryFolder()
  let studio = fixtures.appendingPathComponent("youtube/Content 2025-08-01_2025-08-31 Oven Thyme")
  let takeout2022 = fixtures.appendingPathComponent("youtube/takeout-2022")
  let takeout2024 = fixtures.appendingPathComponent("youtube/takeout-2024")

  func byKey(_ store: PostStore) throws -> [String: StoredPost] {
    Dictionary(try store.posts(PostQuery()).map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
  }

  @Test func readsTheStudioTableWithoutItsTotalRow() throws {
    let store = try folder.store()
    let report = try importInto(store, studio, account: "oventhyme", timeZone: "Europe/Stockholm")
    #expect(report.filesRead.map(\.importer) == ["youtube-studio"])
    #expect(report.skipped.map(\.reason) == ["never published (no publish time)"])
    let posts = try byKey(store)
    #expect(posts.keys.sorted() == ["video:-HHGH-TTqYM", "video:dQw4w9WgXcQ"], "the leading space was not trimmed")
    let short = try #require(posts["video:-HHGH-TTqYM"])
    #expect(short.published.precision == .day && short.published.assumedTimeZone == "Europe/Stockholm")
    #expect(short.metrics[.views] == 2000 && short.metrics[.impressions] == 23000 && short.metrics[.follows] == -2)
    #expect(short.permalink == "https://www.youtube.com/watch?v=-HHGH-TTqYM")
    #expect(posts["video:dQw4w9WgXcQ"]?.caption == "Shaping a batard, slowly")
    // Date-only posts stay out of hour-of-day statistics.
    #expect(try store.samples(SampleQuery()).allSatisfy { !$0.hasTimeOfDay })
  }

  @Test func asksWhoseChannelAStudioExportIsAndNamesABadDate() throws {
    let store = try folder.store()
    #expect {
      try importInto(store, studio)
    } throws: { error in
      (error as? ImportError)?.kind == .needsOption && "\(error)".contains("--account")
    }
    let bad = try folder.file(
      "studio/Table data.csv", "Content,Video title,Video publish time,Views\nabc,T,\"28/08/2025\",5\n")
    #expect {
      try importInto(store, bad, account: "oventhyme")
    } throws: { error in
      "\(error)".contains("Table data.csv: line 2") && "\(error)".contains("not a date like")
    }
    let text = try folder.file(
      "studio2/Table data.csv", "Content,Video title,Video publish time,Views\nabc,T,\"Aug 28, 2025\",many\n")
    #expect {
      try importInto(store, text, account: "oventhyme")
    } throws: { error in
      "\(error)".contains(#"line 2, column "Views""#)
    }
    #expect(try store.posts(PostQuery()).isEmpty)
  }

  @Test func readsBothTakeoutShapesAndLetsAStatedTimeReplaceADateOnlyOne() throws {
    let store = try folder.store()
    try importInto(store, takeout2022)
    let old = try #require(try byKey(store)["video:a1b2c3d4e5f"])
    #expect(old.account == "UCoventhyme000000000000")
    #expect(old.caption == "First loaf\n\nMy first sourdough #bread" && old.hashtags == ["bread"])
    #expect(old.published.date == Date(timeIntervalSince1970: 1_360_726_900))
    #expect(old.metrics[.likes] == 1204 && old.metrics[.views] == 56000)

    let merged = try folder.store(named: "merged.sqlite")
    try importInto(merged, studio, account: "oventhyme", timeZone: "Europe/Stockholm")
    try importInto(merged, takeout2024, account: "oventhyme")
    let video = try #require(try byKey(merged)["video:dQw4w9WgXcQ"])
    #expect(try merged.posts(PostQuery()).count == 2, "the same video became two posts")
    #expect(video.published.precision == .time && video.published.assumedTimeZone == nil)
    #expect(video.published.date == Date(timeIntervalSince1970: 1_756_371_600))
    #expect(video.caption.hasPrefix("Shaping a batard, slowly\n\nBatard shaping"))
    #expect(video.metrics[.views] == 3100, "the Studio numbers stay")
  }
}
