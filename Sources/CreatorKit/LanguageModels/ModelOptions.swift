import Foundation

/// How much a reasoning model should think before it answers (OpenAI's `reasoning_effort`).
public enum ReasoningEffort: String, Sendable, Equatable, CaseIterable {
  case minimal, low, medium, high
}

/// A JSON schema the answer must follow, with the name providers show the model.
public struct ResponseSchema: Sendable, Equatable {
  public var name: String
  public var schema: JSONValue

  /// A schema named `name` (letters, digits, `_` and `-`).
  public init(name: String, schema: JSONValue) {
    self.name = name
    self.schema = schema
  }

  /// Reads a schema file; the name is the file's name without `.json`. A file that is not JSON, or not a
  /// JSON object, is an error naming the file and the place.
  public init(contentsOf url: URL) throws {
    let data: Data
    do { data = try Data(contentsOf: url) } catch {
      throw ModelError(.badRequest, "\(url.path): cannot read the schema file")
    }
    let value: JSONValue
    do { value = try JSONValue.parse(data) } catch {
      throw ModelError(.badRequest, "\(url.path): \(error.place.description): \(error.message)")
    }
    guard value.objectValue != nil else {
      throw ModelError(.badRequest, "\(url.path): a JSON schema is an object, this is \(value.kindName)")
    }
    let stem = url.deletingPathExtension().lastPathComponent
    let name = String(stem.map { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" ? $0 : "_" }.prefix(64))
    self.init(name: name.isEmpty ? "answer" : name, schema: value)
  }
}

extension ResponseSchema {
  /// The largest length or count bound sent to a server that compiles schemas into grammars. llama.cpp spells
  /// a bound out as that many grammar rules: llama-cpp-python 0.3.36 failed to build the grammar and its server
  /// died at `maxLength` 1,100 (1,000 worked), and a caption's 4,000 is far past that.
  public static let grammarBoundLimit = 500

  /// The schema for a server that compiles it into a grammar (llama.cpp's servers, Ollama): `maxLength`,
  /// `minLength`, `maxItems` and `minItems` above `limit` are left out. The answer is still checked against
  /// the whole schema (`ModelClient.respondJSON`), so nothing is lost but the server-side hint.
  public func grammarFriendly(limit: Int = grammarBoundLimit) -> JSONValue {
    Self.withoutLargeBounds(schema, limit: limit)
  }

  private static func withoutLargeBounds(_ value: JSONValue, limit: Int) -> JSONValue {
    switch value {
    case .object(let object):
      let bounds: Set<String> = ["maxLength", "minLength", "maxItems", "minItems"]
      return .object(
        JSONObject(
          object.members.compactMap { member in
            if bounds.contains(member.key), let bound = member.value.intValue, bound > limit { return nil }
            return (member.key, withoutLargeBounds(member.value, limit: limit))
          }))
    case .array(let items): return .array(items.map { withoutLargeBounds($0, limit: limit) })
    default: return value
    }
  }
}

/// Sampling and output options. Unset values are left to the provider's defaults and are not sent.
public struct ModelOptions: Sendable, Equatable {
  public var temperature: Double?
  public var maxTokens: Int?
  /// OpenAI-style reasoning effort; Anthropic maps it to a thinking budget when no budget is given.
  public var reasoningEffort: ReasoningEffort?
  /// Anthropic's extended-thinking budget in tokens.
  public var thinkingBudget: Int?
  public var seed: Int?
  public var stop: [String]
  /// Structured output: the answer is JSON that validates against this schema.
  public var schema: ResponseSchema?

  /// Options; every one left unset is left to the provider.
  public init(
    temperature: Double? = nil, maxTokens: Int? = nil, reasoningEffort: ReasoningEffort? = nil,
    thinkingBudget: Int? = nil, seed: Int? = nil, stop: [String] = [], schema: ResponseSchema? = nil
  ) {
    self.temperature = temperature
    self.maxTokens = maxTokens
    self.reasoningEffort = reasoningEffort
    self.thinkingBudget = thinkingBudget
    self.seed = seed
    self.stop = stop
    self.schema = schema
  }

  /// Whether the request asks for reasoning.
  public var wantsReasoning: Bool { reasoningEffort != nil || thinkingBudget != nil }

  /// `other`'s set values over these.
  public func merged(over base: ModelOptions) -> ModelOptions {
    ModelOptions(
      temperature: temperature ?? base.temperature,
      maxTokens: maxTokens ?? base.maxTokens,
      reasoningEffort: reasoningEffort ?? base.reasoningEffort,
      thinkingBudget: thinkingBudget ?? base.thinkingBudget,
      seed: seed ?? base.seed,
      stop: stop.isEmpty ? base.stop : stop,
      schema: schema ?? base.schema
    )
  }

  /// The options as logged and hashed for the cache.
  public var json: JSONValue {
    var object = JSONObject()
    if let temperature { object[setting: "temperature"] = .double(temperature) }
    if let maxTokens { object[setting: "max_tokens"] = .int(Int64(maxTokens)) }
    if let reasoningEffort { object[setting: "reasoning_effort"] = .string(reasoningEffort.rawValue) }
    if let thinkingBudget { object[setting: "thinking_budget"] = .int(Int64(thinkingBudget)) }
    if let seed { object[setting: "seed"] = .int(Int64(seed)) }
    if !stop.isEmpty { object[setting: "stop"] = .array(stop.map(JSONValue.string)) }
    if let schema { object[setting: "schema"] = ["name": .string(schema.name), "schema": schema.schema] }
    return .object(object)
  }
}
