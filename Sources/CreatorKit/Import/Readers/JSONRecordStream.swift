import Foundation

/// Walks the records of a JSON export file one at a time: the elements of a top-level array, or of the
/// array under a root key (`{"ig_reels_media": [...]}`) or a nested path (`Video.Videos.VideoList`).
/// Memory stays at one record however big the file.
struct JSONRecordStream {
  let file: ExportFile
  /// Where the array is: alternative key paths from the top-level object (the first that is present is
  /// read; every present one is). Empty when the file is a top-level array.
  let rootPaths: [[String]]
  /// Meta's JSON writes every UTF-8 byte as its own `\u00XX`; repair it while reading.
  let repairsMetaText: Bool
  /// What the records are, for messages: "posts".
  let recordName: String
  /// Keys whose values are never decoded (see `JSONStreamReader.skippedKeys`).
  var skippedKeys: Set<String> = []
  /// The JSON follows a JavaScript assignment (`window.YTD.tweets.part0 = [`), as in X archives.
  var skipsAssignmentPrefix = false

  init(
    file: ExportFile, rootKey: String?, repairsMetaText: Bool, recordName: String, skippedKeys: Set<String> = []
  ) {
    self.init(
      file: file, rootPaths: rootKey.map { [[$0]] } ?? [], repairsMetaText: repairsMetaText, recordName: recordName,
      skippedKeys: skippedKeys)
  }

  init(
    file: ExportFile, rootPaths: [[String]], repairsMetaText: Bool, recordName: String,
    skippedKeys: Set<String> = []
  ) {
    self.file = file
    self.rootPaths = rootPaths
    self.repairsMetaText = repairsMetaText
    self.recordName = recordName
    self.skippedKeys = skippedKeys
  }

  /// The value at `path` in the top-level object, read without decoding anything else and without reading
  /// past it; nil when absent.
  func value(at path: [String]) throws -> JSONValue? {
    struct Found: Error { var value: JSONValue }
    let reader = try openReader()
    do {
      try descend(reader, paths: [path], depth: 0) { reader in throw Found(value: try reader.readValue()) }
    } catch let found as Found {
      return found.value
    } catch let error as JSONReadError {
      throw ImportError(file: file.displayName, error)
    }
    return nil
  }

  private func openReader() throws -> JSONStreamReader {
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
    if skipsAssignmentPrefix {
      do { try reader.skipAssignmentPrefix() } catch let error as JSONReadError {
        throw ImportError(file: file.displayName, error)
      }
    }
    return reader
  }

  /// Walks into the object members named by `paths`, skipping every other member, and calls `found` with
  /// the reader positioned at each path's value. Returns whether any path was present.
  @discardableResult
  private func descend(
    _ reader: JSONStreamReader, paths: [[String]], depth: Int, found: (JSONStreamReader) throws -> Void
  ) throws -> Bool {
    guard try reader.peekValueStart() == UInt8(ascii: "{") else {
      try reader.skipValue()
      return false
    }
    try reader.beginObject()
    var any = false
    while let key = try reader.nextKey() {
      let matching = paths.filter { $0.count > depth && $0[depth] == key }
      if matching.contains(where: { $0.count == depth + 1 }) {
        any = true
        try found(reader)
      } else if !matching.isEmpty {
        any = try descend(reader, paths: matching, depth: depth + 1, found: found) || any
      } else {
        try reader.skipValue()
      }
    }
    return any
  }

  /// Calls `body` with each record. Syntax errors, a wrong layout and an empty file throw `ImportError`.
  func forEach(progress sink: (any ImportSink)?, _ body: (JSONRecord) throws -> Void) throws {
    try walk(progress: sink) { reader, _ in
      let path = reader.pathDescription
      _ = try reader.peekValueStart()
      let line = reader.place.line
      let value = try reader.readValue()
      try body(try JSONRecord(value, file: file.displayName, path: path, line: line))
    }
  }

  /// Calls `body` with the reader at the start of each record and the record's index; `body` reads the
  /// record through the reader's streaming API, exactly one value, for files where building every record as
  /// a `JSONValue` costs more than reading it. `JSONReadError`s it throws (`reader.failure`) become
  /// `ImportError`s naming the file and the place.
  func forEachUnbuilt(progress sink: (any ImportSink)?, _ body: (JSONStreamReader, Int) throws -> Void) throws {
    try walk(progress: sink, body)
  }

  private func walk(progress sink: (any ImportSink)?, _ element: (JSONStreamReader, Int) throws -> Void) throws {
    let reader = try openReader()
    do {
      let start = try reader.peekValueStart()
      if rootPaths.isEmpty {
        guard start == UInt8(ascii: "[") else {
          throw layoutError("expected an array of \(recordName), found an object")
        }
        try readArray(reader, sink: sink, element)
      } else {
        let names = rootPaths.map { "\"\($0.joined(separator: "."))\"" }.joined(separator: " or ")
        guard start == UInt8(ascii: "{") else { throw layoutError("expected an object with \(names), found an array") }
        let found = try descend(reader, paths: rootPaths, depth: 0) { reader in
          switch try reader.peekValueStart() {
          case UInt8(ascii: "["): try readArray(reader, sink: sink, element)
          case UInt8(ascii: "n"): try reader.skipValue()  // `null` for an empty list
          default: throw layoutError("expected \(names) to hold an array of \(recordName)")
          }
        }
        guard found else { throw layoutError("expected \(names) holding \(recordName)") }
      }
      try reader.finish()
    } catch let error as JSONReadError {
      throw ImportError(file: file.displayName, error)
    }
  }

  private func readArray(
    _ reader: JSONStreamReader, sink: (any ImportSink)?, _ element: (JSONStreamReader, Int) throws -> Void
  ) throws {
    try reader.beginArray()
    var count = 0
    while try reader.nextElement() {
      try element(reader, count)
      count += 1
      if count & 1023 == 0 { sink?.progress(file: file, bytesRead: reader.bytesRead) }
    }
    sink?.progress(file: file, bytesRead: reader.bytesRead)
  }

  private func layoutError(_ detail: String) -> ImportError {
    ImportError(file: file.displayName, message: "unknown layout: \(detail)")
  }
}
