import Foundation
import Testing

@testable import CreatorKit

@Suite struct JSONStreamReaderTests {
  func read(_ text: String, repair: Bool = true, chunk: Int = 1 << 20) throws -> JSONValue {
    let reader = JSONStreamReader(input: ByteReader(bytes: Array(text.utf8), chunkSize: chunk), repairsMetaText: repair)
    let value = try reader.readValue()
    try reader.finish()
    return value
  }

  @Test func repairsMetaByteEscapesInValues() throws {
    let value = try read(#"{"title": "Un Taxi \u00f0\u009f\u0087\u00a8\u00f0\u009f\u0087\u00b4"}"#)
    #expect(value["title"]?.stringValue == "Un Taxi 🇨🇴")
  }

  @Test func repairsMetaByteEscapesInKeys() throws {
    let value = try read(#"{"\u00e2\u0080\u009eGef\u00c3\u00a4llt mir\u00e2\u0080\u009c-Angaben": 1}"#)
    #expect(value.objectValue?.keys == ["„Gefällt mir“-Angaben"])
  }

  @Test func keepsRealLatin1EscapesWhenTheyAreNotUTF8Bytes() throws {
    // "é" as a genuine code point escape: the bytes E9 alone are not valid UTF-8, so it stays é.
    #expect(try read(#""caf\u00e9""#).stringValue == "café")
    // Without repair (X, TikTok), escapes are code points as JSON says.
    #expect(try read(#""\u00c3\u00a4""#, repair: false).stringValue == "Ã¤")
  }

  @Test func decodesSurrogatePairsAndRawUTF8() throws {
    #expect(try read(#""\ud83c\udf5e bread""#).stringValue == "🍞 bread")
    #expect(try read(#""東京 🍰""#).stringValue == "東京 🍰")
  }

  @Test(arguments: [1, 2, 3, 7, 64])
  func givesTheSameValueWhateverTheChunkSize(chunk: Int) throws {
    let text = #"[{"a": "x\u00c3\u00a9y", "b": [1, -2.5e3, true, null], "c": {"d": "\"q\" \\ /"}}]"#
    #expect(try read(text, chunk: chunk) == read(text))
  }

  @Test func reportsWhereAFileIsCutOff() {
    let text = "[\n  {\"media\": [\n    {\"uri\": \"a.jpg\", \"creation_timestamp\": 17"
    #expect {
      try read(text)
    } throws: { error in
      let error = error as! JSONReadError
      return error.place.line == 3 && error.place.path == "$[0].media[0].creation_timestamp"
        && error.message.contains("cut off")
    }
  }

  @Test func rejectsInvalidUTF8() {
    let bytes: [UInt8] = Array("[\"ab".utf8) + [0xC3, 0x28] + Array("\"]".utf8)
    let reader = JSONStreamReader(input: ByteReader(bytes: bytes), repairsMetaText: false)
    #expect(throws: JSONReadError.self) { try reader.readValue() }
  }

  @Test func rejectsTrailingGarbageAndBadTokens() {
    #expect(throws: JSONReadError.self) { try read("[1] x") }
    #expect(throws: JSONReadError.self) { try read("[1,]") }
    #expect(throws: JSONReadError.self) { try read("{\"a\" 1}") }
    #expect(throws: JSONReadError.self) { try read("[tru]") }
  }

  @Test func passesOverSkippedKeysButStillChecksThem() throws {
    func reader(_ text: String) -> JSONStreamReader {
      let reader = JSONStreamReader(input: ByteReader(bytes: Array(text.utf8), chunkSize: 4), repairsMetaText: true)
      reader.skippedKeys = ["exif_data"]
      return reader
    }
    let value = try reader(#"{"a": 1, "exif_data": [{"gps": "52.5", "s": "x\"]}"}], "b": 2}"#).readValue()
    #expect(value.objectValue?.keys == ["a", "b"])
    #expect(throws: JSONReadError.self) { try reader(#"{"exif_data": [{"gps": 1]}"#).readValue() }
    #expect(throws: JSONReadError.self) { try reader(#"{"exif_data": [{"gps": "52."#).readValue() }
  }

  @Test func streamsRecordsUnderARootKey() throws {
    let reader = JSONStreamReader(
      input: ByteReader(bytes: Array(#"{"skip": {"x": [1]}, "items": [{"n": 1}, {"n": 2}]}"#.utf8), chunkSize: 5),
      repairsMetaText: true)
    try reader.beginObject()
    var seen: [Int64] = []
    while let key = try reader.nextKey() {
      if key == "items" {
        try reader.beginArray()
        while try reader.nextElement() {
          if case .int(let n)? = try reader.readValue()["n"] { seen.append(n) }
        }
      } else {
        try reader.skipValue()
      }
    }
    try reader.finish()
    #expect(seen == [1, 2])
  }
}

@Suite struct ExportSourceTests {
  @Test(arguments: [
    ("a/b.json", true), ("../b.json", false), ("a/../../b.json", false), ("/etc/passwd", false),
    ("C:\\x.json", false), ("a\\..\\..\\b.json", false), ("a/..b.json", true),
  ])
  func tellsWhetherAnEntryStaysInsideTheArchive(path: String, contained: Bool) {
    #expect(ExportSource.isContained(path) == contained)
  }

  @Test(arguments: [
    ("bakerbee_20261120", "2026-11-20"), ("instagram-bakerbee-2026-11-20-aB3x.zip", "2026-11-20"),
    ("Nov-01-2025_Dec-15-2025_17841400000000000.csv", "2025-12-15"),
  ])
  func readsTheExportDateFromNames(name: String, day: String) {
    let date = ExportSource.dateInName(name)
    #expect(date == ISO8601DateFormatter().date(from: day + "T00:00:00Z"))
  }

  @Test func skipsAByteOrderMarkSplitAcrossChunks() throws {
    let reader = JSONStreamReader(
      input: ByteReader(bytes: [0xEF, 0xBB, 0xBF] + Array("[1]".utf8), chunkSize: 1), repairsMetaText: true)
    #expect(try reader.readValue() == .array([.int(1)]))
  }
}
