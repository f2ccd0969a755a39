import Foundation
import Testing

@testable import CreatorKit

@Suite struct LinkedInImportTests {
  let folder = try! TemporaryFolder()
  let export = fixtures.appendingPathComponent("linkedin/Basic_LinkedInDataExport_11-20-2026")

  @Test(arguments: TestEngine.available) func readsThe2018CopyInUTF16WithGroupPostsKeptApart(_ engine: TestEngine)
    throws
  {
    let store = try engine.makeStore()
    let report = try importInto(
      store, fixtures.appendingPathComponent("linkedin/LinkedInDataExport_2018-06-20"), timeZone: "Europe/Stockholm")
    #expect(report.skipped.isEmpty, "skipped: \(report.skipped.map(\.reason))")
    var query = PostQuery()
    query.order = .oldest
    let posts = try store.posts(query)
    #expect(
      posts.map(\.key) == [
        "urn:li:groupPost:4100000-6280000000000000001", "urn:li:groupPost:4100000-6360000000000000002",
        "urn:li:groupPost:4100000-6380000000000000003", "urn:li:share:6400000000000000004",
      ], "three posts in one group are three posts")
    #expect(posts.allSatisfy { $0.account == "ada-bäker" })
    #expect(posts[1].caption == "Starter maintenance, week 1 — feed it twice a day 🍞")
    #expect(posts[2].caption == "Our second loaf: crumb shot inside.\nQuestions welcome #baking")
    #expect(posts[2].hashtags == ["baking"])
    // `2017/06/08 08:15:44 UTC` states its zone.
    #expect(posts[0].published.date == Date(timeIntervalSince1970: 1_496_909_744))
    #expect(posts[0].published.assumedTimeZone == nil)
  }

  @Test func readsSharesAndRepairsThePerLineQuoting() throws {
    let store = try folder.store()
    let report = try importInto(store, export, timeZone: "Europe/Stockholm")
    #expect(report.filesRead.map(\.importer) == ["linkedin-shares"])
    #expect(report.skipped.map(\.reason) == [#"unreadable Date "last Tuesday""#])
    var query = PostQuery()
    query.order = .oldest
    let posts = try store.posts(query)
    #expect(
      posts.map(\.key) == [
        "urn:li:share:7206000000000000001", "urn:li:ugcPost:7213000000000000002", "urn:li:share:7230000000000000003",
      ])
    #expect(posts.allSatisfy { $0.platform == .linkedin && $0.account == "ada-baker" })
    #expect(
      posts[0].caption
        == "Proud to share our Sourdough Journey\n\nI am thrilled to announce our second bakery! #smallbusiness #bakery"
    )
    #expect(posts[0].hashtags == ["smallbusiness", "bakery"])
    #expect(posts[0].published.assumedTimeZone == "Europe/Stockholm")
    #expect(posts[1].mediaKind == .image && posts[0].mediaKind == .text)
    #expect(posts[2].caption.isEmpty, "an empty reshare is kept, with no text")
    let everything = try dump(store)
    #expect(!everything.contains("Storgatan") && !everything.contains("1990"), "the profile's PII reached the store")
  }

  @Test func repairsOnlyTextThatShowsTheBug() {
    #expect(LinkedInSharesImporter.repaired("One\"\n\"\"\n\"Two") == "One\n\nTwo")
    #expect(LinkedInSharesImporter.repaired("She said \"hi\"\nand left") == "She said \"hi\"\nand left")
    #expect(LinkedInSharesImporter.urn(in: "https://x/feed/update/urn%3Ali%3AgroupPost%3A42") == "urn:li:groupPost:42")
  }

  @Test(arguments: TestEngine.available) func namesTheLineOfAnUnclosedQuoteAndChangesNothing(_ engine: TestEngine)
    throws
  {
    let store = try engine.makeStore()
    let broken = try folder.file(
      "broken/Shares.csv", "Date,ShareLink,ShareCommentary\n2024-06-11 09:51:14,urn:li:share:1,\"never closed\n")
    #expect {
      try importInto(store, broken, account: "ada")
    } throws: { error in
      let error = error as? ImportError
      return error?.file.hasSuffix("Shares.csv") == true && error?.place == "line 2"
    }
    let wrong = try folder.file("wrong/Shares.csv", "Date,ShareCommentary\n2024-06-11 09:51:14,hello\n")
    #expect {
      try importInto(store, wrong, account: "ada")
    } throws: { error in
      "\(error)".contains(#"missing column "ShareLink""#)
    }
    #expect(try store.posts(PostQuery()).isEmpty)
  }
}
