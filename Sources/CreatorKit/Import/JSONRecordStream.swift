import Foundation

/// Walks the records of a JSON export file one at a time: the elements of a top-level array, or of the
/// array under a root key (`{"ig_reels_media": [...]}`). Memory stays at one record however big the file.
struct JSONRecordStream {
  let file: ExportFile
  /// The key of the array in a top-level object; nil when the file is a top-level array.
  let rootKey: String?
  /// Meta's JSON writes every UTF-8 byte as its own `\u00XX`; repair it while reading.
  let repairsMetaText: Bool
  /// What the records are, for messages: "posts".
  let recordName: String
  /// Keys whose values are never decoded (see `JSONStreamReader.skippedKeys`).
  var skippedKeys: Set<String> = []

  /// Calls `body` with each record. Syntax errors, a wrong layout and an empty file throw `ImportError`.
  func forEach(progress sink: (any ImportSink)?, _ body: (JSONRecord) throws -> Void) throws {
    guard file.shape != .empty else {
      throw ImportError(file: file.displayName, message: "the file is empty (expected \(recordName))")
    }
    let input: ByteReader
    do {
      input = try ByteReader(url: file.url)
    } catch {
      throw ImportError(.unreadable, file: file.displayName, message: "the file cannot be read")
    }
    let reader = JSONStreamReader(input: input, repairsMetaText: repairsMetaText)
    reader.skippedKeys = skippedKeys
    do {
      let start = try reader.peekValueStart()
      if let rootKey {
        guard start == UInt8(ascii: "{") else {
          throw layoutError("expected an object with \"\(rootKey)\", found an array")
        }
        try reader.beginObject()
        var found = false
        var keys: [String] = []
        while let key = try reader.nextKey() {
          keys.append(key)
          if key == rootKey, try reader.peekValueStart() == UInt8(ascii: "[") {
            found = true
            try readArray(reader, input: input, sink: sink, body)
          } else {
            try reader.skipValue()
          }
        }
        guard found else {
          throw layoutError(
            "expected \"\(rootKey)\" holding \(recordName), found keys \(keys.prefix(5).map { "\"\($0)\"" }.joined(separator: ", "))"
          )
        }
      } else {
        guard start == UInt8(ascii: "[") else {
          throw layoutError("expected an array of \(recordName), found an object")
        }
        try readArray(reader, input: input, sink: sink, body)
      }
      try reader.finish()
    } catch let error as JSONReadError {
      throw ImportError(file: file.displayName, error)
    }
  }

  private func readArray(
    _ reader: JSONStreamReader, input: ByteReader, sink: (any ImportSink)?, _ body: (JSONRecord) throws -> Void
  ) throws {
    try reader.beginArray()
    var count = 0
    while try reader.nextElement() {
      let path = reader.pathDescription
      _ = try reader.peekValueStart()
      let line = reader.place.line
      let value = try reader.readValue()
      try body(try JSONRecord(value, file: file.displayName, path: path, line: line))
      count += 1
      if count & 1023 == 0 { sink?.progress(file: file, bytesRead: input.offset) }
    }
    sink?.progress(file: file, bytesRead: input.offset)
  }

  private func layoutError(_ detail: String) -> ImportError {
    ImportError(file: file.displayName, message: "unknown layout: \(detail)")
  }
}
