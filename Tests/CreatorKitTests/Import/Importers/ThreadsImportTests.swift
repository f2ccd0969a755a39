import Foundation
import GRDB
import Testing

@testable import CreatorKit

@Suite struct ThreadsImportTests {
  let folder = try! TemporaryFolder()
  let export = fixtures.appendingPathComponent("threads/spoolbaker_20251101")
  static let oldestFirst: PostQuery = {
    var query = PostQuery()
    query.order = .oldest
    return query
  }()

  @Test func readsPostsAndRepliesFromTheInstagramExport() throws {
    let store = try folder.store()
    let report = try importInto(store, export)
    #expect(report.filesRead.map(\.importer) == ["threads-json"], "liked_threads.json is someone else's posts")
    #expect(report.skipped.map(\.reason) == ["neither text nor media"])
    #expect(report.summaryLines.first?.hasPrefix("Threads @spoolbaker: 6 posts, 2 replies among them") == true)
    #expect(report.notes.contains { $0.contains("2 of 6 entries taken as replies") && $0.contains("reply_control") })
    let posts = try store.posts(Self.oldestFirst)
    #expect(posts.allSatisfy { $0.platform == .threads && $0.account == "spoolbaker" })
    #expect(posts.map(\.relation) == [.own, .reply, .own, .own, .own, .reply])
    #expect(posts.map(\.mediaKind) == [.text, .text, .image, .carousel, .text, .text])
    #expect(posts.map(\.mediaCount) == [0, 0, 1, 2, 0, 0])
    #expect(
      posts.map(\.key) == [
        "thread:1761900000", "thread:1761900600", "media:18111111111111111", "media:18122222222222221",
        "thread:1762100000", "thread:1762100000#2",
      ])
    #expect(posts[0].caption == "Rye or spelt for the weekend bake? 🌾 #sourdough #bäckerei")
    #expect(posts[0].hashtags == ["sourdough", "bäckerei"])
    #expect(posts[1].caption.hasPrefix("@crumbqueen agreed, spelt ferments faster — watch it!"))
    #expect(posts[3].caption == "Two loaves, one oven 🔥 #baking", "a carousel's text is at the top level")
    #expect(posts[3].published.date == Date(timeIntervalSince1970: 1_762_000_001))
    let everything = try dump(store)
    for secret in ["spool@example.com", "52.52", "android-5f3a9c0d"] {
      #expect(!everything.contains(secret), "\(secret) reached the store")
    }
    // The same export again changes nothing.
    let again = try importInto(store, export)
    #expect(again.accounts.first?.postsAdded == 0 && again.accounts.first?.postsUnchanged == 6)
    #expect(try store.posts(PostQuery()).count == 6)
  }

  @Test(arguments: TestEngine.available) func anExplicitReplyMarkerDecidesOverTheReplySetting(_ engine: TestEngine)
    throws
  {
    let store = try engine.makeStore()
    let file = try folder.file(
      "marked/your_instagram_activity/threads/threads_and_replies.json",
      #"""
      {"text_post_app_text_posts": [
        {"media": [{"uri": "", "creation_timestamp": 1762000000, "title": "a post",
                    "text_app_post": {"reply_control": "everyone", "is_reply": false}}]},
        {"media": [{"uri": "", "creation_timestamp": 1762000100, "title": "a reply",
                    "text_app_post": {"reply_control": "everyone", "is_reply": true}}]},
        {"media": [{"uri": "", "creation_timestamp": 1762000200, "title": "another reply",
                    "text_app_post": {"in_reply_to_post_id": "3141592653589793"}}]},
        {"media": [{"uri": "", "creation_timestamp": 1762000300, "title": "no setting, but marked",
                    "text_app_post": {"is_reply": false}}]}
      ]}
      """#)
    let report = try importInto(store, file, account: "spoolbaker")
    #expect(!report.notes.contains { $0.contains("taken as replies") }, "markers, not the inference, decided")
    #expect(try store.posts(Self.oldestFirst).map(\.relation) == [.own, .reply, .reply, .own])
  }

  @Test(arguments: TestEngine.available) func aFileWhereNoEntrySaysCountsAllAsPostsAndSaysSo(_ engine: TestEngine)
    throws
  {
    let store = try engine.makeStore()
    let file = try folder.file(
      "old/threads_and_replies.json",
      #"""
      {"text_post_app_text_posts": [
        {"media": [{"uri": "", "creation_timestamp": 1762000000, "title": "one"}]},
        {"media": [{"uri": "", "creation_timestamp": 1762000100, "title": "two"}]}
      ]}
      """#)
    let report = try importInto(store, file, account: "spoolbaker")
    #expect(report.notes.contains { $0.contains("no entry is marked as a reply, so all 2 are counted as posts") })
    #expect(try store.posts(PostQuery()).allSatisfy { $0.relation == .own })
  }

  @Test(arguments: TestEngine.available) func namesThePlaceOfATruncatedFileOrAWrongType(_ engine: TestEngine) throws {
    let store = try engine.makeStore()
    let source = export.appendingPathComponent("your_instagram_activity/threads/threads_and_replies.json")
    let text = try String(contentsOf: source, encoding: .utf8)
    let cut = try folder.file("cut/threads_and_replies.json", String(text.prefix(text.count / 2)))
    #expect {
      try importInto(store, cut, account: "spoolbaker")
    } throws: { error in
      let error = error as? ImportError
      return error?.file.hasSuffix("threads_and_replies.json") == true && error?.message.contains("cut off") == true
    }
    let wrong = try folder.file(
      "wrong/threads_and_replies.json",
      #"{"text_post_app_text_posts": [{"media": [{"uri": "", "creation_timestamp": "soon", "title": "x"}]}]}"#)
    #expect {
      try importInto(store, wrong, account: "spoolbaker")
    } throws: { error in
      "\(error)".contains("$.text_post_app_text_posts[0].media[0].creation_timestamp")
        && "\(error)".contains("expected a whole number")
    }
    #expect(try store.posts(PostQuery()).isEmpty, "nothing half-written")
  }
}
