import Foundation

/// A CSV problem with the line it was found on.
public struct CSVReadError: Error, Sendable, Equatable {
  /// What is wrong, in words.
  public var message: String
  /// The line of the file it was found on, from 1.
  public var line: Int
}

/// A streaming RFC 4180 reader: quoted fields with commas, doubled quotes and line breaks, CRLF or LF,
/// a UTF-8 byte order mark, and `,` `;` or tab as the delimiter (taken from the header line).
final class CSVReader {
  /// The longest field read, in bytes: ten times the longest caption any platform allows. A longer one is
  /// not a post's text (a file of NUL bytes, a binary file named `.csv`) and is refused before it fills
  /// memory.
  static let largestField = 1 << 20
  /// The most fields in one record.
  static let mostFields = 10_000
  private let input: ByteReader
  private var delimiter: UInt8 = UInt8(ascii: ",")
  private var line = 1
  private var field: [UInt8] = []
  private var started = false
  /// The line the last record returned by `nextRecord()` started on.
  private(set) var recordLine = 1
  /// Bytes consumed so far, for progress.
  var offset: Int { input.offset }

  init(input: ByteReader) {
    self.input = input
  }

  convenience init(url: URL) throws {
    self.init(input: try Self.input(url))
  }

  /// The most bytes of a UTF-16 file read: such files (LinkedIn's 2018-era copy) are transcoded whole.
  static let maximumUTF16Bytes = 256 << 20

  /// A reader of the file's bytes as UTF-8: UTF-16 files (with a byte order mark) are transcoded first.
  private static func input(_ url: URL) throws -> ByteReader {
    let reader = try ByteReader(url: url)
    guard try reader.peek() == 0xFF || reader.peek() == 0xFE else { return reader }
    let handle = try FileHandle(forReadingFrom: url)
    defer { try? handle.close() }
    let data = try handle.read(upToCount: maximumUTF16Bytes + 1) ?? Data()
    guard let bytes = utf8(fromUTF16: [UInt8](data.prefix(maximumUTF16Bytes))) else { return reader }
    guard data.count <= maximumUTF16Bytes else {
      throw CSVReadError(message: "a UTF-16 file larger than \(maximumUTF16Bytes >> 20) MB", line: 1)
    }
    return ByteReader(bytes: bytes)
  }

  /// UTF-8 bytes of `bytes` when they start with a UTF-16 byte order mark (either order), else nil. An odd
  /// last byte (a prefix cut mid-character) is dropped.
  static func utf8(fromUTF16 bytes: [UInt8]) -> [UInt8]? {
    guard bytes.count >= 2 else { return nil }
    let littleEndian: Bool
    switch (bytes[0], bytes[1]) {
    case (0xFF, 0xFE): littleEndian = true
    case (0xFE, 0xFF): littleEndian = false
    default: return nil
    }
    var units: [UInt16] = []
    units.reserveCapacity(bytes.count / 2)
    var index = 2
    while index + 1 < bytes.count {
      let (low, high) = littleEndian ? (bytes[index], bytes[index + 1]) : (bytes[index + 1], bytes[index])
      units.append(UInt16(high) << 8 | UInt16(low))
      index += 2
    }
    var text = ""
    text.reserveCapacity(units.count)
    _ = transcode(units.makeIterator(), from: UTF16.self, to: UTF32.self, stoppingOnError: false) {
      text.unicodeScalars.append(Unicode.Scalar($0) ?? "\u{FFFD}")
    }
    return Array(text.utf8)
  }

  /// The header row of a CSV whose first bytes are `bytes`, or nil when they hold no full line.
  static func header(from bytes: [UInt8]) -> [String]? {
    guard bytes.contains(0x0A) || bytes.count < 64 << 10 else { return nil }
    let reader = CSVReader(input: ByteReader(bytes: bytes))
    guard let header = try? reader.nextRecord() else { return nil }
    return header.map { $0.trimmingCharacters(in: .whitespaces) }
  }

  /// The next record's fields, or nil at the end of the input. Blank lines are skipped.
  func nextRecord() throws -> [String]? {
    if !started {
      started = true
      try skipByteOrderMark()
      try detectDelimiter()
    }
    var record: [String] = []
    field.removeAll(keepingCapacity: true)
    // Skip blank lines between records.
    while let byte = try input.peek(), byte == 0x0A || byte == 0x0D {
      if byte == 0x0A { line += 1 }
      input.position += 1
    }
    guard try input.peek() != nil else { return nil }
    recordLine = line
    var inQuotes = false
    var wasQuoted = false
    while true {
      guard let byte = try input.peek() else {
        if inQuotes {
          throw CSVReadError(message: "a quoted field is not closed before the end of the file", line: recordLine)
        }
        record.append(try finishField(wasQuoted: wasQuoted))
        return record
      }
      input.position += 1
      if inQuotes {
        if byte == UInt8(ascii: "\"") {
          if try input.peek() == UInt8(ascii: "\"") {
            field.append(byte)
            input.position += 1
          } else {
            inQuotes = false
          }
        } else {
          if byte == 0x0A { line += 1 }
          try append(byte)
        }
        continue
      }
      switch byte {
      case UInt8(ascii: "\"") where field.isEmpty && !wasQuoted:
        inQuotes = true
        wasQuoted = true
      case delimiter:
        record.append(try finishField(wasQuoted: wasQuoted))
        wasQuoted = false
        if record.count >= Self.mostFields {
          throw CSVReadError(message: "more than \(Self.mostFields) fields in one record", line: recordLine)
        }
      case 0x0D:
        if try input.peek() == 0x0A { continue }
        record.append(try finishField(wasQuoted: wasQuoted))
        line += 1
        return record
      case 0x0A:
        record.append(try finishField(wasQuoted: wasQuoted))
        line += 1
        return record
      default:
        try append(byte)
      }
    }
  }

  @inline(__always)
  private func append(_ byte: UInt8) throws {
    guard byte != 0, field.count < Self.largestField else {
      throw CSVReadError(
        message: byte == 0
          ? "a NUL byte: not a UTF-8 text file (a UTF-16 file must be saved as UTF-8)"
          : "a field longer than \(Self.largestField >> 20) MiB: not a CSV of posts",
        line: recordLine)
    }
    field.append(byte)
  }

  private func finishField(wasQuoted: Bool) throws -> String {
    defer { field.removeAll(keepingCapacity: true) }
    guard let text = String(validating: field, as: UTF8.self) else {
      throw CSVReadError(message: "invalid UTF-8 (save the file as UTF-8)", line: line)
    }
    return text
  }

  private func skipByteOrderMark() throws {
    guard try input.peek() == 0xEF else { return }
    for expected: UInt8 in [0xEF, 0xBB, 0xBF] {
      guard try input.peek() == expected else { throw CSVReadError(message: "invalid UTF-8 at the start", line: 1) }
      input.position += 1
    }
  }

  /// Picks the delimiter that occurs most in the first line outside quotes.
  private func detectDelimiter() throws {
    _ = try input.peek()
    var counts: [UInt8: Int] = [:]
    var inQuotes = false
    var index = input.position
    while index < input.end {
      let byte = input.buffer[index]
      if byte == UInt8(ascii: "\"") { inQuotes.toggle() }
      if !inQuotes {
        if byte == 0x0A { break }
        if byte == UInt8(ascii: ",") || byte == UInt8(ascii: ";") || byte == 0x09 { counts[byte, default: 0] += 1 }
      }
      index += 1
    }
    if let best = counts.max(by: { $0.value < $1.value }) { delimiter = best.key }
  }
}
