import Foundation

/// Any server that speaks OpenAI's Chat Completions: OpenAI itself, Ollama, llama.cpp, vLLM, LM Studio,
/// OpenRouter, Meta's Llama API, Gemini's compatibility endpoint. Decoding takes only what it needs and
/// tolerates what such servers leave out (`refusal`, `logprobs`, a chunk's `finish_reason`) or add (`timings`).
public struct OpenAICompatibleModel: LanguageModel {
  public let provider = "openai-compatible"
  public let name: String
  /// Ends before `/chat/completions`, usually in `/v1`.
  public let baseURL: URL
  public let capabilities: ModelCapabilities
  /// OpenAI's own reasoning models take `max_completion_tokens` and refuse `max_tokens`; other servers know
  /// only `max_tokens`.
  public var tokenLimitField: String
  /// How a schema is sent: OpenAI's `json_schema` response format, or the `json_object` type with a `schema`
  /// member that llama.cpp's servers (llama-server, llama-cpp-python) take.
  public var schemaStyle: SchemaStyle
  /// The server compiles schemas into grammars (llama.cpp's servers, Ollama): large length and count bounds
  /// are left out of the schema it gets (see `ResponseSchema.grammarFriendly`).
  public var grammarBound: Bool
  /// Options this model refuses (see `ModelTraits`): left out of the body.
  public var unsupportedOptions: Set<ModelTraits.Option>
  private let connection: ProviderConnection

  /// A model `name` at `baseURL` (up to `/v1`), sending `key` as a bearer token when given.
  public init(
    name: String, baseURL: URL, key: APIKey? = nil, capabilities: ModelCapabilities = [],
    tokenLimitField: String = "max_tokens", schemaStyle: SchemaStyle = .jsonSchema, grammarBound: Bool? = nil,
    unsupportedOptions: Set<ModelTraits.Option> = [], timeouts: RequestTimeouts = RequestTimeouts(),
    transport: any HTTPTransport = CurlTransport.shared
  ) {
    self.name = name
    self.baseURL = baseURL
    self.capabilities = capabilities
    self.tokenLimitField = tokenLimitField
    self.schemaStyle = schemaStyle
    self.grammarBound = grammarBound ?? (schemaStyle == .jsonObject)
    self.unsupportedOptions = unsupportedOptions
    connection = ProviderConnection(
      transport: transport, endpoint: baseURL.absoluteString, model: name, key: key, timeouts: timeouts)
  }

  public var endpoint: String { baseURL.absoluteString }

  public func stream(_ request: ModelRequest) -> AsyncThrowingStream<ModelEvent, any Error> {
    connection.eventStream { emit in try await run(request, emit: emit) }
  }

  private func run(_ request: ModelRequest, emit: (ModelEvent) -> Void) async throws {
    var headers: [(name: String, value: String)] = []
    if let key = connection.key { headers.append(("Authorization", "Bearer \(key.secret)")) }
    let url = baseURL.appendingPathComponent("chat/completions")
    let response = try await connection.post(url, headers: headers, body: body(for: request), stream: request.stream)
    // A proxy that ignores `stream` answers with one JSON body; read it as such.
    if !request.stream || response.isJSON {
      let json = try await connection.json(of: response)
      let choice = json["choices"]?.arrayValue?.first
      if let text = choice?["message"]?["content"]?.stringValue { emit(.text(text)) }
      if let reasoning = choice?["message"]?["reasoning_content"]?.stringValue { emit(.reasoning(reasoning)) }
      if let usage = Self.usage(json["usage"]) { emit(.usage(usage)) }
      guard let choice else {
        throw ModelError(
          .invalidResponse, "\(endpoint) answered without `choices`: \(connection.quote(json.jsonText, limit: 160))")
      }
      emit(.finish(choice["finish_reason"]?.stringValue.map(FinishReason.init(providerValue:)) ?? .stop))
      return
    }
    var done = false
    var finished = false
    try await connection.forEachEvent(of: response) { event in
      if event.data == "[DONE]" {
        done = true
        return false
      }
      let json = try connection.eventJSON(event)
      if let error = json["error"] {
        let message = error["message"]?.stringValue ?? error.stringValue ?? error.jsonText
        throw ModelError(.server, "\(endpoint) reported an error mid-answer: \(connection.key.redact(message))")
      }
      if let usage = Self.usage(json["usage"]) { emit(.usage(usage)) }
      for choice in json["choices"]?.arrayValue ?? [] {
        let delta = choice["delta"]
        if let text = delta?["content"]?.stringValue, !text.isEmpty { emit(.text(text)) }
        if let text = (delta?["reasoning_content"] ?? delta?["reasoning"])?.stringValue, !text.isEmpty {
          emit(.reasoning(text))
        }
        if let reason = choice["finish_reason"]?.stringValue {
          finished = true
          emit(.finish(FinishReason(providerValue: reason)))
        }
      }
      return true
    }
    // Some servers end after the finish chunk without `[DONE]`; that answer is whole. Without a finish reason
    // the answer is not: llama.cpp's servers end a running stream with `[DONE]` and no finish reason when
    // another request interrupts it, and such a truncated text must be neither shown as done nor cached.
    guard finished else {
      let how = done ? "ended the stream with [DONE] but no finish reason" : "closed the stream"
      throw ModelError(
        .interrupted, "\(endpoint) \(how) before the answer was complete",
        advice: done ? "another request to the same server may have interrupted it" : nil)
    }
  }

  /// The Chat Completions body.
  public func body(for request: ModelRequest) -> JSONValue {
    var body = JSONObject()
    body[setting: "model"] = .string(name)
    body[setting: "messages"] = .array(request.messages.map(Self.message))
    let options = request.options
    if let temperature = options.temperature, !unsupportedOptions.contains(.temperature) {
      body[setting: "temperature"] = .double(temperature)
    }
    if let maxTokens = options.maxTokens { body[setting: tokenLimitField] = .int(Int64(maxTokens)) }
    if let seed = options.seed, !unsupportedOptions.contains(.seed) { body[setting: "seed"] = .int(Int64(seed)) }
    if !options.stop.isEmpty, !unsupportedOptions.contains(.stop) {
      body[setting: "stop"] = .array(options.stop.map(JSONValue.string))
    }
    if let effort = options.reasoningEffort ?? options.thinkingBudget.map(Self.effort) {
      body[setting: "reasoning_effort"] = .string(effort.rawValue)
    }
    if let schema = options.schema, capabilities.contains(.jsonSchema) {
      let sent = grammarBound ? schema.grammarFriendly() : schema.schema
      switch schemaStyle {
      case .jsonSchema:
        body[setting: "response_format"] = [
          "type": "json_schema", "json_schema": ["name": .string(schema.name), "schema": sent, "strict": true],
        ]
      case .jsonObject:
        body[setting: "response_format"] = ["type": "json_object", "schema": sent]
      }
    }
    body[setting: "stream"] = .bool(request.stream)
    if request.stream { body[setting: "stream_options"] = ["include_usage": true] }
    return .object(body)
  }

  /// How a schema is sent to the server.
  public enum SchemaStyle: String, Sendable {
    case jsonSchema = "json_schema"
    case jsonObject = "json_object"
  }

  private static func message(_ message: ModelMessage) -> JSONValue {
    let content: JSONValue
    if message.images.isEmpty {
      content = .string(message.text)
    } else {
      content = .array(
        message.parts.map { part in
          switch part {
          case .text(let text): ["type": "text", "text": .string(text)]
          case .image(let image): ["type": "image_url", "image_url": ["url": .string(image.dataURL)]]
          }
        })
    }
    return ["role": .string(message.role.rawValue), "content": content]
  }

  private static func usage(_ value: JSONValue?) -> TokenUsage? {
    guard let value, value.objectValue != nil else { return nil }
    return TokenUsage(input: value["prompt_tokens"]?.intValue, output: value["completion_tokens"]?.intValue)
  }

  private static func effort(forBudget budget: Int) -> ReasoningEffort {
    budget < 2048 ? .low : budget < 8192 ? .medium : .high
  }
}
