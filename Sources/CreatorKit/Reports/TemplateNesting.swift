/// How deep a Mustache template's sections nest, measured before the template is parsed: the parser and
/// the renderer recurse once per level, and a template of 5,000 nested sections ran out of stack.
enum TemplateNesting {
  /// The deepest nesting a template may have; the built-in ones use 2.
  static let limit = 200
  /// The largest template read, in bytes.
  static let largestTemplate = 1 << 20

  /// The line of the first section opened deeper than `limit`, or nil when the template stays within it.
  /// Follows `{{=<% %>=}}` delimiter changes, so a template cannot hide its sections from the count.
  static func lineTooDeep(in source: String, limit: Int = limit) -> Int? {
    let bytes = Array(source.utf8)
    var open = Array("{{".utf8)
    var close = Array("}}".utf8)
    var depth = 0
    var line = 1
    var index = 0
    func matches(_ token: [UInt8], at position: Int) -> Bool {
      position + token.count <= bytes.count && bytes[position..<position + token.count].elementsEqual(token)
    }
    while index < bytes.count {
      if bytes[index] == UInt8(ascii: "\n") { line += 1 }
      guard matches(open, at: index) else {
        index += 1
        continue
      }
      var start = index + open.count
      // `{{{name}}}` is a variable; skip the spaces Mustache allows before the sigil.
      while start < bytes.count && bytes[start] == UInt8(ascii: " ") { start += 1 }
      guard start < bytes.count else { break }
      var end = start
      while end < bytes.count && !matches(close, at: end) {
        if bytes[end] == UInt8(ascii: "\n") { line += 1 }
        end += 1
      }
      let closeLength = close.count
      switch bytes[start] {
      case UInt8(ascii: "#"), UInt8(ascii: "^"):
        depth += 1
        if depth > limit { return line }
      case UInt8(ascii: "/"):
        depth = max(depth - 1, 0)
      case UInt8(ascii: "="):
        // `{{=<% %>=}}`: the new open and close, separated by spaces, before the closing `=`.
        let inner = bytes[(start + 1)..<end].split(separator: UInt8(ascii: " "))
        if inner.count == 2, inner[1].last == UInt8(ascii: "=") {
          open = Array(inner[0])
          close = Array(inner[1].dropLast())
          if open.isEmpty || close.isEmpty { return nil }
        }
      default: break
      }
      index = end + closeLength
    }
    return nil
  }
}
