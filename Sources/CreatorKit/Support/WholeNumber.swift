import Foundation

extension Int64 {
  /// `value` as a whole number, or nil when it has a fraction, is NaN or infinite, or lies outside
  /// `Int64` (1e19, 2^64, 1e308): the one checked conversion for numbers read from input, where
  /// `Int64(value)` would stop the process.
  init?(whole value: Double) {
    self.init(exactly: value)
  }

  /// The whole seconds since 1970 of `date` (rounded toward zero), or nil when they do not fit `Int64`.
  init?(epochSeconds date: Date) {
    self.init(exactly: date.timeIntervalSince1970.rounded(.towardZero))
  }

  /// `value` toward zero, held at `Int64.max` or `Int64.min` when beyond them (0 for NaN): for showing a
  /// median or mean of counts, which cannot trap however large the stored counts are.
  init(clamping value: Double) {
    if value.isNaN {
      self = 0
    } else if value >= 9_223_372_036_854_775_807 {
      self = .max
    } else if value <= -9_223_372_036_854_775_808 {
      self = .min
    } else {
      self.init(value.rounded(.towardZero))
    }
  }

  /// `self + other`, held at `Int64.max` or `Int64.min` instead of trapping: for sums over imported counts.
  func saturatingAdd(_ other: Int64) -> Int64 {
    let (sum, overflow) = addingReportingOverflow(other)
    guard overflow else { return sum }
    return other > 0 ? .max : .min
  }
}

extension JSONValue {
  /// The whole number the value holds: an integer, a number without a fraction that fits `Int64`, or
  /// digits in a string; nil for anything else (`1.5`, `1e19`, `1e999`, `"12a"`, `true`).
  var wholeNumber: Int64? {
    switch self {
    case .int(let value): value
    case .double(let value): Int64(whole: value)
    case .string(let text): Int64(text)
    default: nil
    }
  }

  /// Why the value is not a whole number, as `expected a whole number, found 1e+19 (outside the range
  /// of counts and times)`.
  var notWholeNumber: String {
    switch self {
    case .double(let value) where value.isFinite && value == value.rounded():
      "expected a whole number, found \(value) (too large)"
    case .double(let value): "expected a whole number, found \(value)"
    case .string(let text) where text.utf8.count <= 24 && Double(text) != nil:
      "expected a whole number, found \"\(text)\""
    default: "expected a whole number, found \(kindName)"
    }
  }
}
