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
    var text = text.trimmingCharacters(in: .whitespaces)
    if text.isEmpty || ["--", "-", "—", "n/a", "none", "null"].contains(text.lowercased()) {
      self = .missing
      return
    }
    // Spaces, no-break spaces and apostrophes group thousands in several locales.
    text.removeAll { $0 == " " || $0 == "\u{00A0}" || $0 == "\u{202F}" || $0 == "'" || $0 == "’" }
    var negative = false
    if text.hasPrefix("-") || text.hasPrefix("−") {
      negative = true
      text.removeFirst()
    }
    if let plain = Int64(text) {
      self = .value(negative ? -plain : plain)
      return
    }
    // Grouped digits: 1,508 or 12.345 or 1,234,567 (one separator, groups of three).
    for separator in [",", "."] {
      let groups = text.split(separator: Character(separator), omittingEmptySubsequences: false)
      guard groups.count > 1, (1...3).contains(groups[0].count),
        groups.dropFirst().allSatisfy({ $0.count == 3 }),
        groups.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
        let value = Int64(groups.joined())
      else { continue }
      self = .value(negative ? -value : value)
      return
    }
    self = .invalid
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
