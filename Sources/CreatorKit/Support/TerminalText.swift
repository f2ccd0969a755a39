/// Text from input (file names, places, reasons) made safe to print on a terminal: control characters are
/// written as visible escapes, so a name holding `ESC[2J` cannot clear the screen and a newline in a name
/// cannot split an error over two lines.
public enum TerminalText {
  /// `text` with C0 and C1 control characters and DEL written as `\n`, `\t`, `\r` or `\u{1B}`.
  public static func escaped(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: isControl) else { return text }
    var output = ""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\n": output += "\\n"
      case "\t": output += "\\t"
      case "\r": output += "\\r"
      case _ where isControl(scalar): output += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
      default: output.unicodeScalars.append(scalar)
      }
    }
    return output
  }

  /// A whole page of text for a terminal (a report printed rather than written to a file): its line breaks
  /// and tabs kept, every other control character written as `\u{1B}`, so a caption holding `ESC]52` or
  /// `ESC[2J` prints as text instead of acting on the terminal.
  public static func page(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: { isControl($0) && $0 != "\n" && $0 != "\t" }) else { return text }
    var output = ""
    for scalar in text.unicodeScalars {
      if isControl(scalar) && scalar != "\n" && scalar != "\t" {
        output += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
      } else {
        output.unicodeScalars.append(scalar)
      }
    }
    return output
  }

  private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
    scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
  }
}
