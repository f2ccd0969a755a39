import Foundation
import Testing

@testable import CreatorKit

@Suite struct InstagramImportTests {
  let zip = fixtures.appendingPathComponent("instagram/bakerbee_20261120.zip")

  @Test(arguments: TestEngine.available) func readsArchivedPostsMarkedAndLeavesThemOutOfStatistics(_ engine: TestEngine)
    throws
  {
    let folder = try TemporaryFolder()
    let store = try engine.makeStore()
    let report = try importInto(store, fixtures.appendingPathComponent("instagram/archiver_20250301"))
    let tally = try #require(report.accounts.first)
    #expect(tally.postsRead == 5 && tally.postsArchived == 3)
    #expect(report.summaryLines.first?.contains("3 archived among them") == true)
    let posts = try store.posts(PostQuery())
    #expect(
      posts.filter(\.archived).map(\.key).sorted() == [
        "media:17990000000000003", "media:17990000000000004", "media:17990000000000006",
      ])
    let carousel = try #require(posts.first { $0.key == "media:17990000000000004" })
    #expect(carousel.caption == "Two from the first market été" && carousel.mediaKind == .carousel)
    #expect(try store.statistics(StatsOptions(timeZone: TimeZone(identifier: "UTC")!)).posts == 2)
    let all = try store.statistics(
      StatsOptions(query: SampleQuery(includesArchived: true), timeZone: TimeZone(identifier: "UTC")!))
    #expect(all.posts == 5)
    let again = try importInto(store, fixtures.appendingPathComponent("instagram/archiver_20250301"))
    #expect(again.accounts.first?.postsUnchanged == 5)
  }

  @Test(arguments: TestEngine.available) func importsTheZipAsDownloaded(_ engine: TestEngine) throws {
    let folder = try TemporaryFolder()
    let store = try engine.makeStore()
    let report = try importInto(store, zip)
    #expect(
      report.summaryLines == [
        "Instagram @bakerbee: 5 posts, 2 reels, 1 story; 5 metric rows: 4 joined, 1 unmatched "
          + "(added 8, updated 0, unchanged 0; metric snapshots added 4, updated 0)"
      ])
    #expect(
      report.skipped.map(\.reason).sorted() == [
        "no media in the post", "no post with media:17899999999999999 in this import or the store",
      ])
    let posts = try store.posts(PostQuery())
    #expect(posts.count == 8)
    #expect(Set(posts.map(\.mediaKind)) == [.image, .carousel, .video, .reel, .story])
  }

  @Test func theProfileIsReadOncePerExport() throws {
    let source = try ExportSource(url: zip)
    var reads = 0
    let name = { () -> String? in
      reads += 1
      return source.file(endingWith: "personal_information.json").map { _ in "bakerbee" }
    }
    #expect(source.fact("instagram-username", name) == "bakerbee")
    #expect(source.fact("instagram-username", name) == "bakerbee")
    #expect(reads == 1, "worked out once, then remembered")
    var misses = 0
    for _ in 0..<2 {
      #expect(
        source.fact(
          "nothing",
          {
            misses += 1; return nil
          }) == nil)
    }
    #expect(misses == 1, "a nil answer is remembered too")
    let file = try #require(source.files.first { $0.fileName.hasSuffix(".json") })
    #expect(try InstagramExport.account(in: source, context: ImportContext(), for: file) == "bakerbee")
  }

  @Test(arguments: TestEngine.available) func followsTheCaptionPlacementRule(_ engine: TestEngine) throws {
    let folder = try TemporaryFolder()
    let store = try engine.makeStore()
    try importInto(store, zip)
    let posts = try store.posts(PostQuery())
    // The carousel's caption is at the top level (child titles are empty) and its time is the top level's.
    let carousel = try #require(posts.first { $0.mediaKind == .carousel })
    #expect(carousel.caption == "Un Taxi 🇨🇴 y pan dulce — três fotos! #東京 #travel🍰#cake")
    #expect(carousel.published.date.timeIntervalSince1970 == 1_760_600_001)
    #expect(carousel.mediaCount == 3)
    #expect(carousel.hashtags.sorted() == ["cake", "travel", "東京"])
    // A single-media post keeps its caption in media[0].title.
    let single = try #require(posts.first { $0.key == "media:17881210856973858" })
    #expect(single.caption == "Sourdough morning 🍞 #sourdough #café #bakery @flourfriend")
    #expect(single.published.isZoneAssumed == false)
    #expect(single.metrics[.reach] == 1508)
    #expect(single.metrics[.impressions] == 1878)
    #expect(single.metrics[.linkTaps] == nil)
    // A video whose URI has no ending is still a video.
    #expect(posts.first { $0.key == "media:18012345678901234" }?.mediaKind == .video)
  }

  @Test func storesNoGPSDeviceIDUploadIPOrEmail() throws {
    let folder = try TemporaryFolder()
    let store = try folder.store()
    try importInto(store, zip)
    let text = try dump(store)
    for secret in ["203.0.113.77", "52.52", "13.405", "android-5f3a9c0d", "baker@example.com"] {
      #expect(!text.contains(secret), "the store holds \(secret)")
    }
  }

  @Test(arguments: TestEngine.available) func readsEveryLayoutGeneration(_ engine: TestEngine) throws {
    let folder = try TemporaryFolder()
    let store = try engine.makeStore()
    try importInto(
      store, fixtures.appendingPathComponent("instagram/brotzeit_20220315"),
      fixtures.appendingPathComponent("instagram/tacotruck_20240610"), zip)
    let accounts = try store.accounts()
    #expect(accounts.map(\.account) == ["bakerbee", "brotzeit", "tacotruck"])
    #expect(accounts.map(\.postCount) == [8, 2, 2])
  }

  @Test(arguments: TestEngine.available) func readsGermanInsightLabelsAndNumbers(_ engine: TestEngine) throws {
    let folder = try TemporaryFolder()
    let store = try engine.makeStore()
    try importInto(store, fixtures.appendingPathComponent("instagram/brotzeit_20220315"))
    var query = PostQuery()
    query.hashtag = "brezel"
    let post = try #require(try store.posts(query).first)
    #expect(post.caption == "Laugenbrezel frisch aus dem Ofen 🥨 #brezel #bäckerei")
    #expect(post.metrics[.impressions] == 12345)
    #expect(post.metrics[.reach] == 9876)
    #expect(post.metrics[.likes] == 1024)
    #expect(post.metrics[.saves] == nil)
  }

  @Test(arguments: TestEngine.available) func readsOlderReelsInsights(_ engine: TestEngine) throws {
    let folder = try TemporaryFolder()
    let store = try engine.makeStore()
    try importInto(store, fixtures.appendingPathComponent("instagram/tacotruck_20240610"))
    var query = PostQuery()
    query.mediaKind = .reel
    let reel = try #require(try store.posts(query).first)
    #expect(reel.metrics[.views] == 22104)
    #expect(reel.metrics[.likes] == 1210)
    #expect(reel.metrics[.reach] == 15300)
  }

  @Test(arguments: TestEngine.available) func importingTheSameExportTwiceChangesNothing(_ engine: TestEngine) throws {
    let folder = try TemporaryFolder()
    let store = try engine.makeStore()
    try importInto(store, zip)
    let before = try store.tableCounts()
    let posts = try store.posts(PostQuery())
    let second = try importInto(store, zip)
    var after = try store.tableCounts()
    #expect(second.accounts.first?.postsAdded == 0)
    #expect(second.accounts.first?.postsUpdated == 0)
    #expect(second.accounts.first?.postsUnchanged == 8)
    #expect(second.accounts.first?.readingsAdded == 0)
    #expect(after["import"] == 2)
    after["import"] = before["import"]
    after["import_skip"] = before["import_skip"]
    #expect(after == before)
    #expect(try store.posts(PostQuery()) == posts)
  }

  @Test(arguments: TestEngine.available) func aNewerExportUpdatesPostsAndAddsSnapshots(_ engine: TestEngine) throws {
    let folder = try TemporaryFolder()
    let store = try engine.makeStore()
    try importInto(store, fixtures.appendingPathComponent("instagram/brotzeit_20220315"))
    // The same account a month later: one caption edited, the insight numbers grown.
    let newer = folder.url.appendingPathComponent("brotzeit_20220415")
    try FileManager.default.copyItem(at: fixtures.appendingPathComponent("instagram/brotzeit_20220315"), to: newer)
    let postsFile = newer.appendingPathComponent("content/posts_1.json")
    try String(contentsOf: postsFile, encoding: .utf8)
      .replacingOccurrences(of: "Laugenbrezel frisch", with: "Laugenbrezel ganz frisch")
      .write(to: postsFile, atomically: true, encoding: .utf8)
    let insights = newer.appendingPathComponent("past_instagram_insights/posts.json")
    try String(contentsOf: insights, encoding: .utf8).replacingOccurrences(of: "12.345", with: "13.000")
      .write(to: insights, atomically: true, encoding: .utf8)
    let report = try importInto(store, newer)
    #expect(report.accounts.first?.postsUpdated == 1)
    #expect(report.accounts.first?.postsUnchanged == 1)
    #expect(report.accounts.first?.readingsAdded == 1)
    #expect(try store.tableCounts()["metric_snapshot"] == 2)
    var query = PostQuery()
    query.text = "ganz"
    let post = try #require(try store.posts(query).first)
    #expect(post.metrics[.impressions] == 13000)
  }

  @Test(arguments: TestEngine.available) func theNewestReadingWinsWhateverTheImportOrder(_ engine: TestEngine) throws {
    let folder = try TemporaryFolder()
    let store = try engine.makeStore()
    let newer = folder.url.appendingPathComponent("brotzeit_20220415")
    try FileManager.default.copyItem(at: fixtures.appendingPathComponent("instagram/brotzeit_20220315"), to: newer)
    let insights = newer.appendingPathComponent("past_instagram_insights/posts.json")
    try String(contentsOf: insights, encoding: .utf8).replacingOccurrences(of: "12.345", with: "13.000")
      .write(to: insights, atomically: true, encoding: .utf8)
    // The April export first, then the older March one: the April numbers stay the newest.
    try importInto(store, newer)
    try importInto(store, fixtures.appendingPathComponent("instagram/brotzeit_20220315"))
    #expect(try store.tableCounts()["metric_snapshot"] == 2)
    var query = PostQuery()
    query.hashtag = "brezel"
    #expect(try store.posts(query).first?.metrics[.impressions] == 13000)
  }

  @Test(arguments: TestEngine.available) func asksForTheAccountWhenTheExportDoesNotSay(_ engine: TestEngine) throws {
    let folder = try TemporaryFolder()
    let store = try engine.makeStore()
    let file = try folder.file(
      "posts_1.json",
      #"[{"media": [{"uri": "media/posts/202401/1_2_17700000000000009.jpg", "creation_timestamp": 1704067200, "title": "hi"}]}]"#
    )
    #expect {
      try importInto(store, file)
    } throws: { error in
      (error as? ImportError)?.kind == .needsOption && "\(error)".contains("--account")
    }
    let report = try importInto(store, file, account: "@someone")
    #expect(report.accounts.map(\.account) == ["someone"])
  }
}
