import Foundation
import Testing
import ZIPFoundation

@testable import CreatorKit

/// Every kind of bad input: a one-line error naming the file and the place, and the store left exactly as
/// it was (a good import first, so "unchanged" is not "empty").
@Suite struct BadInputTests {
  let folder: TemporaryFolder
  let store: PostStore
  let before: String

  init() throws {
    folder = try TemporaryFolder()
    store = try folder.store()
    try importInto(store, fixtures.appendingPathComponent("instagram/brotzeit_20220315"))
    before = try dump(store)
  }

  /// Imports `url` (with a known account), expects an `ImportError` and checks the store is unchanged.
  func expectFailure(_ url: URL, kind: ImportError.Kind = .badData) throws -> ImportError {
    var caught: ImportError?
    do {
      try importInto(store, url, account: "bad")
    } catch let error as ImportError {
      caught = error
    }
    let error = try #require(caught)
    #expect(error.kind == kind)
    #expect(!error.description.contains("\n"), "the error spans lines: \(error)")
    #expect(try dump(store) == before, "the store changed")
    return error
  }

  func posts(_ text: String) throws -> URL {
    try folder.file("export/your_instagram_activity/media/posts_1.json", text)
  }

  @Test func truncatedJSON() throws {
    let url = try posts(
      #"[{"media": [{"uri": "media/posts/1_2_17700000000000001.jpg", "creation_timestamp": 1}]}, {"media": [{"uri": "a"#
    )
    let error = try expectFailure(url)
    #expect(error.file.hasSuffix("posts_1.json"))
    #expect(error.place?.contains("$[1].media[0].uri") == true)
    #expect(error.message.contains("cut off"))
  }

  @Test func wrongTypeInAField() throws {
    let url = try posts(
      #"[{"media": [{"uri": "media/posts/1_2_17700000000000001.jpg", "creation_timestamp": "yesterday"}]}]"#)
    let error = try expectFailure(url)
    #expect(error.place == "$[0].media[0].creation_timestamp (record at line 1)")
    #expect(error.message == "expected a whole number, found a string")
  }

  @Test func unknownLayoutOfAKnownFile() throws {
    let error = try expectFailure(try posts(#"{"something_else": []}"#))
    #expect(error.message.hasPrefix("unknown layout"))
  }

  @Test func unknownFileOnItsOwn() throws {
    let error = try expectFailure(try folder.file("mystery.json", #"{"hello": "world"}"#))
    #expect(error.message.contains("unknown layout"))
    #expect(error.file == "mystery.json")
  }

  @Test func unknownLanguagePack() throws {
    let url = try folder.file(
      "x/past_instagram_insights/posts.json",
      #"{"organic_insights_posts": [{"media_map_data": {"Media Thumbnail": {"uri": "a_17700000000000001.jpg"}}, "string_map_data": {"Wyświetlenia": {"value": "5"}}}]}"#
    )
    let error = try expectFailure(url)
    #expect(error.message.contains("unknown language pack"))
  }

  @Test func csvWithoutItsRequiredColumns() throws {
    let url = try folder.file("page.csv", "Post ID,Account username,Description,Reach\n1,me,hello,5\n")
    let error = try expectFailure(url)
    #expect(error.place == "line 1")
    #expect(error.message.contains("\"Publish time\""))
  }

  @Test func csvWithATextWhereACountBelongs() throws {
    let url = try folder.file(
      "page.csv", "Post ID,Account username,Publish time,Reach\n1,me,01/02/2026 10:00,5\n2,me,01/03/2026 10:00,lots\n")
    let error = try expectFailure(url)
    #expect(error.place == "line 3, column \"Reach\"")
  }

  @Test func invalidUTF8() throws {
    var bytes = Data("Post ID,Account username,Publish time,Description\n1,me,01/02/2026 10:00,caf".utf8)
    bytes.append(contentsOf: [0xE9, 0x0A])
    let error = try expectFailure(try folder.file("latin1.csv", bytes))
    #expect(error.place == "line 2")
    #expect(error.message.contains("UTF-8"))
  }

  @Test func invalidUTF8InJSON() throws {
    var bytes = Data(
      #"[{"media": [{"uri": "media/posts/1_2_17700000000000001.jpg", "creation_timestamp": 1, "title": "caf"#.utf8)
    bytes.append(contentsOf: [0xE9])
    bytes.append(Data(#""}]}]"#.utf8))
    let error = try expectFailure(try folder.file("export/content/posts_1.json", bytes))
    #expect(error.message.contains("UTF-8"))
    #expect(error.place?.contains("$[0].media[0].title") == true)
  }

  @Test func emptyFile() throws {
    let error = try expectFailure(try posts(""))
    #expect(error.message.contains("empty"))
    let alone = try expectFailure(try folder.file("empty.csv", ""))
    #expect(alone.message.contains("empty"))
  }

  @Test func zipSlip() throws {
    let url = folder.url.appendingPathComponent("slip.zip")
    let archive = try Archive(url: url, accessMode: .create)
    let good = Data(#"[{"media": [{"uri": "a_17700000000000001.jpg", "creation_timestamp": 1, "title": ""}]}]"#.utf8)
    for path in ["export/content/posts_1.json", "../../escaped.json"] {
      try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(good.count)) { position, size in
        good.subdata(in: Int(position)..<Int(position) + size)
      }
    }
    let error = try expectFailure(url)
    #expect(error.message.contains("zip slip"))
    #expect(error.place == "entry ../../escaped.json")
    #expect(
      !FileManager.default.fileExists(
        atPath: folder.url.deletingLastPathComponent().appendingPathComponent("escaped.json").path))
  }

  @Test func zipBomb() throws {
    let url = folder.url.appendingPathComponent("bomb.zip")
    let archive = try Archive(url: url, accessMode: .create)
    let zeros = Data(count: 8 << 20)
    try archive.addEntry(
      with: "export/content/posts_1.json", type: .file, uncompressedSize: Int64(zeros.count),
      compressionMethod: .deflate
    ) { position, size in
      zeros.subdata(in: Int(position)..<Int(position) + size)
    }
    let error = try expectFailure(url)
    #expect(error.message.contains("zip bomb"))
  }

  @Test func missingInput() throws {
    let error = try expectFailure(folder.url.appendingPathComponent("nowhere.zip"), kind: .unreadable)
    #expect(error.message == "no such file or folder")
  }
}
