/// A model that answers messages with a stream of events. One conforming type per provider wire protocol;
/// retries, rate limits, the cache and the log live in `ModelClient`, around any of them.
public protocol LanguageModel: Sendable {
  /// The wire protocol, e.g. `openai-compatible` or `anthropic`.
  var provider: String { get }
  /// The model's name as the server knows it.
  var name: String { get }
  /// The base URL requests go to, without any key.
  var endpoint: String { get }
  /// What the model can take and do, so callers refuse clearly before sending.
  var capabilities: ModelCapabilities { get }

  /// Sends `request` once, without retrying, and streams the answer. Errors are `ModelError`s.
  func stream(_ request: ModelRequest) -> AsyncThrowingStream<ModelEvent, any Error>
}

/// What a model declares it can do.
public struct ModelCapabilities: OptionSet, Sendable, Hashable {
  public let rawValue: Int
  /// Capabilities from their bits.
  public init(rawValue: Int) { self.rawValue = rawValue }

  /// Takes image parts.
  public static let vision = ModelCapabilities(rawValue: 1 << 0)
  /// Constrains its answer to a JSON schema on the server side.
  public static let jsonSchema = ModelCapabilities(rawValue: 1 << 1)
  /// Has reasoning options (effort or thinking budget).
  public static let reasoning = ModelCapabilities(rawValue: 1 << 2)

  /// Names as written in the configuration file and shown by `creator models`.
  public static let names: [(String, ModelCapabilities)] = [
    ("vision", .vision), ("json_schema", .jsonSchema), ("reasoning", .reasoning),
  ]

  public var names: [String] { Self.names.filter { contains($0.1) }.map(\.0) }
}

/// One piece of a streamed answer.
public enum ModelEvent: Sendable, Equatable {
  /// Answer text, to append.
  case text(String)
  /// Reasoning text where the provider shows it, to append.
  case reasoning(String)
  /// Token counts; a later event replaces an earlier one field by field.
  case usage(TokenUsage)
  /// Why the model stopped.
  case finish(FinishReason)
}

/// Tokens a request used, as the server counted them.
public struct TokenUsage: Sendable, Equatable {
  public var input: Int?
  public var output: Int?

  /// Counts as the server gave them; nil where it did not.
  public init(input: Int? = nil, output: Int? = nil) {
    self.input = input
    self.output = output
  }

  /// `other`'s known counts over these.
  public func updated(with other: TokenUsage) -> TokenUsage {
    TokenUsage(input: other.input ?? input, output: other.output ?? output)
  }
}

/// Why a model stopped writing.
public enum FinishReason: Sendable, Equatable, CustomStringConvertible {
  /// It finished its answer (or a stop sequence).
  case stop
  /// It hit the token limit: the answer is cut short.
  case length
  /// The provider's content filter stopped it.
  case contentFilter
  /// It called a tool (Anthropic structured output arrives this way).
  case toolUse
  case other(String)

  /// Maps the names OpenAI-compatible servers and Anthropic use.
  public init(providerValue: String) {
    switch providerValue {
    case "stop", "end_turn", "stop_sequence": self = .stop
    case "length", "max_tokens", "model_length": self = .length
    case "content_filter", "refusal": self = .contentFilter
    case "tool_calls", "tool_use", "function_call": self = .toolUse
    default: self = .other(providerValue)
    }
  }

  public var description: String {
    switch self {
    case .stop: "stop"
    case .length: "length"
    case .contentFilter: "content_filter"
    case .toolUse: "tool_use"
    case .other(let value): value
    }
  }
}
