import Foundation
import GRDB
import Testing

@testable import CreatorKit

@Suite struct XArchiveImportTests {
  let folder = try! TemporaryFolder()
  let archive = fixtures.appendingPathComponent("x/twitter-2024-07-30-9f8e7d")

  func posts(_ store: PostStore) throws -> [String: StoredPost] {
    Dictionary(try store.posts(PostQuery()).map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
  }

  @Test func joinsALongPostCutWithALinkAndNamesTheOwnerWithoutAManifest() throws {
    let store = try folder.store()
    let report = try importInto(store, fixtures.appendingPathComponent("x/twitter-2025-03-01-aa11bb"))
    #expect(report.accounts.map(\.account) == ["RyeAndPatience"], "account.js names the owner")
    let long = try #require(try posts(store)["tweet:1890000000000000001"])
    #expect(long.caption.hasSuffix("First: the starter. #rye"), "the note's full text replaces the cut one")
    #expect(long.caption.hasPrefix("Rye & patience"))
    #expect(long.hashtags == ["rye"])
    #expect(try posts(store)["tweet:1890000000000000002"]?.caption == "Sunday bake done #bread")
    #expect(!(try dump(store)).contains("rye@example.invalid"))
  }

  @Test func readsEveryPartWithRepliesRepostsEditsAndLongPosts() throws {
    let store = try folder.store()
    let report = try importInto(store, archive)
    #expect(report.filesRead.map(\.importer) == ["x-archive", "x-archive"])
    #expect(report.notes.contains { $0.contains("1 earlier version of edited posts left out") })
    let byKey = try posts(store)
    #expect(byKey.count == 6)
    let first = try #require(byKey["tweet:1800000000000000001"])
    #expect(first.account == "OvenThyme" && first.platform == .x)
    #expect(first.caption == "Rye day! #rye #sourdough & coffee" && first.hashtags == ["rye", "sourdough"])
    #expect(
      first.published.date == Date(timeIntervalSince1970: 1_719_819_000) && first.published.assumedTimeZone == nil)
    #expect(first.metrics[.likes] == 14 && first.metrics[.shares] == 5)
    #expect(first.permalink == "https://x.com/OvenThyme/status/1800000000000000001")
    #expect(byKey["tweet:1800000000000000002"]?.relation == .reply)
    let repost = try #require(byKey["tweet:1800000000000000003"])
    #expect(repost.relation == .repost && repost.metrics.isEmpty)
    #expect(byKey["tweet:1800000000000000004"]?.mediaKind == .carousel)
    let edited = try #require(byKey["tweet:1800000000000000006"])
    #expect(edited.caption == "Lamination timelapse #croissant" && edited.mediaKind == .video)
    #expect(byKey["tweet:1800000000000000005"] == nil, "an edited post counted twice")
    let long = try #require(byKey["tweet:1800000000000000007"])
    #expect(long.caption.hasSuffix("(the whole thread, as one long post).") && !long.caption.contains("…"))
    #expect(try !dump(store).contains("baker@example.com"), "account.js reached the store")
  }

  @Test(arguments: TestEngine.available) func leavesRepostsOutOfTheStatistics(_ engine: TestEngine) throws {
    let store = try engine.makeStore()
    try importInto(store, archive)
    let samples = try store.samples(SampleQuery())
    #expect(samples.count == 5)
    #expect(!samples.contains { $0.key == "tweet:1800000000000000003" })
  }

  @Test(arguments: TestEngine.available) func aSecondVersionInALaterArchiveUpdatesThePostItReplaced(
    _ engine: TestEngine
  ) throws {
    let store = try engine.makeStore()
    try importInto(store, archive)
    // A later archive in which the edited post's newest version is a third id.
    let later = folder.url.appendingPathComponent("twitter-2024-08-30-aa/data")
    try FileManager.default.createDirectory(at: later, withIntermediateDirectories: true)
    let text = """
      window.YTD.tweets.part0 = [ { "tweet" : { "id_str" : "1800000000000000008", "created_at" : "Fri Jul 05 08:09:00 +0000 2024",
        "full_text" : "Lamination timelapse, final cut #croissant", "favorite_count" : "30", "retweet_count" : "4",
        "edit_info" : { "initial" : { "editTweetIds" : [ "1800000000000000005", "1800000000000000006", "1800000000000000008" ] } } } } ]
      """
    try text.write(to: later.appendingPathComponent("tweets.js"), atomically: true, encoding: .utf8)
    try importInto(store, later.deletingLastPathComponent(), account: "OvenThyme")
    let byKey = try posts(store)
    #expect(byKey.count == 6, "the new version is the same post")
    let edited = try #require(byKey["tweet:1800000000000000006"])
    #expect(edited.caption == "Lamination timelapse, final cut #croissant" && edited.metrics[.likes] == 30)
  }

  @Test(arguments: TestEngine.available) func namesThePlaceOfABrokenPartAndChangesNothing(_ engine: TestEngine) throws {
    let store = try engine.makeStore()
    let broken = folder.url.appendingPathComponent("broken/data")
    try FileManager.default.createDirectory(at: broken, withIntermediateDirectories: true)
    try
      #"window.YTD.tweets.part0 = [ { "tweet" : { "id_str" : "1", "created_at" : "Mon Jul 01 07:30:00 +0000 2024", "full_text" : "cut"#
      .write(to: broken.appendingPathComponent("tweets.js"), atomically: true, encoding: .utf8)
    #expect {
      try importInto(store, broken.deletingLastPathComponent(), account: "x")
    } throws: { error in
      let error = error as? ImportError
      return error?.file.hasSuffix("tweets.js") == true && error?.message.contains("cut off") == true
    }
    try
      #"window.YTD.tweets.part0 = [ { "tweet" : { "id_str" : "1", "created_at" : "Mon Jul 01 07:30:00 +0000 2024", "favorite_count" : ["14"] } } ]"#
      .write(to: broken.appendingPathComponent("tweets.js"), atomically: true, encoding: .utf8)
    #expect {
      try importInto(store, broken.deletingLastPathComponent(), account: "x")
    } throws: { error in
      "\(error)".contains("favorite_count") && "\(error)".contains("expected a whole number")
    }
    #expect(try store.posts(PostQuery()).isEmpty)
  }
}
