/// What a model family takes beyond its provider's wire protocol: OpenAI's reasoning models (the o-series and
/// the gpt-5 family) refuse `temperature` and `stop` and have reasoning options. One table per provider and
/// model-name pattern; a configured model's `unsupported_options` overrides it.
public struct ModelTraits: Sendable, Equatable {
  /// A request option some models refuse with a 400.
  public enum Option: String, Sendable, CaseIterable, Comparable {
    case temperature, seed, stop

    public static func < (lhs: Option, rhs: Option) -> Bool { lhs.rawValue < rhs.rawValue }
  }

  /// Options left out of the request body.
  public var unsupportedOptions: Set<Option>
  /// The model has reasoning options (effort or budget) whatever its preset says.
  public var reasoning: Bool

  /// Traits leaving out `unsupportedOptions`.
  public init(unsupportedOptions: Set<Option> = [], reasoning: Bool = false) {
    self.unsupportedOptions = unsupportedOptions
    self.reasoning = reasoning
  }

  /// A row of the table: a preset name and a model-name pattern (`*` matches any run of characters).
  struct Rule: Sendable {
    var provider: String
    var pattern: String
    var traits: ModelTraits
  }

  private static let reasoningModel = ModelTraits(unsupportedOptions: [.temperature, .stop], reasoning: true)

  /// The first matching row wins, so exceptions come before their family.
  static let table: [Rule] = [
    Rule(provider: "openai", pattern: "gpt-5-chat*", traits: ModelTraits()),
    Rule(provider: "openai", pattern: "gpt-5*", traits: reasoningModel),
    Rule(provider: "openai", pattern: "o1*", traits: reasoningModel),
    Rule(provider: "openai", pattern: "o3*", traits: reasoningModel),
    Rule(provider: "openai", pattern: "o4*", traits: reasoningModel),
    Rule(provider: "openrouter", pattern: "openai/gpt-5-chat*", traits: ModelTraits()),
    Rule(provider: "openrouter", pattern: "openai/gpt-5*", traits: reasoningModel),
    Rule(provider: "openrouter", pattern: "openai/o[134]*", traits: reasoningModel),
  ]

  /// The traits of `model` on the preset named `provider`; none known is a model that takes every option.
  public static func of(provider: String, model: String) -> ModelTraits {
    let name = model.lowercased()
    return table.first { $0.provider == provider && matches(name, $0.pattern) }?.traits ?? ModelTraits()
  }

  /// `*` for any run of characters, `[abc]` for one of them; everything else literally.
  static func matches(_ name: String, _ pattern: String) -> Bool {
    matches(Array(name), 0, Array(pattern), 0)
  }

  private static func matches(_ name: [Character], _ n: Int, _ pattern: [Character], _ p: Int) -> Bool {
    guard p < pattern.count else { return n == name.count }
    switch pattern[p] {
    case "*":
      return (n...name.count).contains { matches(name, $0, pattern, p + 1) }
    case "[":
      guard let close = pattern[p...].firstIndex(of: "]"), n < name.count else { return false }
      return pattern[(p + 1)..<close].contains(name[n]) && matches(name, n + 1, pattern, close + 1)
    default:
      return n < name.count && name[n] == pattern[p] && matches(name, n + 1, pattern, p + 1)
    }
  }
}
