import Foundation

/// Writes RFC 4180 CSV for spreadsheets, neutralising cells that a spreadsheet would run as a formula
/// (text starting with `=`, `+`, `-`, `@`, tab or carriage return gets a leading `'`). Numbers are written
/// as numbers, negative ones included: only text is neutralised.
public struct CSVWriter: Sendable {
  /// One cell: text (neutralised when it looks like a formula) or a number.
  public enum Cell: Sendable {
    case text(String)
    case number(Int64?)
    /// A fraction or percent, written with six decimals; nil writes an empty cell.
    case decimal(Double?)
  }

  public private(set) var text = ""

  /// A document that starts with the `header` row.
  public init(header: [String]) {
    appendRow(header.map(Cell.text))
  }

  public mutating func appendRow(_ cells: [Cell]) {
    text +=
      cells.map { cell in
        switch cell {
        case .text(let value): Self.escape(value)
        case .number(let value): value.map(String.init) ?? ""
        case .decimal(let value): value.map { String(format: "%.6f", $0) } ?? ""
        }
      }.joined(separator: ",") + "\r\n"
  }

  /// A cell for untrusted text.
  public static func escape(_ cell: String) -> String {
    var cell = cell
    if let first = cell.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) {
      cell = "'" + cell
    }
    if cell.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) {
      return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
    return cell
  }
}
