import Foundation
import GRDB
import Testing

@testable import CreatorKit

/// Hostile inputs (issue 18): numbers too large for Int64, times far in the future, absurd counts, deep
/// templates, YAML aliases, oversized lines. Each must end in one clear line naming the file and the place
/// (or a counted skip), never a crash or an import that runs without bound; a refused import leaves the
/// store as it was.
@Suite struct HostileInputTests {
  let folder: TemporaryFolder
  let store: PostStore
  let before: String

  init() throws {
    folder = try TemporaryFolder()
    store = try folder.store()
    try importInto(store, fixtures.appendingPathComponent("instagram/brotzeit_20220315"))
    before = try dump(store)
  }

  /// Imports `url`, expects a one-line `ImportError` and checks the store is unchanged.
  func expectFailure(_ url: URL, account: String? = "bad") throws -> ImportError {
    var caught: ImportError?
    do {
      try importInto(store, url, account: account)
    } catch let error as ImportError {
      caught = error
    }
    let error = try #require(caught)
    #expect(!error.description.contains("\n"), "the error spans lines: \(error)")
    #expect(try dump(store) == before, "the store changed")
    return error
  }

  /// Numbers the JSON reader can only hold as a Double: 1e19, 2^64, 1e308 and 1e999 (infinity).
  static let outOfRange = ["1e19", "18446744073709551616", "1e308", "1e999", "-1e19"]

  @Test(arguments: outOfRange) func instagramTimestampTooLarge(_ number: String) throws {
    let url = try folder.file(
      "ig/your_instagram_activity/media/posts_1.json",
      #"[{"media": [{"uri": "media/posts/1_2_17700000000000001.jpg", "creation_timestamp": \#(number), "title": "x"}]}]"#
    )
    let error = try expectFailure(url)
    #expect(error.file.hasSuffix("posts_1.json"))
    #expect(error.place?.hasPrefix("$[0].media[0].creation_timestamp") == true, "\(error)")
    #expect(error.message.hasPrefix("expected a whole number"))
  }

  @Test(arguments: outOfRange) func facebookTimestampTooLarge(_ number: String) throws {
    let url = try folder.file(
      "fb/your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_1.json",
      #"[{"timestamp": \#(number), "data": [{"post": "hello #bread"}], "title": "x"}]"#)
    let error = try expectFailure(url)
    #expect(error.place?.hasPrefix("$[0].timestamp") == true, "\(error)")
    #expect(error.message.hasPrefix("expected a whole number"))
  }

  @Test(arguments: outOfRange) func threadsTimestampTooLarge(_ number: String) throws {
    let url = try folder.file(
      "th/your_instagram_activity/threads/threads_and_replies.json",
      #"{"text_post_app_text_posts": [{"media": [{"uri": "", "creation_timestamp": \#(number), "title": "x"}]}]}"#)
    let error = try expectFailure(url)
    #expect(error.place?.contains("creation_timestamp") == true, "\(error)")
  }

  @Test(arguments: ["1e19", "9223372036854775807"]) func xFavoriteCountTooLarge(_ number: String) throws {
    try folder.file("x/data/manifest.js", #"window.__THAR_CONFIG = {"userInfo": {"userName": "me"}}"#)
    let url = try folder.file(
      "x/data/tweets.js",
      #"window.YTD.tweets.part0 = [{"tweet": {"id_str": "1", "created_at": "Thu Jul 28 15:37:55 +0000 2022", "full_text": "hi", "favorite_count": \#(number), "retweet_count": "0"}}]"#
    )
    let error = try expectFailure(url.deletingLastPathComponent().deletingLastPathComponent(), account: nil)
    #expect(error.file.hasSuffix("tweets.js"), "\(error)")
    #expect(error.place?.contains("$[0]") == true, "\(error)")
  }

  /// Times that fit Int64 but no post has: skipped and counted, so statistics never walk to year 9999.
  @Test(arguments: ["9223372036854775807", "253402214400", "-9223372036854775808", "86400"])
  func postTimesOutsideTheYearsAreSkipped(_ seconds: String) throws {
    let url = try folder.file(
      "ig/your_instagram_activity/media/posts_1.json",
      #"[{"media": [{"uri": "media/posts/1_2_17700000000000009.jpg", "creation_timestamp": \#(seconds), "title": "x"}]}, {"media": [{"uri": "media/posts/1_2_17700000000000008.jpg", "creation_timestamp": 1700000000, "title": "y"}]}]"#
    )
    let report = try importInto(store, url, account: "far")
    #expect(report.skipped.count == 1)
    #expect(report.skipped.first?.reason.contains("outside the years accepted") == true, "\(report.skipped)")
    #expect(report.filesRead.first?.posts == 1)
    #expect(
      ImportSummary(report: report, verbose: false).text.contains(
        "1 × posts published outside the years accepted (2004 to the end of next year)"))
    let stats = try store.statistics(StatsOptions(timeZone: TimeZone(identifier: "UTC")!))
    #expect(stats.weeks.count < 1_500)
  }

  @Test func mappedEpochTooLargeIsSkipped() throws {
    let url = try folder.file(
      "sheet.csv", "time,text\n9223372036854775807,hello\n1e999,again\n2025-01-02T10:00:00Z,fine\n")
    let mapping = try ColumnMapping("published=time\ncaption=text\n", platform: .instagram)
    let report = try Importer(
      store: store,
      options: ImportOptions(
        account: "mapped", timeZone: TimeZone(identifier: "UTC")!, importers: [MappedTableImporter(mapping: mapping)])
    ).run([url])
    #expect(report.skipped.count == 2)
    #expect(report.filesRead.first?.posts == 1)
  }

  @Test(arguments: ["9223372036854775807", "1000000000001", "-5"]) func absurdCountsAreRefused(_ count: String) throws {
    let url = try folder.file(
      "page.csv", "Post ID,Account username,Publish time,Reach\n1,me,01/02/2026 10:00,\(count)\n")
    let error = try expectFailure(url)
    #expect(error.message.contains("reach of \(count) is not a count"), "\(error)")
    #expect(error.file == "page.csv")
    #expect(error.place != nil)
  }

  /// A count stored before the limit existed (or written by another tool) must not trap the statistics.
  @Test func statisticsOverHugeStoredCountsDoNotTrap() throws {
    try importInto(store, fixtures.appendingPathComponent("business-suite/demo-bakery-Jun-29-2026_Nov-22-2026.csv"))
    let columns = ["likes", "comments", "shares", "saves", "reach", "views", "impressions"]
    try store.write(dryRun: false) { db in
      try db.execute(
        sql: "UPDATE metric_snapshot SET " + columns.map { "\($0) = 9223372036854775807" }.joined(separator: ", "))
    }
    let stats = try store.statistics(StatsOptions(timeZone: TimeZone(identifier: "UTC")!))
    #expect(stats.overall.engagements == .max)
    #expect(StatsListing.render(stats, as: .table).contains("9,223,372,036,854,775,807"))
    let report = try WeeklyReport(store: store, options: ReportOptions(account: "demo.bakery", timeZone: .gmt))
    #expect(!(try ReportRenderer(format: .markdown).render(report)).isEmpty)
    #expect(!(try ReportRenderer(format: .html).render(report)).isEmpty)
  }

  /// A store holding a time from before the limit (year 9999) gets a bounded week grid, not 416,000 weeks.
  @Test func statisticsOverAFarFutureStoredTimeStayBounded() throws {
    try store.write(dryRun: false) { db in
      try db.execute(sql: "UPDATE post SET published_at = 253402214399 WHERE id = (SELECT max(id) FROM post)")
    }
    let stats = try store.statistics(StatsOptions(timeZone: TimeZone(identifier: "UTC")!))
    #expect(stats.weeks.count <= WeekGrid.mostWeeks)
    #expect(stats.weeks.last?.week.description == "9999-W52")
  }

  @Test func engagementsSaturate() {
    let values = MetricValues([.likes: .max, .comments: .max, .shares: 1])
    #expect(values.engagements == .max)
    #expect(Int64.max.saturatingAdd(1) == .max)
    #expect(Int64.min.saturatingAdd(-1) == .min)
    #expect(Int64(40).saturatingAdd(2) == 42)
  }

  @Test func readerOfAMissingFileThrowsOnce() {
    // The buffer was freed before throwing and again by deinit: a double free that aborted the process.
    for _ in 0..<3 {
      #expect(throws: (any Error).self) {
        _ = try ByteReader(url: folder.url.appendingPathComponent("missing.json"))
      }
    }
  }

  @Test func csvLineOfNULBytesIsRefusedAtItsFirstByte() throws {
    var data = Data("Post ID,Account username,Publish time,Description\n1,me,01/02/2026 10:00,".utf8)
    data.append(Data(count: 4 << 20))
    let error = try expectFailure(try folder.file("nul.csv", data))
    #expect(error.place == "line 2")
    #expect(error.message.contains("NUL"))
  }

  @Test func csvFieldLongerThanTheLimitIsRefused() throws {
    var data = Data("Post ID,Account username,Publish time,Description\n1,me,01/02/2026 10:00,\"".utf8)
    data.append(Data(repeating: UInt8(ascii: "a"), count: CSVReader.largestField + 1))
    data.append(Data("\"\n".utf8))
    let error = try expectFailure(try folder.file("long.csv", data))
    #expect(error.place == "line 2")
    #expect(error.message.contains("longer than 1 MiB"))
  }

  @Test func htmlPageWithAHugeCaptionIsRefused() throws {
    let page = try String(
      contentsOf: fixtures.appendingPathComponent(
        "instagram/htmlbaker_20251020/your_instagram_activity/media/posts_1.html"),
      encoding: .utf8)
    // The first caption grows to 12 MiB: libxml2 dropped the rest of the page after such a text.
    let marker = try #require(page.range(of: "</div>"))
    let huge = page.replacingCharacters(
      in: marker.lowerBound..<marker.lowerBound, with: String(repeating: "a", count: 12 << 20))
    let url = try folder.file("html/your_instagram_activity/media/posts_1.html", huge)
    let error = try expectFailure(
      url.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent())
    #expect(error.file.hasSuffix("posts_1.html"))
    #expect(error.message.contains("between tags"), "\(error)")
  }

  @Test func htmlPageLargerThanTheLimitIsRefusedUnread() throws {
    let url = try folder.file("big/your_instagram_activity/media/posts_1.html", "<html><body>")
    let handle = try FileHandle(forWritingTo: url)
    try handle.truncate(atOffset: UInt64(HTMLNode.largestPage + 1))  // sparse: no disk, no time
    try handle.close()
    let error = try expectFailure(
      url.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent())
    #expect(error.message == "the page is larger than 128 MiB", "\(error)")
  }

  @Test func aHugeStringInJSONIsRefusedBeforeItFillsMemory() throws {
    let title = String(repeating: "a", count: 17 << 20)
    let url = try folder.file(
      "huge/your_instagram_activity/media/posts_1.json",
      #"[{"media": [{"uri": "media/posts/1_2_17700000000000001.jpg", "creation_timestamp": 1700000000}], "title": ""#
        + title + #""}]"#)
    let error = try expectFailure(
      url.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent())
    #expect(error.message.contains("a string longer than 16 MiB"), "\(error)")
    #expect(error.place?.contains("$[0].title") == true, "\(error)")
  }

  @Test func insightsFileCutDownToABraceIsRefused() throws {
    let url = try folder.file("cut/past_instagram_insights/posts.json", "{")
    try folder.file(
      "cut/content/posts_1.json",
      #"[{"media": [{"uri": "media/posts/1_2_17700000000000001.jpg", "creation_timestamp": 1700000000, "title": "x"}]}]"#
    )
    let error = try expectFailure(url.deletingLastPathComponent().deletingLastPathComponent())
    #expect(error.file.hasSuffix("past_instagram_insights/posts.json"))
    #expect(error.message.contains("cut off"))
  }

  @Test func jsonLinesWithAByteOrderMarkAndCRLFAreRead() throws {
    let text =
      "\u{FEFF}{\"caption\": \"one\", \"when\": \"2026-11-02T08:00:00Z\"}\r\n"
      + "{\"caption\": \"two\", \"when\": \"2026-11-03T08:00:00Z\"}\r\n"
    let url = try folder.file("sheet.jsonl", text)
    let mapping = try ColumnMapping("caption=caption\npublished=when\n", platform: .instagram)
    let report = try Importer(
      store: store,
      options: ImportOptions(
        account: "lines", timeZone: TimeZone(identifier: "UTC")!, importers: [MappedTableImporter(mapping: mapping)])
    ).run([url])
    #expect(report.filesRead.first?.posts == 2)
  }
}
