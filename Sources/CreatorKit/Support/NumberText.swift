import Foundation

/// Numbers as people read them, the same on every machine: thousands separated by commas (`16,715`), a
/// point for decimals, and never a negative zero (`-0.0`, `-0%`) for a value that rounds to nothing. Every
/// human-readable output formats its numbers here; JSON and CSV keep plain machine numbers.
public enum NumberText {
  /// A whole number with thousands separators: `16,715`, `-1,204`.
  public static func count<Number: BinaryInteger>(_ value: Number) -> String {
    let digits = String(value.magnitude)
    return (value < 0 ? "-" : "") + grouped(Substring(digits))
  }

  /// `value` with `digits` decimals and thousands separators: `1,234.5`; `0.0` for `-0.04` (no negative
  /// zero). With `sign`, a `+` before positive values (`+1.2`), none before zero. Not finite: `–`.
  public static func decimal(_ value: Double, digits: Int = 1, sign: Bool = false) -> String {
    guard value.isFinite else { return "–" }
    let text = String(format: "%.\(max(0, min(digits, 12)))f", abs(value))
    let isZero = !text.contains { $0 != "0" && $0 != "." }
    let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
    var result = grouped(parts[0]) + (parts.count > 1 ? "." + parts[1] : "")
    if !isZero { result = (value < 0 ? "-" : sign ? "+" : "") + result }
    return result
  }

  /// A fraction as a percent with one decimal (`0.0823` → `8.2%`); two significant digits below 0.1%
  /// (Rival IQ's 0.035% for X would read 0.0%). With `sign`, `+` before a rise. Nil: `–`.
  public static func percent(_ fraction: Double?, sign: Bool = false) -> String {
    guard let fraction, fraction.isFinite else { return "–" }
    let value = fraction * 100
    if fraction != 0 && abs(fraction) < 0.001 {
      return String(format: sign ? "%+.2g%%" : "%.2g%%", value)
    }
    return decimal(value, digits: 1, sign: sign) + "%"
  }

  /// Digits with a comma every three from the right.
  private static func grouped(_ digits: Substring) -> String {
    var output = ""
    for (index, digit) in digits.enumerated() {
      if index > 0 && (digits.count - index) % 3 == 0 { output.append(",") }
      output.append(digit)
    }
    return output
  }
}
