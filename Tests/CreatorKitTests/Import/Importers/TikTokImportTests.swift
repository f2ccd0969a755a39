import Foundation
import GRDB
import Testing

@testable import CreatorKit

@Suite struct TikTokImportTests {
  let folder = try! TemporaryFolder()
  let newer = fixtures.appendingPathComponent("tiktok/oventhyme-2024-12-01")
  let older = fixtures.appendingPathComponent("tiktok/oventhyme-2024-11-01")
  static let oldestFirst: PostQuery = {
    var query = PostQuery()
    query.order = .oldest
    return query
  }()

  @Test func readsPostsLikesAndTheProfileFromThe2024Layout() throws {
    let store = try folder.store()
    let report = try importInto(store, newer, timeZone: "Europe/Stockholm")
    #expect(report.filesRead.map(\.importer) == ["tiktok-json"])
    let counts = try #require(report.filesRead.first)
    #expect((counts.posts, counts.readings, counts.skipped) == (4, 3, 1), "what --dry-run lists per file")
    #expect(report.skipped.map(\.reason) == ["no readable Date"])
    #expect(report.notes.contains { $0.contains("1 recently deleted post left out") })
    let posts = try store.posts(Self.oldestFirst)
    #expect(posts.map(\.account) == Array(repeating: "oventhyme", count: 4))
    #expect(posts.allSatisfy { $0.platform == .tiktok && $0.mediaKind == .video })
    #expect(
      posts.map(\.key) == [
        "time:2024-11-18 07:30:00", "time:2024-11-18 07:30:00#2", "time:2024-11-20 19:02:07",
        "time:2024-11-24 08:53:18",
      ])
    let croissant = try #require(posts.last)
    #expect(croissant.caption == "Laminating croissant dough 🥐 #bakery #croissant")
    #expect(croissant.hashtags == ["bakery", "croissant"])
    #expect(croissant.metrics[.likes] == 59)
    #expect(croissant.published.assumedTimeZone == "Europe/Stockholm")
    #expect(croissant.published.date == Date(timeIntervalSince1970: 1_732_434_798))  // 08:53:18 in Stockholm
    #expect(posts[0].hashtags == ["sourdough", "東京"] && posts[0].metrics.isEmpty, "N/A is not a number")
    #expect(posts[2].metrics[.likes] == 1204)
    let everything = try dump(store)
    for secret in ["baker@example.com", "+46700000000", "x-tos-expires", "01-Jan-1990"] {
      #expect(!everything.contains(secret), "\(secret) reached the store")
    }
  }

  @Test func aLaterExportOfTheSameAccountAddsSnapshotsToTheSamePosts() throws {
    let store = try folder.store()
    try importInto(store, older, timeZone: "Europe/Stockholm")
    #expect(try store.posts(PostQuery()).count == 2)
    try importInto(store, newer, timeZone: "Europe/Stockholm")
    let posts = try store.posts(Self.oldestFirst)
    #expect(posts.count == 4, "the expiring Link must not make the same post a new one")
    #expect(posts.last?.metrics[.likes] == 59)
    let snapshots = try store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM metric_snapshot")! }
    #expect(snapshots == 2 + 3, "two from November, three from December (one post has N/A)")
    // The same export again changes nothing.
    try importInto(store, newer, timeZone: "Europe/Stockholm")
    #expect(try store.posts(PostQuery()).count == 4)
    #expect(try store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM metric_snapshot")! } == 5)
  }

  @Test(arguments: TestEngine.available) func namesThePlaceOfATruncatedFileOrAWrongType(_ engine: TestEngine) throws {
    let store = try engine.makeStore()
    let text = try String(contentsOf: newer.appendingPathComponent("user_data_tiktok.json"), encoding: .utf8)
    let cut = try folder.file("cut/user_data_tiktok.json", String(text.prefix(text.count / 2)))
    #expect {
      try importInto(store, cut, account: "oventhyme")
    } throws: { error in
      let error = error as? ImportError
      return error?.file.hasSuffix("user_data_tiktok.json") == true && error?.message.contains("cut off") == true
    }
    let wrong = try folder.file(
      "wrong/user_data_tiktok.json",
      #"{"Profile": {}, "Post": {"Posts": {"VideoList": [{"Date": "2024-11-24 08:53:18", "Likes": {"n": 5}}]}}}"#)
    #expect {
      try importInto(store, wrong, account: "oventhyme")
    } throws: { error in
      "\(error)".contains("$.Post.Posts.VideoList[0].Likes") && "\(error)".contains("expected a count")
    }
    #expect(try store.posts(PostQuery()).isEmpty, "nothing half-written")
  }

  @Test(arguments: TestEngine.available) func asksForTheAccountWhenTheExportHasNoProfile(_ engine: TestEngine) throws {
    let store = try engine.makeStore()
    let bare = try folder.file(
      "bare/user_data.json", #"{"Activity": {}, "Video": {"Videos": {"VideoList": null}}}"#)
    #expect {
      try importInto(store, bare)
    } throws: { error in
      (error as? ImportError)?.kind == .needsOption && "\(error)".contains("--account")
    }
    #expect(try importInto(store, bare, account: "someone").skipped.isEmpty)
  }
}
