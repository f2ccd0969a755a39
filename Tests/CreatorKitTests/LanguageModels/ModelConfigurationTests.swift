import Foundation
import Testing

@testable import CreatorKit

@Suite struct ModelConfigurationTests {
  static let text = """
    default: local
    models:
      local:
        provider: llamacpp
        model: qwen2.5-7b
        base_url: http://127.0.0.1:9999/v1
        capabilities: [json_schema, vision]
        options: {temperature: 0.3, max_tokens: 500, stop: ["\\n\\n"]}
        timeouts: {connect: 3, first_byte: 45}
      claude:
        provider: anthropic
        model: claude-sonnet-4-5
        key_env: MY_CLAUDE_KEY
    limits: {concurrency: 2, requests_per_minute: 30}
    retry: {attempts: 2}
    prices:
      qwen2.5-7b: {input: 0.01, output: 0.02}
    """

  @Test func readsAliasesLimitsRetryAndPrices() throws {
    let configuration = try ModelConfiguration.parse(
      Self.text, path: "config.yaml", environment: ["MY_CLAUDE_KEY": "sk-ant-abcdefghijklmnop"])
    #expect(configuration.defaultAlias == "local")
    let local = try configuration.resolve(nil)
    #expect(local.model == "qwen2.5-7b" && local.baseURL == "http://127.0.0.1:9999/v1")
    #expect(local.capabilities == [.jsonSchema, .vision])
    #expect(local.options.temperature == 0.3 && local.options.maxTokens == 500 && local.options.stop == ["\n\n"])
    #expect(local.timeouts.connect == 3 && local.timeouts.firstByte == 45 && local.timeouts.total == 600)
    let claude = try configuration.resolve("claude")
    #expect(claude.key?.masked == "sk-...mnop" && claude.keySource == "MY_CLAUDE_KEY")
    #expect(configuration.limits == RequestGate.Limits(concurrency: 2, requestsPerMinute: 30))
    #expect(configuration.retry.maxAttempts == 2)
    #expect(configuration.prices.price(for: "qwen2.5-7b") == PriceTable.Price(input: 0.01, output: 0.02))
    #expect(configuration.prices.price(for: "gpt-4o-mini") == PriceTable.bundled.price(for: "gpt-4o-mini"))
  }

  @Test(arguments: [
    ("models:\n  a:\n    provider: llamacpp\n    modle: x\n", "config.yaml (line 4): models.a.modle: unknown key"),
    (
      "models:\n  a:\n    provider: acme\n    model: x\n",
      "config.yaml (line 3): models.a.provider: unknown provider 'acme'"
    ),
    ("models:\n  a:\n    provider: ollama\n", "config.yaml (line 3): models.a: needs a model"),
    ("limits: {concurrency: many}\n", "config.yaml (line 1): limits.concurrency: expected a whole number"),
    ("default: nowhere\n", "config.yaml: default 'nowhere' is not one of the models"),
    ("models: [\n", "config.yaml: not valid YAML"),
  ])
  func saysWhereTheFileIsWrong(text: String, message: String) {
    #expect {
      _ = try ModelConfiguration.parse(text, path: "config.yaml", environment: [:])
    } throws: { error in
      (error as? ModelError)?.kind == .configuration && "\(error)".hasPrefix(message)
    }
  }

  @Test func resolvesProviderPrefixesAndBareNamesFromTheEnvironment() throws {
    let empty = ModelConfiguration(environment: [:])
    #expect(throws: ModelError.self) { try empty.resolve(nil) }
    #expect(throws: ModelError.self) { try empty.resolve("gpt-4o") }
    let ollama = try ModelConfiguration(environment: ["OLLAMA_HOST": "0.0.0.0:11434"]).resolve("ollama:llama3.2")
    #expect(ollama.baseURL == "http://127.0.0.1:11434/v1" && ollama.model == "llama3.2" && ollama.key == nil)
    let openAI = try ModelConfiguration(environment: ["OPENAI_API_KEY": "sk-proj-1234567890"]).resolve("gpt-4o-mini")
    #expect(openAI.preset.name == "openai" && openAI.key?.secret == "sk-proj-1234567890")
    let local = try ModelConfiguration(environment: ["OPENAI_BASE_URL": "http://127.0.0.1:8000/v1"]).resolve("mistral")
    #expect(local.preset.name == "openai-compatible" && local.baseURL == "http://127.0.0.1:8000/v1")
    let fromVariable = try ModelConfiguration(environment: ["CREATOR_MODEL": "anthropic:claude-haiku-4-5"]).resolve(nil)
    #expect(fromVariable.preset.wireProtocol == .anthropic && fromVariable.needsKey)
    #expect {
      _ = try fromVariable.makeModel()
    } throws: { error in
      "\(error)".contains("set ANTHROPIC_API_KEY")
    }
  }

  @Test func masksKeysAndPricesVersionedModelNames() {
    #expect(APIKey("sk-proj-abcdefghijklmnopqrstuvwxyz")?.description == "sk-...wxyz")
    #expect(APIKey("short")?.description == "...")
    #expect(APIKey("  ") == nil)
    let prices = PriceTable.bundled
    #expect(prices.price(for: "claude-sonnet-4-5-20250929") == prices.price(for: "claude-sonnet-4"))
    #expect(prices.price(for: "openai/gpt-4o-mini") == PriceTable.Price(input: 0.15, output: 0.6))
    #expect(prices.price(for: "gpt-4o-mini-2024-07-18") == PriceTable.Price(input: 0.15, output: 0.6))
    #expect(prices.price(for: "stories260K") == nil)
    #expect(prices.cost(model: "gpt-4o", inputTokens: 1_000_000, outputTokens: 100_000) == 3.5)
  }
}
