import Foundation

/// Reads a count the way exports write them: `1508`, `"1,508"`, `"12.345"` (German grouping),
/// `"1 508"`, `"-4"`, and the placeholders `--`, `N/A`, `None` or nothing for "not reported".
public enum MetricNumber: Equatable, Sendable {
  case value(Int64)
  /// The export said it has no number here.
  case missing
  /// Text that is not a count.
  case invalid

  public init(_ text: String) {
    if let plain = Int64(text) {
      self = .value(plain)
      return
    }
    // Keep the digits and note the separators: spaces, no-break spaces and apostrophes group thousands
    // in several locales; `,` or `.` group them when every group after the first has three digits.
    var digits = 0 as Int64
    var digitCount = 0
    var negative = false
    var separator: Character?
    var groupLength = 0
    var firstGroupLength: Int?
    var sawOther = false
    var sawDigit = false
    for character in text {
      switch character {
      case "0"..."9":
        let (product, overflow) = digits.multipliedReportingOverflow(by: 10)
        guard !overflow else {
          self = .invalid
          return
        }
        digits = product + Int64(character.asciiValue! - 48)
        digitCount += 1
        groupLength += 1
        sawDigit = true
      case " ", "\u{00A0}", "\u{202F}", "'", "’":
        if sawDigit { separator = separator ?? " " }
      case "-",
        "−" where !sawDigit && !negative:
        negative = true
      case ",", ".":
        if separator == nil { separator = character } else if separator != character { sawOther = true }
        if firstGroupLength == nil { firstGroupLength = groupLength } else if groupLength != 3 { sawOther = true }
        groupLength = 0
      default:
        sawOther = true
      }
    }
    let placeholder = ["--", "-", "—", "n/a", "none", "null"].contains(
      text.lowercased().trimmingCharacters(in: .whitespaces))
    if placeholder || (digitCount == 0 && !sawOther && text.allSatisfy(\.isWhitespace)) {
      self = .missing
      return
    }
    if let first = firstGroupLength, !(1...3).contains(first) || groupLength != 3 { sawOther = true }
    guard digitCount > 0, !sawOther else {
      self = .invalid
      return
    }
    self = .value(negative ? -digits : digits)
  }

  public init(_ json: JSONValue) {
    switch json {
    case .int(let value): self = .value(value)
    case .double(let value) where value == value.rounded() && abs(value) < 9e15: self = .value(Int64(value))
    case .string(let text): self.init(text)
    case .null: self = .missing
    default: self = .invalid
    }
  }

  public var value: Int64? {
    if case .value(let value) = self { return value }
    return nil
  }
}
