/// Finds YAML anchors (`&name`) and aliases (`*name`) in text before it reaches the YAML parser: post
/// files and the configuration have no use for them, and an alias used as a mapping key made the parser
/// spin forever. Quoted scalars, block scalars (`|`, `>`) and comments are passed over, and `*` or `&`
/// inside a plain scalar (`Q&A`, `5 * 3`) is text, as YAML reads it.
enum YAMLAliasScan {
  /// The first anchor or alias as (line, column), both from 1; nil when there is none.
  static func firstAnchorOrAlias(in text: String) -> (line: Int, column: Int)? {
    var inSingle = false
    var inDouble = false
    var blockIndent: Int?
    for (lineIndex, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let bytes = Array(line.utf8)
      let indent = bytes.prefix { $0 == UInt8(ascii: " ") }.count
      if let block = blockIndent {
        if indent == bytes.count || indent > block { continue }
        blockIndent = nil
      }
      // The last byte that is not a space before the current one, 0 at the start of the line.
      var previous: UInt8 = 0
      // A node may start with a tag (`!!str *a`): the word after it starts the node's value.
      var inTag = false
      var afterTag = false
      var index = 0
      while index < bytes.count {
        let byte = bytes[index]
        defer { index += 1 }
        if inSingle {
          if byte == UInt8(ascii: "'") {
            if index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "'") { index += 1 } else { inSingle = false }
          }
          continue
        }
        if inDouble {
          if byte == UInt8(ascii: "\\") {
            index += 1
          } else if byte == UInt8(ascii: "\"") {
            inDouble = false
          }
          continue
        }
        if byte == UInt8(ascii: " ") || byte == 0x09 || byte == 0x0D {
          if inTag {
            inTag = false
            afterTag = true
          }
          continue
        }
        let atStart =
          afterTag || previous == 0
          || ((index == 0 || bytes[index - 1] == UInt8(ascii: " ") || bytes[index - 1] == 0x09)
            && [UInt8(ascii: ":"), UInt8(ascii: "-"), UInt8(ascii: "?")].contains(previous))
          || [UInt8(ascii: "["), UInt8(ascii: "{"), UInt8(ascii: ",")].contains(previous)
        if byte == UInt8(ascii: "#") && (index == 0 || bytes[index - 1] == UInt8(ascii: " ")) { break }
        if atStart {
          switch byte {
          case UInt8(ascii: "&"), UInt8(ascii: "*"): return (lineIndex + 1, index + 1)
          case UInt8(ascii: "'"): inSingle = true
          case UInt8(ascii: "\""): inDouble = true
          case UInt8(ascii: "|"), UInt8(ascii: ">"): blockIndent = indent
          case UInt8(ascii: "!"): inTag = true
          default: break
          }
        }
        afterTag = false
        previous = byte
      }
    }
    return nil
  }
}
