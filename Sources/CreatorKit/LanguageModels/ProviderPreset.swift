import Foundation

/// A known server: which wire protocol it speaks, where it usually listens, which environment variable holds
/// its key, and what its models can usually do. A configured model names a preset and may override any part.
public struct ProviderPreset: Sendable, Equatable {
  /// The wire protocol a server speaks.
  public enum WireProtocol: String, Sendable {
    case openAICompatible = "openai-compatible"
    case anthropic
  }

  public var name: String
  public var wireProtocol: WireProtocol
  public var baseURL: String
  /// The environment variable that holds the key; nil for servers that need none.
  public var keyVariable: String?
  public var capabilities: ModelCapabilities
  /// A local server: no key, no price.
  public var isLocal: Bool

  public static func all(environment: [String: String]) -> [ProviderPreset] {
    [
      ProviderPreset(
        name: "openai", wireProtocol: .openAICompatible,
        baseURL: environment["OPENAI_BASE_URL"].nonEmpty ?? "https://api.openai.com/v1", keyVariable: "OPENAI_API_KEY",
        capabilities: [.vision, .jsonSchema], isLocal: false),
      ProviderPreset(
        name: "anthropic", wireProtocol: .anthropic,
        baseURL: environment["ANTHROPIC_BASE_URL"].nonEmpty ?? "https://api.anthropic.com",
        keyVariable: "ANTHROPIC_API_KEY", capabilities: [.vision, .jsonSchema, .reasoning], isLocal: false),
      ProviderPreset(
        name: "ollama", wireProtocol: .openAICompatible, baseURL: ollamaBaseURL(environment["OLLAMA_HOST"]),
        keyVariable: nil, capabilities: [.jsonSchema], isLocal: true),
      ProviderPreset(
        name: "llamacpp", wireProtocol: .openAICompatible, baseURL: "http://127.0.0.1:8080/v1", keyVariable: nil,
        capabilities: [.jsonSchema], isLocal: true),
      ProviderPreset(
        name: "vllm", wireProtocol: .openAICompatible, baseURL: "http://127.0.0.1:8000/v1", keyVariable: "VLLM_API_KEY",
        capabilities: [.jsonSchema], isLocal: true),
      ProviderPreset(
        name: "lmstudio", wireProtocol: .openAICompatible, baseURL: "http://127.0.0.1:1234/v1", keyVariable: nil,
        capabilities: [.jsonSchema], isLocal: true),
      ProviderPreset(
        name: "openrouter", wireProtocol: .openAICompatible, baseURL: "https://openrouter.ai/api/v1",
        keyVariable: "OPENROUTER_API_KEY", capabilities: [.vision, .jsonSchema], isLocal: false),
      ProviderPreset(
        name: "llama-api", wireProtocol: .openAICompatible, baseURL: "https://api.llama.com/compat/v1",
        keyVariable: "LLAMA_API_KEY", capabilities: [.vision, .jsonSchema], isLocal: false),
      ProviderPreset(
        name: "gemini", wireProtocol: .openAICompatible,
        baseURL: "https://generativelanguage.googleapis.com/v1beta/openai", keyVariable: "GEMINI_API_KEY",
        capabilities: [.vision, .jsonSchema, .reasoning], isLocal: false),
      ProviderPreset(
        name: "openai-compatible", wireProtocol: .openAICompatible,
        baseURL: environment["OPENAI_BASE_URL"].nonEmpty ?? "http://127.0.0.1:8080/v1", keyVariable: "OPENAI_API_KEY",
        capabilities: [], isLocal: false),
    ]
  }

  public static func named(_ name: String, environment: [String: String]) -> ProviderPreset? {
    all(environment: environment).first { $0.name == name.lowercased() }
  }

  /// Ollama's `OLLAMA_HOST` may be `host:port`, a URL, or unset; its OpenAI-compatible API is under `/v1`.
  static func ollamaBaseURL(_ host: String?) -> String {
    var base = host.nonEmpty ?? "http://127.0.0.1:11434"
    if !base.contains("://") { base = "http://" + base }
    if base.hasPrefix("http://0.0.0.0") { base = base.replacingOccurrences(of: "0.0.0.0", with: "127.0.0.1") }
    while base.hasSuffix("/") { base.removeLast() }
    return base.hasSuffix("/v1") ? base : base + "/v1"
  }
}

extension Optional where Wrapped == String {
  /// The string unless it is nil or empty.
  var nonEmpty: String? {
    guard let self, !self.isEmpty else { return nil }
    return self
  }
}
