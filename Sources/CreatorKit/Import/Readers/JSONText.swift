import Foundation

/// JSON as text: compact writing (request bodies, log rows, cache keys) and whole-document parsing (response
/// bodies, stream events, schema files) with the same reader the importers use.
extension JSONValue {
  /// Parses one complete JSON document.
  public static func parse<Bytes: Collection<UInt8>>(_ bytes: Bytes) throws(JSONReadError) -> JSONValue {
    let reader = JSONStreamReader(input: ByteReader(bytes: Array(bytes)), repairsMetaText: false)
    do {
      let value = try reader.readValue()
      try reader.finish()
      return value
    } catch let error as JSONReadError {
      throw error
    } catch {
      throw JSONReadError(message: "\(error)", place: reader.place)
    }
  }

  /// Parses one complete JSON document.
  public static func parse(_ text: String) throws(JSONReadError) -> JSONValue {
    try parse(Array(text.utf8))
  }

  /// Compact JSON with members in their stored order, so equal values always give equal text.
  public var jsonText: String {
    var output = ""
    write(to: &output)
    return output
  }

  /// The value as UTF-8 JSON bytes.
  public var jsonData: Data { Data(jsonText.utf8) }

  func write(to output: inout String) {
    switch self {
    case .null: output += "null"
    case .bool(let flag): output += flag ? "true" : "false"
    case .int(let number): output += String(number)
    case .double(let number):
      if number.isFinite {
        output += number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : "\(number)"
      } else {
        output += "null"
      }
    case .string(let text): Self.writeString(text, to: &output)
    case .array(let items):
      output += "["
      for (index, item) in items.enumerated() {
        if index > 0 { output += "," }
        item.write(to: &output)
      }
      output += "]"
    case .object(let object):
      output += "{"
      for (index, member) in object.members.enumerated() {
        if index > 0 { output += "," }
        Self.writeString(member.key, to: &output)
        output += ":"
        member.value.write(to: &output)
      }
      output += "}"
    }
  }

  private static func writeString(_ text: String, to output: inout String) {
    output += "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": output += "\\\""
      case "\\": output += "\\\\"
      case "\n": output += "\\n"
      case "\r": output += "\\r"
      case "\t": output += "\\t"
      case "\u{2028}": output += "\\u2028"
      case "\u{2029}": output += "\\u2029"
      default:
        if scalar.value < 0x20 {
          let hex = String(scalar.value, radix: 16)
          output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          output.unicodeScalars.append(scalar)
        }
      }
    }
    output += "\""
  }

  public var intValue: Int? {
    switch self {
    case .int(let number): Int(exactly: number)
    case .double(let number): Int(exactly: number)
    default: nil
    }
  }

  public var doubleValue: Double? {
    switch self {
    case .int(let number): Double(number)
    case .double(let number): number
    default: nil
    }
  }

  public var boolValue: Bool? {
    if case .bool(let flag) = self { return flag }
    return nil
  }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
  ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
  public init(stringLiteral value: String) { self = .string(value) }
  public init(integerLiteral value: Int64) { self = .int(value) }
  public init(floatLiteral value: Double) { self = .double(value) }
  public init(booleanLiteral value: Bool) { self = .bool(value) }
  public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
  public init(dictionaryLiteral elements: (String, JSONValue)...) {
    self = .object(JSONObject(elements.map { (key: $0.0, value: $0.1) }))
  }
  public init(nilLiteral: ()) { self = .null }
}

extension JSONObject {
  /// Sets `key` to `value`, replacing an existing member in place or appending a new one; nil removes it.
  public subscript(setting key: String) -> JSONValue? {
    get { self[key] }
    set {
      if let index = members.firstIndex(where: { $0.key == key }) {
        if let newValue { members[index].value = newValue } else { members.remove(at: index) }
      } else if let newValue {
        members.append((key: key, value: newValue))
      }
    }
  }
}
