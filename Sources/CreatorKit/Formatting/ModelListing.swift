import Foundation

/// Renders `creator models`: configured models, where they listen, whether their key is set (never the key
/// itself beyond its masked form), what they can do, and, after `--check`, whether they answered.
public enum ModelListing {
  /// How models are printed.
  public enum Format: String, Sendable, CaseIterable {
    case table, json
  }

  public static func render(
    _ configuration: ModelConfiguration, checks: [ModelCheck] = [], as format: Format
  ) -> String {
    let specs = configuration.listed
    let checked = Dictionary(checks.map { ($0.alias, $0) }, uniquingKeysWith: { first, _ in first })
    switch format {
    case .table:
      guard !specs.isEmpty else {
        return """
          No models configured. The built-in engine needs none; to ask a model, either
            set CREATOR_MODEL=PROVIDER:MODEL (e.g. ollama:llama3.2, anthropic:claude-sonnet-4-5), or
            define aliases in \(configuration.path ?? ModelConfiguration.defaultPath(environment: configuration.environment))
          Providers: \(ProviderPreset.all(environment: configuration.environment).map(\.name).joined(separator: ", "))
          """
      }
      var headers = ["", "name", "provider", "model", "base url", "key", "can"]
      if !checks.isEmpty { headers += ["check", "ms"] }
      var table = TextTable(headers: headers, maximumCellWidth: 60)
      for spec in specs {
        var row = [
          spec.alias == configuration.defaultAlias ? "*" : "", spec.alias, spec.preset.name, spec.model, spec.baseURL,
          keyText(spec), spec.capabilities.names.joined(separator: ", "),
        ]
        if let check = checked[spec.alias] {
          row += [check.reachable ? "ok: \(check.detail)" : "failed: \(check.detail)", "\(check.milliseconds)"]
        } else if !checks.isEmpty {
          row += ["", ""]
        }
        table.rows.append(row)
      }
      return table.render() + "\n* default"
    case .json:
      let items: [JSONValue] = specs.map { spec in
        var object: JSONObject = [
          "name": .string(spec.alias), "provider": .string(spec.preset.name),
          "protocol": .string(spec.preset.wireProtocol.rawValue), "model": .string(spec.model),
          "base_url": .string(spec.baseURL), "key": .string(keyText(spec)),
          "capabilities": .array(spec.capabilities.names.map(JSONValue.string)),
          "default": .bool(spec.alias == configuration.defaultAlias),
        ]
        if let check = checked[spec.alias] {
          object[setting: "check"] = [
            "reachable": .bool(check.reachable), "milliseconds": .int(Int64(check.milliseconds)),
            "detail": .string(check.detail),
          ]
        }
        return .object(object)
      }
      return JSONValue.array(items).jsonText
    }
  }

  /// `sk-...abcd from OPENAI_API_KEY`, `missing: set OPENAI_API_KEY`, or `none needed`.
  static func keyText(_ spec: ModelSpec) -> String {
    let source = spec.keySource.map(APIKey.maskingKeyLike)
    if let key = spec.key { return "\(key.masked) from \(source ?? "configuration")" }
    if spec.needsKey { return "missing: set \(source ?? "a key")" }
    return "none needed"
  }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
  /// An object with `elements` as its members, in order.
  public init(dictionaryLiteral elements: (String, JSONValue)...) {
    self.init(elements.map { (key: $0.0, value: $0.1) })
  }
}
