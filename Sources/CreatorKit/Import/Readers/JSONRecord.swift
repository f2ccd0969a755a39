import Foundation

/// A JSON object read from an export, with the file and the path it came from, so that a field of the
/// wrong type is reported as `posts_1.json: $[3].media[0].creation_timestamp (record at line 42): ...`.
struct JSONRecord {
  /// Where a record sits, built into text only when a message needs it: nested records are read for
  /// every row, and formatting their paths up front cost more than reading them.
  private indirect enum Location {
    case root(String)
    case member(Location, String)

    var text: String {
      switch self {
      case .root(let path): path
      case .member(let parent, let key): parent.text + "." + key
      }
    }
  }

  let object: JSONObject
  let file: String
  private let location: Location
  let line: Int

  /// The JSON path of the record, e.g. `$[3].media[0]`.
  var path: String { location.text }

  init(_ value: JSONValue, file: String, path: String, line: Int) throws {
    self.file = file
    self.location = .root(path)
    self.line = line
    guard case .object(let object) = value else {
      throw ImportError(
        file: file, place: "\(path) (line \(line))", message: "expected an object, found \(value.kindName)")
    }
    self.object = object
  }

  private init(object: JSONObject, file: String, location: Location, line: Int) {
    self.object = object
    self.file = file
    self.location = location
    self.line = line
  }

  func place(_ key: String) -> String { "\(path).\(key) (record at line \(line))" }

  func wrongType(_ key: String, expected: String, found: JSONValue) -> ImportError {
    ImportError(file: file, place: place(key), message: "expected \(expected), found \(found.kindName)")
  }

  func has(_ key: String) -> Bool { object[key] != nil }

  /// A string field; nil when absent or null.
  func string(_ key: String) throws -> String? {
    switch object[key] {
    case nil, .null?: return nil
    case .string(let text)?: return text
    case let other?: throw wrongType(key, expected: "text", found: other)
    }
  }

  /// A whole-number field, also accepted as digits in a string; nil when absent or null.
  func integer(_ key: String) throws -> Int64? {
    switch object[key] {
    case nil, .null?: return nil
    case let value?:
      if let whole = value.wholeNumber { return whole }
      throw ImportError(file: file, place: place(key), message: value.notWholeNumber)
    }
  }

  /// An object field; nil when absent or null.
  func record(_ key: String) throws -> JSONRecord? {
    switch object[key] {
    case nil, .null?: return nil
    case .object(let child)?:
      return JSONRecord(object: child, file: file, location: .member(location, key), line: line)
    case let other?: throw wrongType(key, expected: "an object", found: other)
    }
  }

  /// An array of objects; empty when absent or null.
  func records(_ key: String) throws -> [JSONRecord] {
    switch object[key] {
    case nil, .null?: return []
    case .array(let items)?:
      return try items.enumerated().map { index, item in
        guard case .object(let child) = item else {
          throw ImportError(
            file: file, place: place("\(key)[\(index)]"), message: "expected an object, found \(item.kindName)")
        }
        return JSONRecord(object: child, file: file, location: .member(location, "\(key)[\(index)]"), line: line)
      }
    case let other?: throw wrongType(key, expected: "an array", found: other)
    }
  }
}
