import Foundation
import Testing

@testable import CreatorKit

@Suite struct FacebookImportTests {
  let folder = try! TemporaryFolder()
  let export = fixtures.appendingPathComponent("facebook/facebook-adabaker-2025-01-20-XyZ")

  @Test func readsPostsAndReelsNeverTheSystemSentence() throws {
    let store = try folder.store()
    let report = try importInto(store, export)
    #expect(Set(report.filesRead.map(\.importer)) == ["facebook-json"])
    #expect(report.skipped.map(\.reason) == ["no text and no attachment"])
    let posts = Dictionary(try store.posts(PostQuery()).map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
    #expect(posts.count == 5)
    #expect(posts.values.allSatisfy { $0.account == "Ada Bäker" && $0.platform == .facebook })
    #expect(!posts.values.contains { $0.caption.contains("updated her status") || $0.caption.contains("added") })
    let status = try #require(posts["time:1736000000"])
    #expect(status.caption == "Första semlan för året 🥐 — who wants one? #semla #fika" && status.mediaKind == .text)
    #expect(status.hashtags == ["semla", "fika"])
    #expect(posts["uri:your_facebook_activity/posts/media/Mobileuploads_1/rye_1.jpg"]?.caption == "Rye, sliced")
    let album = try #require(posts["uri:your_facebook_activity/posts/media/Album_2/a.jpg"])
    #expect(album.mediaKind == .carousel && album.mediaCount == 3)
    #expect(posts["time:1736300000"]?.caption == "Our bread in the local paper!")
    #expect(posts["uri:your_facebook_activity/reels/media/reel_1.mp4"]?.mediaKind == .reel)
    let everything = try dump(store)
    for secret in ["203.0.113", "55.605", "ada@example.com", "1990"] {
      #expect(!everything.contains(secret), "\(secret) reached the store")
    }
    // Importing the same export again changes no post.
    let again = try importInto(store, export)
    #expect(again.accounts.allSatisfy { $0.postsAdded == 0 && $0.postsUpdated == 0 })
  }

  @Test func aMemoryIsItsOwnPostAndAttachmentsWithoutTextAreKept() throws {
    let store = try folder.store()
    let shapes = fixtures.appendingPathComponent("facebook/facebook-adabaker-2025-06-01-Mem")
    let report = try importInto(store, shapes)
    #expect(report.skipped.isEmpty, "skipped: \(report.skipped.map(\.reason))")
    let tally = try #require(report.accounts.first)
    #expect(tally.postsAdded == 8 && tally.postsUpdated == 0, "one file into an empty store adds, never updates")
    let posts = Dictionary(try store.posts(PostQuery()).map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
    let photo = "uri:your_facebook_activity/posts/media/FirstOven_3/oven_1.jpg"
    let album = try #require(posts[photo])
    #expect(album.caption == "Our first oven 🔥 seven photos of the build" && album.mediaCount == 7)
    let memory = try #require(posts["\(photo)@1748000000"])
    #expect(memory.caption == "Five years ago today. Still baking." && memory.mediaKind == .image)
    let words = Set(posts.values.filter { $0.mediaKind == .text }.map(\.caption))
    #expect(
      words == [
        "Bageri Sol", "Sourdough workshop", "Proofing baskets", "Opened Bäker & Co", "Rye is back",
        "https://news.example/oats",
      ])
    #expect(posts["time:1748500000"] != nil && posts["time:1748500000#2"] != nil, "two links in one second")
    #expect(report.notes.contains { $0.contains("1 check-in") && $0.contains("2 link") })
    let everything = try dump(store)
    #expect(!everything.contains("55.605") && !everything.contains("13.0038"), "GPS reached the store")
    let again = try importInto(store, shapes)
    #expect(again.accounts.allSatisfy { $0.postsUnchanged == 8 && $0.postsUpdated == 0 && $0.postsAdded == 0 })
  }

  @Test(arguments: TestEngine.available) func namesThePlaceOfABrokenPostsFile(_ engine: TestEngine) throws {
    let store = try engine.makeStore()
    let broken = try folder.file(
      "facebook-x/your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_1.json",
      #"[{"timestamp": 1736000000, "data": [{"post": "ok"}]}, {"timestamp": "soon", "data": []}]"#)
    #expect {
      try importInto(store, broken.deletingLastPathComponent(), account: "ada")
    } throws: { error in
      "\(error)".contains("$[1].timestamp") && "\(error)".contains("expected a whole number")
    }
    #expect(try store.posts(PostQuery()).isEmpty)
  }
}
