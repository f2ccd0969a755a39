/// Checks a value against the part of JSON Schema that structured output uses: `type` (one or several),
/// `properties`, `required`, `additionalProperties`, `items`, `enum`, `const`, `minItems`/`maxItems`,
/// `minLength`/`maxLength`, `minimum`/`maximum`, `anyOf`/`oneOf`. Other keywords are accepted unchecked.
public struct JSONSchemaValidator: Sendable {
  public var schema: JSONValue

  /// A validator for `schema`.
  public init(schema: JSONValue) { self.schema = schema }

  /// The first problem found, as `$.path: what is wrong`, or nil when the value is valid.
  public func problem(in value: JSONValue) -> String? {
    check(value, against: schema, path: "$")
  }

  private func check(_ value: JSONValue, against schema: JSONValue, path: String) -> String? {
    guard case .object = schema else { return nil }  // `true` or `{}`: anything goes
    if let types = schema["type"] {
      let allowed = types.arrayValue?.compactMap(\.stringValue) ?? [types.stringValue].compactMap { $0 }
      if !allowed.isEmpty, !allowed.contains(where: { Self.value(value, is: $0) }) {
        return "\(path): expected \(allowed.joined(separator: " or ")), found \(value.kindName)"
      }
    }
    if let options = schema["enum"]?.arrayValue, !options.contains(where: { Self.same($0, value) }) {
      return "\(path): \(value.jsonText.prefix(60)) is not one of \(JSONValue.array(options).jsonText.prefix(120))"
    }
    if let constant = schema["const"], !Self.same(constant, value) {
      return "\(path): must be \(constant.jsonText.prefix(60))"
    }
    for keyword in ["anyOf", "oneOf"] {
      if let choices = schema[keyword]?.arrayValue {
        let matches = choices.filter { check(value, against: $0, path: path) == nil }.count
        if matches == 0 || (keyword == "oneOf" && matches > 1) {
          return "\(path): matches \(matches) of the \(keyword) choices"
        }
      }
    }
    switch value {
    case .string(let text):
      if let minimum = schema["minLength"]?.intValue, text.count < minimum {
        return "\(path): shorter than \(minimum) characters"
      }
      if let maximum = schema["maxLength"]?.intValue, text.count > maximum {
        return "\(path): longer than \(maximum) characters (\(text.count))"
      }
    case .int, .double:
      let number = value.doubleValue ?? 0
      if let minimum = schema["minimum"]?.doubleValue, number < minimum { return "\(path): below \(minimum)" }
      if let maximum = schema["maximum"]?.doubleValue, number > maximum { return "\(path): above \(maximum)" }
    case .array(let items):
      if let minimum = schema["minItems"]?.intValue, items.count < minimum {
        return "\(path): needs at least \(minimum) items, has \(items.count)"
      }
      if let maximum = schema["maxItems"]?.intValue, items.count > maximum {
        return "\(path): allows at most \(maximum) items, has \(items.count)"
      }
      if let itemSchema = schema["items"] {
        for (index, item) in items.enumerated() {
          if let problem = check(item, against: itemSchema, path: "\(path)[\(index)]") { return problem }
        }
      }
    case .object(let object):
      for key in schema["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where object[key] == nil {
        return "\(path): missing required member '\(key)'"
      }
      let properties = schema["properties"]?.objectValue
      for member in object.members {
        if let propertySchema = properties?[member.key] {
          if let problem = check(member.value, against: propertySchema, path: "\(path).\(member.key)") {
            return problem
          }
        } else if let additional = schema["additionalProperties"] {
          if additional == .bool(false) { return "\(path): unexpected member '\(member.key)'" }
          if let problem = check(member.value, against: additional, path: "\(path).\(member.key)") { return problem }
        }
      }
    case .null, .bool:
      break
    }
    return nil
  }

  private static func value(_ value: JSONValue, is type: String) -> Bool {
    switch (type, value) {
    case ("string", .string), ("boolean", .bool), ("null", .null), ("array", .array), ("object", .object): true
    case ("number", .int), ("number", .double), ("integer", .int): true
    case ("integer", .double(let number)): number == number.rounded()
    default: false
    }
  }

  private static func same(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool {
    if let left = lhs.doubleValue, let right = rhs.doubleValue { return left == right }
    return lhs == rhs
  }
}
