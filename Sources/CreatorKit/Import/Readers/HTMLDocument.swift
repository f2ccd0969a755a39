@preconcurrency import CLibXML2
import Foundation

/// An HTML page as a small tree of Swift values, parsed by libxml2's forgiving HTML parser (FoundationXML's
/// `XMLDocument` does not parse HTML on Linux). Entities are decoded; the libxml2 document is freed before
/// this returns, so nothing of C lives on.
struct HTMLNode: Sendable {
  var name: String
  var attributes: [String: String]
  var children: [HTMLNode]
  /// For a text node, its text; empty for elements.
  var text: String

  var isText: Bool { name == "#text" }

  /// All text below this node, in order, whitespace collapsed.
  var textContent: String {
    var parts: [String] = []
    collectText(into: &parts)
    return parts.joined(separator: " ").split(whereSeparator: \.isWhitespace).joined(separator: " ")
  }

  /// All text below this node with its line breaks (newlines in the text and `<br>`): spaces and tabs
  /// collapsed and trimmed within each line, more than one empty line in a row made one, and no empty line
  /// at either end. Captions keep their paragraphs this way.
  var textKeepingLineBreaks: String {
    var text = ""
    collectLines(into: &text)
    text = text.replacingOccurrences(of: "\r\n", with: "\n")
    var lines: [Substring] = []
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\u{A0}" })
      let trimmed = Substring(words.joined(separator: " "))
      if trimmed.isEmpty && (lines.last?.isEmpty ?? true) { continue }
      lines.append(trimmed)
    }
    while lines.last?.isEmpty == true { lines.removeLast() }
    return lines.joined(separator: "\n")
  }

  private func collectLines(into text: inout String) {
    if isText { text += self.text }
    if name == "br" { text += "\n" }
    for child in children { child.collectLines(into: &text) }
  }

  private func collectText(into parts: inout [String]) {
    if isText { parts.append(text) }
    for child in children { child.collectText(into: &parts) }
  }

  /// Calls `body` for this node and every node below it, parents first.
  func walk(_ body: (HTMLNode) -> Void) {
    body(self)
    for child in children { child.walk(body) }
  }

  /// Reads and parses an export's HTML file; errors name the file.
  static func load(_ file: ExportFile) throws -> HTMLNode {
    // The page is parsed whole, at about four times its size in memory: larger pages are not exports.
    guard file.size <= largestPage else {
      throw ImportError(file: file.displayName, message: "the page is larger than \(largestPage >> 20) MiB")
    }
    let data: Data
    do { data = try Data(contentsOf: file.url) } catch {
      throw ImportError(.unreadable, file: file.displayName, message: "the file cannot be read")
    }
    // libxml2 stops at a text of 10 MB and, recovering, drops the rest of the page without a word.
    if let offset = firstLongText(data) {
      throw ImportError(
        file: file.displayName, place: "byte \(offset)",
        message: "a text of more than \(longestText >> 20) MiB between tags: not an export page")
    }
    guard let root = parse(data) else {
      throw ImportError(file: file.displayName, message: "not an HTML page libxml2 can read")
    }
    return root
  }

  /// The largest HTML page read, in bytes.
  static let largestPage = 128 << 20
  /// The longest run of text between two tags: a thousand times the longest caption.
  static let longestText = 4 << 20

  /// Where the first text longer than `longestText` starts, or nil.
  static func firstLongText(_ data: Data) -> Int? {
    data.withUnsafeBytes { bytes -> Int? in
      var start = 0
      for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">") {
        if index - start > longestText { return start }
        start = index
      }
      return bytes.count - start > longestText ? start : nil
    }
  }

  /// Parses `data` (UTF-8 HTML). Nil when libxml2 cannot make a document of it at all.
  static func parse(_ data: Data) -> HTMLNode? {
    let options = Int32(
      HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
        | HTML_PARSE_NONET.rawValue)
    let document = data.withUnsafeBytes { bytes -> htmlDocPtr? in
      guard let base = bytes.baseAddress else { return nil }
      return htmlReadMemory(base.assumingMemoryBound(to: CChar.self), Int32(bytes.count), nil, "UTF-8", options)
    }
    guard let document else { return nil }
    defer { xmlFreeDoc(document) }
    guard let root = xmlDocGetRootElement(document) else { return nil }
    return node(root)
  }

  private static func node(_ pointer: xmlNodePtr) -> HTMLNode {
    let element = pointer.pointee
    if element.type == XML_TEXT_NODE || element.type == XML_CDATA_SECTION_NODE {
      let text = element.content.map { String(cString: $0) } ?? ""
      return HTMLNode(name: "#text", attributes: [:], children: [], text: text)
    }
    var attributes: [String: String] = [:]
    var attribute = element.properties
    while let current = attribute {
      let name = current.pointee.name.map { String(cString: $0) } ?? ""
      if let value = xmlNodeGetContent(UnsafeMutablePointer(OpaquePointer(current))) {
        attributes[name.lowercased()] = String(cString: value)
        xmlFree(value)
      }
      attribute = current.pointee.next
    }
    var children: [HTMLNode] = []
    var child = element.children
    while let current = child {
      let type = current.pointee.type
      if type == XML_ELEMENT_NODE || type == XML_TEXT_NODE || type == XML_CDATA_SECTION_NODE {
        children.append(node(current))
      }
      child = current.pointee.next
    }
    let name = element.name.map { String(cString: $0) } ?? ""
    return HTMLNode(name: name.lowercased(), attributes: attributes, children: children, text: "")
  }
}
