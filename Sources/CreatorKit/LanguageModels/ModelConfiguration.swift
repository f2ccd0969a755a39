import Foundation
import Yams

/// A model ready to be built: provider preset, model name, where it listens, its key, what it can do, the
/// options sent with every request, and its timeouts.
public struct ModelSpec: Sendable, Equatable {
  /// The name it is called by: a configuration alias or the `provider:model` text.
  public var alias: String
  public var preset: ProviderPreset
  public var model: String
  public var baseURL: String
  public var key: APIKey?
  /// Where the key comes from, said for `creator models` (the variable's name, never the key).
  public var keySource: String?
  public var capabilities: ModelCapabilities
  public var options: ModelOptions
  public var timeouts: RequestTimeouts
  /// Options the model refuses, from the configuration's `unsupported_options`; nil takes them from
  /// `ModelTraits`' table.
  public var unsupportedOptions: Set<ModelTraits.Option>?

  /// The model's traits: the table's for its preset and name, with the configured options over them.
  public var traits: ModelTraits {
    var traits = ModelTraits.of(provider: preset.name, model: model)
    if let unsupportedOptions { traits.unsupportedOptions = unsupportedOptions }
    return traits
  }

  /// Whether a request can go without a key.
  public var needsKey: Bool { !preset.isLocal && preset.keyVariable != nil && preset.name != "openai-compatible" }

  /// The model, or a configuration error that says which key to set.
  public func makeModel(transport: any HTTPTransport = CurlTransport.shared) throws
    -> any LanguageModel
  {
    if key == nil, needsKey {
      throw ModelError(
        .configuration, "model '\(alias)' needs a key", advice: "set \(preset.keyVariable ?? "its key variable")")
    }
    guard let url = URL(string: baseURL), url.scheme == "http" || url.scheme == "https" else {
      throw ModelError(.configuration, "model '\(alias)': base URL '\(baseURL)' is not an http(s) URL")
    }
    switch preset.wireProtocol {
    case .openAICompatible:
      let traits = traits
      return OpenAICompatibleModel(
        name: model, baseURL: url, key: key,
        capabilities: traits.reasoning ? capabilities.union(.reasoning) : capabilities,
        tokenLimitField: preset.name == "openai" ? "max_completion_tokens" : "max_tokens",
        schemaStyle: preset.name == "llamacpp" ? .jsonObject : .jsonSchema,
        grammarBound: ["llamacpp", "ollama"].contains(preset.name), unsupportedOptions: traits.unsupportedOptions,
        timeouts: timeouts,
        transport: transport)
    case .anthropic:
      return AnthropicModel(
        name: model, baseURL: url, key: key, capabilities: capabilities, timeouts: timeouts, transport: transport)
    }
  }
}

/// Which models a user has: aliases from the configuration file (`$CREATOR_CONFIG`, else
/// `$XDG_CONFIG_HOME/creator/config.yaml`), `CREATOR_MODEL`, and `provider:model` names; with the limits,
/// retry policy and prices around them.
///
/// ```yaml
/// default: local
/// models:
///   local:
///     provider: llamacpp
///     model: qwen2.5-7b-instruct
///     base_url: http://127.0.0.1:8080/v1
///     capabilities: [json_schema]
///     options: {temperature: 0.7, max_tokens: 600}
///   claude:
///     provider: anthropic
///     model: claude-sonnet-4-5
///     key_env: ANTHROPIC_API_KEY
/// limits: {concurrency: 4, requests_per_minute: 50, tokens_per_minute: 100000}
/// retry: {attempts: 4}
/// prices:
///   qwen2.5-7b-instruct: {input: 0, output: 0}
/// ```
public struct ModelConfiguration: Sendable {
  /// The file read, when there was one.
  public var path: String?
  public var models: [ModelSpec]
  public var defaultName: String?
  /// `database:`, the store when neither `--database` nor `CREATOR_DATABASE` names one: a SQLite file's path
  /// or a server URL (`postgres://…`), read as `StoreLocation` reads them.
  public var database: String?
  public var limits: RequestGate.Limits
  public var retry: RetryPolicy
  public var prices: PriceTable
  public var environment: [String: String]
  /// Where clients made here say that they wait long or try again (the CLI: standard error).
  public var notices: (@Sendable (String) -> Void)?

  public init(
    path: String? = nil, models: [ModelSpec] = [], defaultName: String? = nil,
    limits: RequestGate.Limits = RequestGate.Limits(), retry: RetryPolicy = RetryPolicy(),
    prices: PriceTable = .bundled, environment: [String: String]
  ) {
    self.path = path
    self.models = models
    self.defaultName = defaultName
    self.limits = limits
    self.retry = retry
    self.prices = prices
    self.environment = environment
  }

  public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
    if let path = environment["CREATOR_CONFIG"].nonEmpty { return path }
    return configFolder(environment: environment) + "/config.yaml"
  }

  /// `$XDG_CONFIG_HOME/creator`, else `~/.config/creator`: the configuration, and the user's rules and lists.
  public static func configFolder(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
    let configHome =
      environment["XDG_CONFIG_HOME"].nonEmpty ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.config"
    return configHome + "/creator"
  }

  /// Reads the configuration file when it exists; a missing file is an empty configuration.
  public static func load(
    path: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment
  ) throws -> ModelConfiguration {
    let file = path ?? defaultPath(environment: environment)
    guard FileManager.default.fileExists(atPath: file) else {
      if path != nil { throw ModelError(.configuration, "\(file): no such configuration file") }
      return ModelConfiguration(environment: environment)
    }
    let text: String
    do { text = try String(contentsOfFile: file, encoding: .utf8) } catch {
      throw ModelError(.configuration, "\(file): cannot read it (\(error.localizedDescription))")
    }
    return try parse(text, path: file, environment: environment)
  }

  /// Parses configuration text; every error names the file, the line and the key path.
  public static func parse(_ text: String, path: String, environment: [String: String]) throws
    -> ModelConfiguration
  {
    var configuration = ModelConfiguration(path: path, environment: environment)
    if let (line, column) = YAMLAliasScan.firstAnchorOrAlias(in: text) {
      throw ModelError(
        .configuration, "\(path):\(line):\(column): YAML anchors and aliases (& and *) are not read; quote the value")
    }
    let root: Node?
    do { root = try Yams.compose(yaml: text) } catch {
      throw ModelError(.configuration, "\(path): not valid YAML (\("\(error)".split(separator: "\n").first ?? ""))")
    }
    guard let root else { return configuration }
    let reader = ConfigReader(path: path)
    let top = try reader.mapping(
      root, at: "", keys: ["default", "database", "models", "limits", "retry", "prices"])
    configuration.defaultName = try top["default"].map { try reader.string($0, at: "default") }
    configuration.database = try top["database"].map { try reader.string($0, at: "database") }
    if let models = top["models"] {
      for (alias, node) in try reader.mapping(models, at: "models", keys: nil).sorted(by: { $0.key < $1.key }) {
        configuration.models.append(try reader.model(alias, node, environment: environment))
      }
    }
    if let limits = top["limits"] {
      let values = try reader.mapping(
        limits, at: "limits", keys: ["concurrency", "requests_per_minute", "tokens_per_minute"])
      configuration.limits = RequestGate.Limits(
        concurrency: try values["concurrency"].map { try reader.int($0, at: "limits.concurrency") } ?? 4,
        requestsPerMinute: try values["requests_per_minute"].map {
          try reader.int($0, at: "limits.requests_per_minute")
        },
        tokensPerMinute: try values["tokens_per_minute"].map { try reader.int($0, at: "limits.tokens_per_minute") })
    }
    if let retry = top["retry"] {
      let values = try reader.mapping(retry, at: "retry", keys: ["attempts", "base_delay", "max_delay"])
      configuration.retry = RetryPolicy(
        maxAttempts: try values["attempts"].map { try reader.int($0, at: "retry.attempts") } ?? 4,
        baseDelay: try values["base_delay"].map { try reader.double($0, at: "retry.base_delay") } ?? 0.5,
        maxDelay: try values["max_delay"].map { try reader.double($0, at: "retry.max_delay") } ?? 20)
    }
    if let prices = top["prices"] {
      var overrides: [String: PriceTable.Price] = [:]
      for (model, node) in try reader.mapping(prices, at: "prices", keys: nil) {
        let values = try reader.mapping(node, at: "prices.\(model)", keys: ["input", "output"])
        guard let input = values["input"], let output = values["output"] else {
          throw reader.error(node, at: "prices.\(model)", "needs both input and output (dollars per million tokens)")
        }
        overrides[model.lowercased()] = PriceTable.Price(
          input: try reader.double(input, at: "prices.\(model).input"),
          output: try reader.double(output, at: "prices.\(model).output"))
      }
      configuration.prices = PriceTable.bundled.merging(overrides)
    }
    if let name = configuration.defaultName, !configuration.models.contains(where: { $0.alias == name }),
      !name.contains(":")
    {
      throw ModelError(
        .configuration, "\(path): default '\(name)' is not one of the models defined under models:")
    }
    return configuration
  }

  /// The model `name` means: an alias, `provider:model`, or a bare model name on the one provider the
  /// environment points at. Without a name: `CREATOR_MODEL`, else the file's default.
  public func resolve(_ name: String?) throws -> ModelSpec {
    guard let name = name.nonEmpty ?? environment["CREATOR_MODEL"].nonEmpty ?? defaultName else {
      throw ModelError(
        .configuration, "no model is configured",
        advice:
          "pass --model PROVIDER:MODEL (e.g. ollama:llama3.2), set CREATOR_MODEL, or define models in \(path ?? Self.defaultPath(environment: environment))"
      )
    }
    if let spec = models.first(where: { $0.alias == name }) { return spec }
    let presets = ProviderPreset.all(environment: environment)
    if let colon = name.firstIndex(of: ":"),
      let preset = presets.first(where: { $0.name == name[..<colon].lowercased() })
    {
      let model = String(name[name.index(after: colon)...])
      guard !model.isEmpty else { throw ModelError(.configuration, "'\(name)' names no model after the provider") }
      return spec(alias: name, preset: preset, model: model)
    }
    let preset: ProviderPreset?
    if environment["OPENAI_BASE_URL"].nonEmpty != nil {
      preset = presets.first { $0.name == "openai-compatible" }
    } else if name.hasPrefix("claude"), environment["ANTHROPIC_API_KEY"].nonEmpty != nil {
      preset = presets.first { $0.name == "anthropic" }
    } else if environment["OPENAI_API_KEY"].nonEmpty != nil {
      preset = presets.first { $0.name == "openai" }
    } else {
      preset = nil
    }
    guard let preset else {
      throw ModelError(
        .configuration, "unknown model '\(name)': not an alias\(path.map { " in \($0)" } ?? "") and no provider given",
        advice: "write it as PROVIDER:MODEL; providers: \(presets.map(\.name).joined(separator: ", "))")
    }
    return spec(alias: name, preset: preset, model: name)
  }

  /// The models `creator models` lists: the file's aliases, then `CREATOR_MODEL` when it is not one of them.
  public var listed: [ModelSpec] {
    var specs = models
    if let name = environment["CREATOR_MODEL"].nonEmpty, !models.contains(where: { $0.alias == name }),
      let spec = try? resolve(name)
    {
      specs.append(spec)
    }
    return specs
  }

  /// The alias used when no `--model` is given.
  public var defaultAlias: String? { environment["CREATOR_MODEL"].nonEmpty ?? defaultName }

  /// A client for the model `name` means (see `resolve`), with the configured limits applied to the
  /// process-wide gate, the configured retry policy and the model's configured options.
  public func client(
    model name: String?, store: PostStore?, usesCache: Bool = true, gate: RequestGate = .shared
  ) async throws -> ModelClient {
    let spec = try resolve(name)
    let model = try spec.makeModel()
    await gate.setLimits(limits)
    return ModelClient(
      model: model, store: store, gate: gate, retry: retry, usesCache: usesCache, defaultOptions: spec.options,
      callLimit: spec.timeouts.total, notices: notices)
  }

  func spec(alias: String, preset: ProviderPreset, model: String) -> ModelSpec {
    let variable = preset.keyVariable
    return ModelSpec(
      alias: alias, preset: preset, model: model, baseURL: preset.baseURL,
      key: variable.flatMap { APIKey(environment[$0]) }, keySource: variable, capabilities: preset.capabilities,
      options: ModelOptions(), timeouts: RequestTimeouts())
  }
}

/// Reads the configuration's YAML nodes and says exactly where a value is wrong.
private struct ConfigReader {
  var path: String

  func error(_ node: Node, at key: String, _ message: String) -> ModelError {
    let line = node.mark.map { " (line \($0.line))" } ?? ""
    // A key pasted where a name belongs (as a YAML key, in key_env) is quoted masked.
    return ModelError(
      .configuration, APIKey.maskingKeyLike("\(path)\(line): \(key.isEmpty ? "" : key + ": ")\(message)"))
  }

  /// A mapping's members; `keys` lists the allowed ones, so a typo is reported instead of ignored.
  func mapping(_ node: Node, at key: String, keys: Set<String>?) throws -> [String: Node] {
    guard let mapping = node.mapping else { throw error(node, at: key, "expected a mapping of keys to values") }
    var members: [String: Node] = [:]
    for (name, value) in mapping {
      guard let text = name.string else { throw error(name, at: key, "keys must be text") }
      if let keys, !keys.contains(text) {
        throw error(
          name, at: key.isEmpty ? text : "\(key).\(text)",
          "unknown key (known: \(keys.sorted().joined(separator: ", ")))")
      }
      members[text] = value
    }
    return members
  }

  func string(_ node: Node, at key: String) throws -> String {
    guard let text = node.scalar?.string, !text.isEmpty else { throw error(node, at: key, "expected text") }
    return text
  }

  func int(_ node: Node, at key: String) throws -> Int {
    guard let number = node.int, number >= 0 else { throw error(node, at: key, "expected a whole number") }
    return number
  }

  func double(_ node: Node, at key: String) throws -> Double {
    guard let number = node.float ?? node.int.map(Double.init) else { throw error(node, at: key, "expected a number") }
    return number
  }

  func model(_ alias: String, _ node: Node, environment: [String: String]) throws -> ModelSpec {
    let at = "models.\(alias)"
    let values = try mapping(
      node, at: at,
      keys: [
        "provider", "model", "base_url", "key_env", "api_key", "capabilities", "options", "timeouts",
        "unsupported_options",
      ])
    guard let providerNode = values["provider"] else { throw error(node, at: at, "needs a provider") }
    guard let modelNode = values["model"] else { throw error(node, at: at, "needs a model") }
    let providerName = try string(providerNode, at: "\(at).provider")
    let presets = ProviderPreset.all(environment: environment)
    guard let preset = presets.first(where: { $0.name == providerName.lowercased() }) else {
      throw error(
        providerNode, at: "\(at).provider",
        "unknown provider '\(providerName)' (known: \(presets.map(\.name).joined(separator: ", ")))")
    }
    var spec = ModelSpec(
      alias: alias, preset: preset, model: try string(modelNode, at: "\(at).model"), baseURL: preset.baseURL, key: nil,
      keySource: preset.keyVariable, capabilities: preset.capabilities, options: ModelOptions(),
      timeouts: RequestTimeouts())
    if let base = values["base_url"] { spec.baseURL = try string(base, at: "\(at).base_url") }
    if let variable = values["key_env"] {
      spec.keySource = try string(variable, at: "\(at).key_env")
      guard let name = spec.keySource, name.wholeMatch(of: /[A-Za-z_][A-Za-z0-9_]*/) != nil, !APIKey.looksLikeKey(name)
      else {
        throw error(
          variable, at: "\(at).key_env",
          "'\(APIKey.maskingKeyLike(spec.keySource ?? ""))' is not an environment variable's name: key_env names the variable that holds the key (OPENAI_API_KEY), never the key itself"
        )
      }
    }
    spec.key = spec.keySource.flatMap { APIKey(environment[$0]) }
    if let literal = values["api_key"] {
      spec.key = APIKey(try string(literal, at: "\(at).api_key"))
      spec.keySource = "the configuration file"
    }
    if let list = values["capabilities"] {
      guard let items = list.sequence else { throw error(list, at: "\(at).capabilities", "expected a list") }
      spec.capabilities = []
      for item in items {
        let name = try string(item, at: "\(at).capabilities")
        guard let capability = ModelCapabilities.names.first(where: { $0.0 == name })?.1 else {
          throw error(
            item, at: "\(at).capabilities",
            "unknown capability '\(name)' (known: \(ModelCapabilities.names.map(\.0).joined(separator: ", ")))")
        }
        spec.capabilities.insert(capability)
      }
    }
    if let list = values["unsupported_options"] {
      guard let items = list.sequence else { throw error(list, at: "\(at).unsupported_options", "expected a list") }
      spec.unsupportedOptions = try Set(
        items.map { item in
          let name = try string(item, at: "\(at).unsupported_options")
          guard let option = ModelTraits.Option(rawValue: name) else {
            throw error(
              item, at: "\(at).unsupported_options",
              "unknown option '\(name)' (known: \(ModelTraits.Option.allCases.map(\.rawValue).joined(separator: ", ")))"
            )
          }
          return option
        })
    }
    if let options = values["options"] {
      let entries = try mapping(
        options, at: "\(at).options",
        keys: ["temperature", "max_tokens", "reasoning_effort", "thinking_budget", "seed", "stop"])
      let place = "\(at).options"
      spec.options.temperature = try entries["temperature"].map { try double($0, at: "\(place).temperature") }
      spec.options.maxTokens = try entries["max_tokens"].map { try int($0, at: "\(place).max_tokens") }
      spec.options.thinkingBudget = try entries["thinking_budget"].map { try int($0, at: "\(place).thinking_budget") }
      spec.options.seed = try entries["seed"].map { try int($0, at: "\(place).seed") }
      if let effort = entries["reasoning_effort"] {
        let text = try string(effort, at: "\(place).reasoning_effort")
        guard let value = ReasoningEffort(rawValue: text) else {
          throw error(effort, at: "\(place).reasoning_effort", "expected minimal, low, medium or high")
        }
        spec.options.reasoningEffort = value
      }
      if let stop = entries["stop"] {
        spec.options.stop = try (stop.sequence ?? [stop]).map { node in
          try string(node, at: "\(place).stop")
        }
      }
    }
    if let timeouts = values["timeouts"] {
      let entries = try mapping(timeouts, at: "\(at).timeouts", keys: ["connect", "first_byte", "total"])
      if let value = entries["connect"] { spec.timeouts.connect = try double(value, at: "\(at).timeouts.connect") }
      if let value = entries["first_byte"] {
        spec.timeouts.firstByte = try double(value, at: "\(at).timeouts.first_byte")
      }
      if let value = entries["total"] { spec.timeouts.total = try double(value, at: "\(at).timeouts.total") }
    }
    return spec
  }
}
