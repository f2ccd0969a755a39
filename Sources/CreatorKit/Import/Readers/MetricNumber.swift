import Foundation

/// Reads a count the way exports write them: `1508`, `"1,508"`, `"12.345"` (German grouping),
/// `"1 508"`, `"-4"`, and the placeholders `--`, `N/A`, `None` or nothing for "not reported".
public enum MetricNumber: Equatable, Sendable {
  case value(Int64)
  /// The export said it has no number here.
  case missing
  /// Text that is not a count.
  case invalid

  /// Reads `text` as a count, a placeholder or neither.
  public init(_ text: String) {
    if let plain = Int64(text) {
      self = .value(plain)
      return
    }
    // One pass over the bytes, keeping the digits and checking the grouping: spaces, no-break spaces and
    // apostrophes group thousands in several locales; `,` or `.` do when every later group has 3 digits.
    var digits: Int64 = 0
    var digitCount = 0
    var negative = false
    var separator: UInt8 = 0
    var groupLength = 0
    var firstGroupLength = -1
    var valid = true
    var bytes = text.utf8.makeIterator()
    while let byte = bytes.next() {
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"):
        let (product, overflow) = digits.multipliedReportingOverflow(by: 10)
        guard !overflow else {
          self = .invalid
          return
        }
        digits = product + Int64(byte - UInt8(ascii: "0"))
        digitCount += 1
        groupLength += 1
      case UInt8(ascii: " "), UInt8(ascii: "'"), 0xC2, 0xA0, 0xE2, 0x80, 0x99, 0xAF:
        // Space, apostrophe, and the UTF-8 bytes of U+00A0, U+202F and U+2019 (checked below).
        break
      case UInt8(ascii: "-") where digitCount == 0 && !negative:
        negative = true
      case UInt8(ascii: ","), UInt8(ascii: "."):
        if separator == 0 { separator = byte } else if separator != byte { valid = false }
        if firstGroupLength < 0 { firstGroupLength = groupLength } else if groupLength != 3 { valid = false }
        groupLength = 0
      default:
        valid = false
      }
    }
    if digitCount == 0 {
      let word = text.trimmed.lowercased()
      self = word.isEmpty || ["--", "-", "—", "–", "n/a", "none", "null"].contains(word) ? .missing : .invalid
      return
    }
    if firstGroupLength >= 0 && (!(1...3).contains(firstGroupLength) || groupLength != 3) { valid = false }
    // Stray bytes of other multi-byte characters are rejected by comparing with the allowed ones.
    if valid && text.utf8.contains(where: { $0 >= 0x80 }) {
      valid = text.unicodeScalars.allSatisfy { $0.isASCII || ["\u{00A0}", "\u{202F}", "’"].contains($0) }
    }
    self = valid ? .value(negative ? -digits : digits) : .invalid
  }

  /// Reads a JSON value: a whole number, a string as above, or null (missing); a fraction or a number too large for 64
  /// bits is invalid.
  public init(_ json: JSONValue) {
    switch json {
    case .int(let value): self = .value(value)
    case .double(let value): self = Int64(whole: value).map(MetricNumber.value) ?? .invalid
    case .string(let text): self.init(text)
    case .null: self = .missing
    default: self = .invalid
    }
  }

  /// The count, or nil when missing or invalid.
  public var value: Int64? {
    if case .value(let value) = self { return value }
    return nil
  }
}
