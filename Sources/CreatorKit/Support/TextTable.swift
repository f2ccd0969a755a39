/// A plain-text table for terminals, aligned by display width (CJK and emoji take two columns).
public struct TextTable: Sendable {
  public enum Alignment: Sendable { case left, right }

  public var headers: [String]
  public var alignments: [Alignment]
  public var rows: [[String]] = []
  /// Cells wider than this are cut with `…`.
  public var maximumCellWidth: Int

  public init(headers: [String], alignments: [Alignment]? = nil, maximumCellWidth: Int = 48) {
    self.headers = headers
    self.alignments = alignments ?? headers.map { _ in .left }
    self.maximumCellWidth = maximumCellWidth
  }

  public func render() -> String {
    let cells = ([headers] + rows).map { row in row.map { Self.clip(Self.singleLine($0), to: maximumCellWidth) } }
    var widths = headers.map { _ in 0 }
    for row in cells {
      for (index, cell) in row.enumerated() where index < widths.count {
        widths[index] = max(widths[index], Self.displayWidth(cell))
      }
    }
    var lines: [String] = []
    for (number, row) in cells.enumerated() {
      var line = ""
      for (index, cell) in row.enumerated() where index < widths.count {
        let padding = String(repeating: " ", count: widths[index] - Self.displayWidth(cell))
        let isLast = index == row.count - 1
        if alignments[index] == .right {
          line += padding + cell
        } else {
          line += cell + (isLast ? "" : padding)
        }
        if !isLast { line += "  " }
      }
      lines.append(line)
      if number == 0 { lines.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")) }
    }
    return lines.joined(separator: "\n")
  }

  /// One line, and no control character reaches the terminal (a caption's `ESC[2J` would clear it).
  static func singleLine(_ text: String) -> String {
    TerminalText.escaped(String(text.map { $0.isNewline || $0 == "\t" ? " " : $0 }))
  }

  static func clip(_ text: String, to width: Int) -> String {
    guard displayWidth(text) > width else { return text }
    var result = ""
    var used = 0
    for character in text {
      let next = displayWidth(character)
      if used + next > width - 1 { break }
      result.append(character)
      used += next
    }
    return result + "…"
  }

  /// Columns a string takes in a terminal.
  public static func displayWidth(_ text: String) -> Int {
    text.reduce(0) { $0 + displayWidth($1) }
  }

  static func displayWidth(_ character: Character) -> Int {
    guard let scalar = character.unicodeScalars.first else { return 0 }
    if character.unicodeScalars.count > 1
      && character.unicodeScalars.contains(where: { $0.properties.isEmojiPresentation || $0.value == 0xFE0F })
    {
      return 2
    }
    if scalar.properties.isEmojiPresentation { return 2 }
    switch scalar.value {
    case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
      0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFD:
      return 2
    default:
      return scalar.properties.generalCategory == .nonspacingMark ? 0 : 1
    }
  }
}
