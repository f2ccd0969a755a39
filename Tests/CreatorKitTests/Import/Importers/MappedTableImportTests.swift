import Foundation
import Testing

@testable import CreatorKit

@Suite struct MappedTableImportTests {
  let folder = try! TemporaryFolder()
  let planner = fixtures.appendingPathComponent("generic/planner-export.csv")
  let sheet = fixtures.appendingPathComponent("generic/sheet.jsonl")

  func run(_ url: URL, _ mapping: ColumnMapping, into store: PostStore, account: String? = "demo") throws
    -> ImportReport
  {
    try Importer(
      store: store,
      options: ImportOptions(
        account: account, timeZone: TimeZone(identifier: "Europe/Stockholm")!,
        importers: [MappedTableImporter(mapping: mapping)])
    ).run([url])
  }

  @Test(arguments: TestEngine.available) func readsACSVThroughTheMappingAndAgainChangesNothing(_ engine: TestEngine)
    throws
  {
    let store = try engine.makeStore()
    let mapping = try ColumnMapping(
      "id=Post Id, platform=Network, caption=Text, published=Date, likes=Likes, comments=Comments, reach=Reach, kind=Type"
    )
    let report = try run(planner, mapping, into: store)
    #expect(report.skipped.map(\.reason) == [#"unreadable time "someday""#])
    let posts = Dictionary(try store.posts(PostQuery()).map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
    #expect(posts.keys.sorted() == ["id:p-101", "id:p-102", "id:p-103"])
    let first = try #require(posts["id:p-101"])
    #expect(first.mediaKind == .carousel && first.metrics[.reach] == 1900 && first.metrics[.likes] == 120)
    #expect(
      first.published.assumedTimeZone == nil && first.published.date == Date(timeIntervalSince1970: 1_791_012_600))
    #expect(posts["id:p-102"]?.published.assumedTimeZone == "Europe/Stockholm")
    #expect(
      posts["id:p-103"]?.platform == .threads
        && posts["id:p-103"]?.published.date == Date(timeIntervalSince1970: 1_791_180_000))
    let again = try run(planner, mapping, into: store)
    #expect(again.accounts.allSatisfy { $0.postsAdded == 0 && $0.postsUpdated == 0 })
  }

  @Test(arguments: TestEngine.available) func readsJSONLinesWithAMappingFileAndKeysRowsWithoutIDsStably(
    _ engine: TestEngine
  ) throws {
    let store = try engine.makeStore()
    let mapping = try ColumnMapping(
      contentsOf: fixtures.appendingPathComponent("generic/sheet.mapping"), platform: .instagram)
    try run(sheet, mapping, into: store)
    let posts = try store.posts(PostQuery())
    #expect(posts.count == 2 && posts.allSatisfy { $0.key.hasPrefix("row:") })
    #expect(posts.first { $0.caption.hasPrefix("Fika") }?.metrics[.likes] == 1020)
    #expect(posts.first { $0.caption.hasPrefix("Cardamom") }?.mediaKind == .video)
    try run(sheet, mapping, into: store)
    #expect(try store.posts(PostQuery()).count == 2)
  }

  @Test(arguments: TestEngine.available) func saysWhatIsWrongWithAMappingOrAFile(_ engine: TestEngine) throws {
    #expect {
      _ = try ColumnMapping("caption=Text,published=Date,hearts=Likes", platform: .instagram)
    } throws: { error in
      "\(error)".contains("unknown field 'hearts'")
    }
    #expect {
      _ = try ColumnMapping("caption=Text", platform: .instagram)
    } throws: { error in
      "\(error)".contains("needs published=COLUMN")
    }
    #expect {
      _ = try ColumnMapping("caption=Text,published=Date")
    } throws: { error in
      "\(error)".contains("--platform")
    }
    let store = try engine.makeStore()
    #expect {
      _ = try run(planner, try ColumnMapping("caption=Txt,published=Date", platform: .instagram), into: store)
    } throws: { error in
      "\(error)".contains("names column 'Txt' for caption, but the file has no such column")
    }
    let bad = try folder.file("bad.csv", "Text,Date,Likes\nhi,2026-10-03 10:00,lots\n")
    #expect {
      _ = try run(bad, try ColumnMapping("caption=Text,published=Date,likes=Likes", platform: .instagram), into: store)
    } throws: { error in
      "\(error)".contains("line 2, column 'Likes'") && "\(error)".contains("not a number")
    }
    #expect(try store.posts(PostQuery()).isEmpty)
  }
}
