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

  @Test(arguments: TestEngine.available) func readsTheStudioTableWithoutItsTotalRow(_ engine: TestEngine) throws {
    let store = try engine.makeStore()
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

  @Test(arguments: TestEngine.available) func statisticsSayAStudioExportWithViewsOnlyLacksEngagementsNotViews(
    _ engine: TestEngine
  ) throws {
    let store = try engine.makeStore()
    try importInto(store, studio)
    let stats = try store.statistics(StatsOptions(timeZone: TimeZone(identifier: "UTC")!))
    // No rate (no engagement columns): the posts are compared by the views they have, and it says why.
    #expect(!stats.outcome.isRate && stats.outcome.label == "views per post")
    #expect(stats.overall.n == 2 && stats.overall.leftOut == 0)
    #expect(stats.outcome.note?.contains("no likes, comments, shares or saves") == true)
    #expect(stats.basisNote?.contains("none of these posts has views") != true)
    let byViews = try store.statistics(StatsOptions(basis: .views, timeZone: TimeZone(identifier: "UTC")!))
    #expect(byViews.overall.leftOutReason == "2 left out: no likes, comments, shares or saves")
  }

  @Test(arguments: TestEngine.available) func theReportShowsADateOnlyPublishTimeAsADate(_ engine: TestEngine) throws {
    let store = try engine.makeStore()
    try importInto(store, studio)
    let report = try WeeklyReport(store: store, options: ReportOptions(timeZone: TimeZone(identifier: "UTC")!))
    let markdown = try ReportRenderer(format: .markdown).render(report)
    #expect(markdown.contains("| 28 Aug 2025 | video |"))
    #expect(!markdown.contains("12:00"), "a date-only time has no hour")
    #expect(markdown.contains("no likes, comments, shares or saves per post"))
    #expect(!markdown.contains("carries no likes, views or reach"), "the posts have views")
  }

  @Test(arguments: TestEngine.available) func asksWhoseChannelAStudioExportIsAndNamesABadDate(_ engine: TestEngine)
    throws
  {
    let named = try importInto(try folder.store(named: "named.sqlite"), studio)
    #expect(named.accounts.map(\.account) == ["Oven Thyme"], "the channel is in the folder's name")
    let store = try engine.makeStore()
    let table = try Data(contentsOf: studio.appendingPathComponent("Table data.csv"))
    let unnamed = try folder.file("Downloads/Table data.csv", table)
    #expect {
      try importInto(store, unnamed)
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

  @Test(arguments: TestEngine.available) func readsBothTakeoutShapesAndLetsAStatedTimeReplaceADateOnlyOne(
    _ engine: TestEngine
  ) throws {
    let store = try engine.makeStore()
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
  @Test(arguments: TestEngine.available) func readsTakeoutInSpanishAndDutchFoldersFilesAndColumns(_ engine: TestEngine)
    throws
  {
    let store = try engine.makeStore()
    let spanish = try importInto(store, fixtures.appendingPathComponent("youtube/takeout-es"))
    #expect(spanish.filesRead.map(\.importer) == ["youtube-takeout"])
    #expect(spanish.skipped.map(\.reason) == ["never published (no publish time)"])
    let dutch = try importInto(store, fixtures.appendingPathComponent("youtube/takeout-nl"))
    #expect(dutch.filesRead.map(\.file) == ["takeout-nl/Takeout/YouTube en YouTube Music/videometadata/video_s.csv"])
    let posts = try byKey(store)
    #expect(posts.keys.sorted() == ["video:eS1a2b3c4d5", "video:nL0k9j8h7g6"])
    let pan = try #require(posts["video:eS1a2b3c4d5"])
    #expect(pan.account == "UChornodepan0000000000")
    #expect(pan.caption == "Pan de centeno ☕\n\nPan de masa madre, paso a paso #panadería")
    #expect(pan.hashtags == ["panadería"])
    #expect(pan.published.date == Date(timeIntervalSince1970: 1_756_791_000), "07:30 at +02:00")
    let brood = try #require(posts["video:nL0k9j8h7g6"])
    #expect(brood.caption.hasPrefix("Roggebrood in één dag\n\nRoggebrood bakken"))
    #expect(brood.published.date == Date(timeIntervalSince1970: 1_760_163_300), "stored to the second")
  }

  @Test(arguments: TestEngine.available) func matchesColumnNamesWithoutCaseAccentsOrPunctuation(_ engine: TestEngine)
    throws
  {
    let store = try engine.makeStore()
    let file = try folder.file(
      "Takeout/YouTube/metadatos del video/videos.csv",
      "id del video,TITULO DEL VIDEO (ORIGINAL),Marca de tiempo de publicacion del video\n"
        + "abcdefghijk,Sin tildes,2025-09-02T07:30:00Z\n")
    try importInto(store, file, account: "hornodepan")
    #expect(try byKey(store)["video:abcdefghijk"]?.caption == "Sin tildes")
  }

  @Test(arguments: TestEngine.available) func aTakeoutTableInAnUnknownLanguageFailsLoudly(_ engine: TestEngine) throws {
    let store = try engine.makeStore()
    let romanian = try folder.file(
      "ro/Takeout/YouTube și YouTube Music/metadate video/videoclipuri.csv",
      "ID videoclip,Durată aproximativă (ms),Titlul videoclipului (original),Marcaj temporal publicare videoclip\n"
        + "abcdefghijk,1000,Pâine,2025-09-02T07:30:00Z\n")
    #expect {
      try importInto(store, romanian.deletingLastPathComponent(), account: "brutarie")
    } throws: { error in
      let error = error as? ImportError
      return error?.file.hasSuffix("videoclipuri.csv") == true && error?.place == "line 1"
        && error?.message.contains("unknown language pack") == true
        && error?.message.contains("English, Spanish, Dutch") == true
    }
    #expect(try store.posts(PostQuery()).isEmpty, "nothing half-written")
  }
}
