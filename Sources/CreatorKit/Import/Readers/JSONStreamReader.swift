import Foundation

/// Where a JSON reader stopped: line, column and the JSON path of the value it was reading.
public struct JSONPlace: Sendable, Equatable, CustomStringConvertible {
  /// The line, from 1.
  public var line: Int
  /// The column, from 1.
  public var column: Int
  /// The JSON path of the value: `$[41].media[0].creation_timestamp`.
  public var path: String

  /// `path (line L, column C)`.
  public var description: String { "\(path) (line \(line), column \(column))" }
}

/// A JSON syntax or encoding problem, with the place it was found.
public struct JSONReadError: Error, Sendable, Equatable {
  /// What is wrong, in words.
  public var message: String
  /// Where it was found.
  public var place: JSONPlace
}

/// A pull parser over a chunked byte stream. It hands out one record at a time as a small `JSONValue`,
/// so memory stays flat however large the file is, and it repairs Meta's byte-escaped text (every UTF-8
/// byte written as its own `\u00XX`) while it decodes strings, in keys and values alike.
final class JSONStreamReader {
  private enum PathComponent {
    case objectStart
    case key(String)
    case index(Int)
  }

  private let input: ByteReader
  private let repairsMetaText: Bool
  // Unchecked for the same reason as ByteReader's state: a reader belongs to one parse.
  @exclusivity(unchecked) private var line = 1
  @exclusivity(unchecked) private var lineStart = 0
  @exclusivity(unchecked) private var path: [PathComponent] = []
  @exclusivity(unchecked) private var scratch: [UInt8] = []
  @exclusivity(unchecked) private var escapedBytePositions: [Int] = []
  private let maximumDepth = 512

  init(input: ByteReader, repairsMetaText: Bool) {
    self.input = input
    self.repairsMetaText = repairsMetaText
    scratch.reserveCapacity(4096)
  }

  // MARK: Streaming API

  /// Consumes `{`; follow with `nextKey()` until it returns nil.
  func beginObject() throws {
    try expect(UInt8(ascii: "{"), what: "an object")
    path.append(.objectStart)
  }

  /// The next key of the current object, with its `:` consumed, or nil after the closing `}`.
  func nextKey() throws -> String? {
    let isFirst: Bool
    switch path.last {
    case .objectStart: isFirst = true
    case .key: isFirst = false
    default: throw failure("internal: not inside an object")
    }
    var byte = try nextSignificantByte(orFail: "the object is cut off")
    if byte == UInt8(ascii: "}") {
      input.position += 1
      path.removeLast()
      return nil
    }
    if !isFirst {
      guard byte == UInt8(ascii: ",") else { throw failure("expected ',' or '}' between members") }
      input.position += 1
      byte = try nextSignificantByte(orFail: "the object is cut off")
    }
    guard byte == UInt8(ascii: "\"") else { throw failure("expected a quoted key") }
    input.position += 1
    let key = try readStringBody()
    path[path.count - 1] = .key(key)
    try expect(UInt8(ascii: ":"), what: "':' after the key")
    return key
  }

  /// Consumes `[`; follow with `nextElement()` until it returns false.
  func beginArray() throws {
    try expect(UInt8(ascii: "["), what: "an array")
    path.append(.index(-1))
  }

  /// Moves to the next element of the current array; false after the closing `]`.
  func nextElement() throws -> Bool {
    guard case .index(let index) = path.last else { throw failure("internal: not inside an array") }
    let byte = try nextSignificantByte(orFail: "the array is cut off")
    if byte == UInt8(ascii: "]") {
      input.position += 1
      path.removeLast()
      return false
    }
    if index >= 0 {
      guard byte == UInt8(ascii: ",") else { throw failure("expected ',' or ']' between elements") }
      input.position += 1
    }
    path[path.count - 1] = .index(index + 1)
    return true
  }

  /// The kind of the next value without consuming it: one of `{ [ " t f n` or a digit or `-`.
  func peekValueStart() throws -> UInt8 {
    try nextSignificantByte(orFail: "a value is missing")
  }

  /// Reads the next value whole.
  func readValue() throws -> JSONValue {
    try readValue(depth: 0)
  }

  /// Skips the next value.
  func skipValue() throws {
    try skipFast()
  }

  /// Keys whose values `readValue()` passes over without decoding them (EXIF blocks, media variants): the
  /// members are left out of the objects it returns. Brackets and strings are still checked for a cut-off
  /// file and for matching pairs.
  var skippedKeys: Set<String> = [] {
    didSet {
      skippedKeyLengths = skippedKeys.reduce(0) { $0 | (1 << UInt64(min($1.utf8.count, 63))) }
    }
  }
  /// A bit per UTF-8 length (63 for any longer) of the skipped keys: most keys are ruled out without hashing.
  private var skippedKeyLengths: UInt64 = 0

  /// Checks that nothing but white space follows the top-level value.
  func finish() throws {
    if let byte = try skipWhitespace() {
      throw failure("unexpected '\(Character(Unicode.Scalar(byte)))' after the end of the document")
    }
  }

  /// Skips a JavaScript assignment in front of the JSON (`window.YTD.tweets.part0 = [`, X archives), so
  /// the value after `=` is read next. Does nothing when the input starts with a JSON value.
  func skipAssignmentPrefix() throws {
    guard let first = try skipWhitespace(), first != UInt8(ascii: "{"), first != UInt8(ascii: "[") else { return }
    while let byte = try input.peek() {
      input.position += 1
      if byte == UInt8(ascii: "=") { return }
      if byte == 0x0A {
        line += 1
        lineStart = input.offset
      }
    }
  }

  /// Bytes consumed so far, for progress.
  var bytesRead: Int { input.offset }

  /// The current place, for error messages from callers that found a value of the wrong shape.
  var place: JSONPlace {
    JSONPlace(line: line, column: input.offset - lineStart + 1, path: pathDescription)
  }

  /// The path of the value being read, e.g. `$[12].media[0].title`.
  var pathDescription: String {
    var text = "$"
    for component in path {
      switch component {
      case .objectStart: break
      case .key(let key): text += ".\(key)"
      case .index(let index): text += "[\(max(index, 0))]"
      }
    }
    return text
  }

  // MARK: Values

  /// Reads objects and arrays with its own loops rather than through `nextKey()` and `nextElement()`: the
  /// shared walk measured about 20% slower on the 258 MB import benchmark (Benchmarks/README.md).
  private func readValue(depth: Int) throws -> JSONValue {
    guard depth < maximumDepth else { throw failure("nesting is deeper than \(maximumDepth) levels") }
    let byte = try nextSignificantByte(orFail: "a value is missing: the file is cut off")
    switch byte {
    case UInt8(ascii: "{"):
      input.position += 1
      var members: [(key: String, value: JSONValue)] = []
      path.append(.objectStart)
      defer { path.removeLast() }
      var first = true
      while true {
        var next = try nextSignificantByte(orFail: "the object is cut off")
        if next == UInt8(ascii: "}") && first {
          input.position += 1
          break
        }
        if !first {
          if next == UInt8(ascii: "}") {
            input.position += 1
            break
          }
          guard next == UInt8(ascii: ",") else { throw failure("expected ',' or '}' between members") }
          input.position += 1
          next = try nextSignificantByte(orFail: "the object is cut off")
        }
        guard next == UInt8(ascii: "\"") else { throw failure("expected a quoted key") }
        input.position += 1
        let key = try readStringBody()
        path[path.count - 1] = .key(key)
        try expect(UInt8(ascii: ":"), what: "':' after the key")
        if skippedKeyLengths & (1 << UInt64(min(key.utf8.count, 63))) != 0 && skippedKeys.contains(key) {
          try skipFast()
        } else {
          members.append((key, try readValue(depth: depth + 1)))
        }
        first = false
      }
      return .object(JSONObject(members))
    case UInt8(ascii: "["):
      input.position += 1
      var items: [JSONValue] = []
      path.append(.index(0))
      defer { path.removeLast() }
      while true {
        var next = try nextSignificantByte(orFail: "the array is cut off")
        if next == UInt8(ascii: "]") {
          input.position += 1
          break
        }
        if !items.isEmpty {
          guard next == UInt8(ascii: ",") else { throw failure("expected ',' or ']' between elements") }
          input.position += 1
          next = try nextSignificantByte(orFail: "the array is cut off")
        }
        path[path.count - 1] = .index(items.count)
        items.append(try readValue(depth: depth + 1))
      }
      return .array(items)
    case UInt8(ascii: "\""):
      input.position += 1
      return .string(try readStringBody())
    case UInt8(ascii: "t"):
      try expectWord("true")
      return .bool(true)
    case UInt8(ascii: "f"):
      try expectWord("false")
      return .bool(false)
    case UInt8(ascii: "n"):
      try expectWord("null")
      return .null
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
      return try readNumber()
    default:
      throw failure("unexpected '\(printable(byte))' where a value should start")
    }
  }

  /// Consumes one value without building it: strings are scanned for their closing quote, brackets are
  /// matched, lines are counted.
  private func skipFast() throws {
    var open: [UInt8] = []
    let first = try nextSignificantByte(orFail: "a value is missing: the file is cut off")
    if first != UInt8(ascii: "{") && first != UInt8(ascii: "[") && first != UInt8(ascii: "\"") {
      _ = try readValue(depth: 0)
      return
    }
    repeat {
      let byte = try nextSignificantByte(orFail: "the file is cut off inside a value")
      input.position += 1
      switch byte {
      case UInt8(ascii: "{"), UInt8(ascii: "["):
        guard open.count < maximumDepth else { throw failure("nesting is deeper than \(maximumDepth) levels") }
        open.append(byte == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]"))
      case UInt8(ascii: "}"), UInt8(ascii: "]"):
        guard open.last == byte else {
          input.position -= 1
          throw failure("unexpected '\(printable(byte))': brackets do not match")
        }
        open.removeLast()
      case UInt8(ascii: "\""):
        try skipStringBody()
      default:
        break
      }
    } while !open.isEmpty
  }

  /// Where the run of plain string bytes starting at `position` ends in the buffer: at a quote, a
  /// backslash, a control character or the end of the chunk; and whether the run has non-ASCII bytes.
  @inline(__always)
  private func plainRun() -> (end: Int, nonASCII: Bool) {
    let buffer = input.buffer
    var index = input.position
    let end = input.end
    var nonASCII = false
    while index < end {
      let byte = buffer[index]
      if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 { break }
      if byte >= 0x80 { nonASCII = true }
      index += 1
    }
    return (index, nonASCII)
  }

  /// Moves past the rest of a string after its opening quote.
  private func skipStringBody() throws {
    while true {
      if input.position == input.end {
        guard try input.refill() else { throw failure("a string is cut off: the file ends inside it") }
      }
      let index = plainRun().end
      input.position = index
      if index == input.end { continue }
      let byte = input.buffer[index]
      input.position += 1
      if byte == UInt8(ascii: "\"") { return }
      if byte < 0x20 {
        input.position -= 1
        throw failure("a control character inside a string")
      }
      _ = try nextByte(orFail: "a string is cut off inside an escape")
    }
  }

  private func readNumber() throws -> JSONValue {
    scratch.removeAll(keepingCapacity: true)
    var isInteger = true
    while let byte = try input.peek() {
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"):
        scratch.append(byte)
      case UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"), UInt8(ascii: "+"):
        isInteger = false
        scratch.append(byte)
      default:
        return try makeNumber(isInteger: isInteger)
      }
      input.position += 1
    }
    return try makeNumber(isInteger: isInteger)
  }

  private func makeNumber(isInteger: Bool) throws -> JSONValue {
    let text = String(decoding: scratch, as: UTF8.self)
    if isInteger, let value = Int64(text) { return .int(value) }
    guard let value = Double(text), text.last?.isNumber == true else {
      throw failure("'\(text)' is not a number")
    }
    return .double(value)
  }

  // MARK: Strings

  /// The longest string read, in bytes.
  static let longestString = 16 << 20

  /// Reads a string after its opening quote, repairing Meta's byte escapes when asked to.
  private func readStringBody() throws -> String {
    // Most strings have no escapes and sit inside the current chunk: make them straight from the buffer.
    do {
      let buffer = input.buffer
      let (index, nonASCII) = plainRun()
      if index < input.end && buffer[index] == UInt8(ascii: "\"") {
        let bytes = UnsafeBufferPointer(start: buffer + input.position, count: index - input.position)
        let text = nonASCII ? String(validating: bytes, as: UTF8.self) : String(decoding: bytes, as: UTF8.self)
        if let text {
          input.position = index + 1
          return text
        }
      }
    }
    scratch.removeAll(keepingCapacity: true)
    escapedBytePositions.removeAll(keepingCapacity: true)
    var sawNonASCII = false
    var sawWideEscape = false
    while true {
      // A caption is at most a few thousand characters: a string of megabytes is a broken or hostile file,
      // refused before it fills memory.
      guard scratch.count <= Self.longestString else {
        throw failure("a string longer than \(Self.longestString >> 20) MiB: not an export's text")
      }
      if input.position == input.end {
        guard try input.refill() else { throw failure("a string is cut off: the file ends inside it") }
      }
      // Copy the run of plain bytes in one go.
      let buffer = input.buffer
      let end = input.end
      let (index, nonASCII) = plainRun()
      if nonASCII { sawNonASCII = true }
      if index > input.position {
        scratch.append(contentsOf: UnsafeBufferPointer(start: buffer + input.position, count: index - input.position))
        input.position = index
      }
      if index == end { continue }
      let byte = buffer[index]
      input.position += 1
      if byte == UInt8(ascii: "\"") { break }
      if byte < 0x20 {
        input.position -= 1
        throw failure(
          byte == 0x0A ? "a string is not closed before the end of the line" : "a control character inside a string")
      }
      let escape = try nextByte(orFail: "a string is cut off inside an escape")
      switch escape {
      case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scratch.append(escape)
      case UInt8(ascii: "b"): scratch.append(0x08)
      case UInt8(ascii: "f"): scratch.append(0x0C)
      case UInt8(ascii: "n"): scratch.append(0x0A)
      case UInt8(ascii: "r"): scratch.append(0x0D)
      case UInt8(ascii: "t"): scratch.append(0x09)
      case UInt8(ascii: "u"):
        var scalar = try readHex4()
        if scalar >= 0x80 && scalar <= 0xFF && repairsMetaText {
          escapedBytePositions.append(scratch.count)
          scratch.append(UInt8(scalar))
          continue
        }
        if (0xD800...0xDBFF).contains(scalar) {
          guard try nextByte(orFail: "cut off surrogate") == UInt8(ascii: "\\"),
            try nextByte(orFail: "cut off surrogate") == UInt8(ascii: "u")
          else { throw failure("a lone UTF-16 surrogate in a \\u escape") }
          let low = try readHex4()
          guard (0xDC00...0xDFFF).contains(low) else { throw failure("a lone UTF-16 surrogate in a \\u escape") }
          scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
        } else if (0xDC00...0xDFFF).contains(scalar) {
          throw failure("a lone UTF-16 surrogate in a \\u escape")
        }
        if scalar >= 0x80 { sawWideEscape = true }
        appendUTF8(scalar)
      default:
        throw failure("an unknown escape '\\\(printable(escape))' in a string")
      }
    }
    if !sawNonASCII && escapedBytePositions.isEmpty {
      return String(decoding: scratch, as: UTF8.self)
    }
    if !escapedBytePositions.isEmpty && !sawWideEscape && !sawNonASCII,
      let repaired = String(validating: scratch, as: UTF8.self)
    {
      return repaired
    }
    if escapedBytePositions.isEmpty {
      guard let text = String(validating: scratch, as: UTF8.self) else { throw failure("invalid UTF-8 in a string") }
      return text
    }
    // The \u00XX escapes were real Latin-1 characters, not bytes: decode them as such.
    return try decodeEscapesAsLatin1()
  }

  private func decodeEscapesAsLatin1() throws -> String {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(scratch.count + escapedBytePositions.count)
    var next = 0
    for (index, byte) in scratch.enumerated() {
      if next < escapedBytePositions.count && escapedBytePositions[next] == index {
        bytes.append(0xC0 | (byte >> 6))
        bytes.append(0x80 | (byte & 0x3F))
        next += 1
      } else {
        bytes.append(byte)
      }
    }
    guard let text = String(validating: bytes, as: UTF8.self) else { throw failure("invalid UTF-8 in a string") }
    return text
  }

  private func appendUTF8(_ scalar: UInt32) {
    switch scalar {
    case ..<0x80:
      scratch.append(UInt8(scalar))
    case ..<0x800:
      scratch.append(UInt8(0xC0 | (scalar >> 6)))
      scratch.append(UInt8(0x80 | (scalar & 0x3F)))
    case ..<0x10000:
      scratch.append(UInt8(0xE0 | (scalar >> 12)))
      scratch.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
      scratch.append(UInt8(0x80 | (scalar & 0x3F)))
    default:
      scratch.append(UInt8(0xF0 | (scalar >> 18)))
      scratch.append(UInt8(0x80 | ((scalar >> 12) & 0x3F)))
      scratch.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
      scratch.append(UInt8(0x80 | (scalar & 0x3F)))
    }
  }

  private func readHex4() throws -> UInt32 {
    var value: UInt32 = 0
    for _ in 0..<4 {
      let byte = try nextByte(orFail: "a string is cut off inside a \\u escape")
      let digit: UInt8
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
      case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
      case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
      default: throw failure("'\(printable(byte))' is not a hex digit in a \\u escape")
      }
      value = value << 4 | UInt32(digit)
    }
    return value
  }

  // MARK: Bytes

  /// Skips white space (counting lines) and returns the next byte without consuming it.
  @inline(__always)
  private func skipWhitespace() throws -> UInt8? {
    while true {
      if input.position == input.end {
        guard try input.refill() else { return nil }
      }
      // Walk the chunk with locals: pretty-printed exports are a third indentation.
      let buffer = input.buffer
      let end = input.end
      var index = input.position
      while index < end {
        let byte = buffer[index]
        if byte == 0x20 || byte == 0x09 || byte == 0x0D {
          index += 1
        } else if byte == 0x0A {
          index += 1
          line += 1
          lineStart = input.consumedBefore + index
        } else {
          break
        }
      }
      input.position = index
      if index == end { continue }
      let byte = buffer[index]
      if byte == 0xEF && input.offset == 0 {
        // A UTF-8 byte order mark at the very start (its three bytes may straddle chunks).
        for expected: UInt8 in [0xEF, 0xBB, 0xBF] {
          guard try input.peek() == expected else { throw failure("invalid UTF-8 at the start of the file") }
          input.position += 1
        }
        continue
      }
      return byte
    }
  }

  @inline(__always)
  private func nextSignificantByte(orFail message: StaticString) throws -> UInt8 {
    guard let byte = try skipWhitespace() else { throw failure("\(message)") }
    return byte
  }

  @inline(__always)
  private func nextByte(orFail message: StaticString) throws -> UInt8 {
    guard let byte = try input.peek() else { throw failure("\(message)") }
    input.position += 1
    return byte
  }

  private func expect(_ byte: UInt8, what: StaticString) throws {
    guard let found = try skipWhitespace() else { throw failure("expected \(what) but the file ends") }
    guard found == byte else { throw failure("expected \(what), found '\(printable(found))'") }
    input.position += 1
  }

  private func expectWord(_ word: StaticString) throws {
    let bytes = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
    for expected in bytes {
      guard try input.peek() == expected else { throw failure("unexpected text where \(word) should be") }
      input.position += 1
    }
  }

  private func printable(_ byte: UInt8) -> String {
    (0x21..<0x7F).contains(byte) ? String(Character(Unicode.Scalar(byte))) : String(format: "0x%02X", byte)
  }

  /// An error at the current place.
  func failure(_ message: String) -> JSONReadError {
    JSONReadError(message: message, place: place)
  }
}
