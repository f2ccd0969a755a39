import Foundation

/// Dollars per million tokens, by model name. The bundled table is what the providers published for their
/// common models when it was dated; a `prices:` section in the configuration file overrides or extends it.
/// A versioned model name (`claude-sonnet-4-5-20250929`) takes the price of its longest listed prefix.
public struct PriceTable: Sendable, Equatable {
  /// A model's price in dollars per million tokens.
  public struct Price: Sendable, Equatable {
    public var input: Double
    public var output: Double

    /// A price of `input` and `output` dollars per million tokens.
    public init(input: Double, output: Double) {
      self.input = input
      self.output = output
    }
  }

  /// When the bundled prices were copied from the providers' pages.
  public static let bundledDate = "2026-11-01"

  public static let bundled = PriceTable(prices: [
    "gpt-5": Price(input: 1.25, output: 10), "gpt-5-mini": Price(input: 0.25, output: 2),
    "gpt-5-nano": Price(input: 0.05, output: 0.4), "gpt-4.1": Price(input: 2, output: 8),
    "gpt-4.1-mini": Price(input: 0.4, output: 1.6), "gpt-4.1-nano": Price(input: 0.1, output: 0.4),
    "gpt-4o": Price(input: 2.5, output: 10), "gpt-4o-mini": Price(input: 0.15, output: 0.6),
    "o3": Price(input: 2, output: 8), "o4-mini": Price(input: 1.1, output: 4.4),
    "claude-opus-4": Price(input: 15, output: 75), "claude-sonnet-4": Price(input: 3, output: 15),
    "claude-haiku-4-5": Price(input: 1, output: 5), "claude-3-5-haiku": Price(input: 0.8, output: 4),
    "gemini-2.5-pro": Price(input: 1.25, output: 10), "gemini-2.5-flash": Price(input: 0.3, output: 2.5),
    "gemini-2.5-flash-lite": Price(input: 0.1, output: 0.4),
  ])

  public var prices: [String: Price]

  /// A table of `prices` by model name or name prefix.
  public init(prices: [String: Price]) { self.prices = prices }

  /// These prices with `overrides` on top.
  public func merging(_ overrides: [String: Price]) -> PriceTable {
    PriceTable(prices: prices.merging(overrides) { $1 })
  }

  /// The price of `model`: an exact entry, else the longest listed prefix, else nil. The provider prefix
  /// some routers add (`openai/gpt-4o`) is ignored.
  public func price(for model: String) -> Price? {
    let name = model.split(separator: "/").last.map(String.init)?.lowercased() ?? model.lowercased()
    if let exact = prices[name] { return exact }
    return prices.filter { name.hasPrefix($0.key + "-") || name.hasPrefix($0.key + ":") }
      .max { $0.key.count < $1.key.count }?.value
  }

  /// Estimated dollars for the tokens, nil when the model has no price.
  public func cost(model: String, inputTokens: Int, outputTokens: Int) -> Double? {
    price(for: model).map { (Double(inputTokens) * $0.input + Double(outputTokens) * $0.output) / 1_000_000 }
  }
}
