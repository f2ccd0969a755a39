import Foundation

/// Anthropic's Messages API: `x-api-key` and `anthropic-version` headers, the system prompt at the top level,
/// base64 image blocks, extended thinking with a token budget, structured output through a forced tool call,
/// and its named stream events (`message_start`, `content_block_delta`, ..., `message_stop`).
public struct AnthropicModel: LanguageModel {
  public static let apiVersion = "2023-06-01"
  public static let defaultMaxTokens = 1024

  public let provider = "anthropic"
  public let name: String
  /// Ends before `/v1/messages`.
  public let baseURL: URL
  public let capabilities: ModelCapabilities
  private let connection: ProviderConnection

  /// A model `name` at `baseURL`, sending `key` in `x-api-key`.
  public init(
    name: String, baseURL: URL = URL(string: "https://api.anthropic.com")!, key: APIKey?,
    capabilities: ModelCapabilities = [.vision, .jsonSchema, .reasoning], timeouts: RequestTimeouts = RequestTimeouts(),
    transport: any HTTPTransport = CurlTransport.shared
  ) {
    self.name = name
    self.baseURL = baseURL
    self.capabilities = capabilities
    connection = ProviderConnection(
      transport: transport, endpoint: baseURL.absoluteString, model: name, key: key, timeouts: timeouts)
  }

  public var endpoint: String { baseURL.absoluteString }

  public func stream(_ request: ModelRequest) -> AsyncThrowingStream<ModelEvent, any Error> {
    connection.eventStream { emit in try await run(request, emit: emit) }
  }

  private func run(_ request: ModelRequest, emit: (ModelEvent) -> Void) async throws {
    guard let key = connection.key else {
      throw ModelError(
        .authentication, "no key for Anthropic model '\(name)'", advice: "set ANTHROPIC_API_KEY")
    }
    let headers: [(name: String, value: String)] = [("x-api-key", key.secret), ("anthropic-version", Self.apiVersion)]
    let url = baseURL.appendingPathComponent("v1/messages")
    let response = try await connection.post(url, headers: headers, body: body(for: request), stream: request.stream)
    // A proxy that ignores `stream` answers with one JSON body; read it as such.
    if !request.stream || response.isJSON {
      let json = try await connection.json(of: response)
      guard let blocks = json["content"]?.arrayValue else {
        throw ModelError(
          .invalidResponse, "\(endpoint) answered without `content`: \(connection.quote(json.jsonText, limit: 160))")
      }
      let calledTool = blocks.contains { $0["type"]?.stringValue == "tool_use" }
      for block in blocks {
        switch block["type"]?.stringValue {
        case "text":
          if let text = block["text"]?.stringValue, !(calledTool && structuredWithThinking(request.options)) {
            emit(.text(text))
          }
        case "thinking": if let text = block["thinking"]?.stringValue { emit(.reasoning(text)) }
        case "tool_use": if let input = block["input"] { emit(.text(input.jsonText)) }
        default: break
        }
      }
      if let usage = Self.usage(json["usage"]) { emit(.usage(usage)) }
      emit(.finish(Self.finish(json["stop_reason"]?.stringValue, structured: request.options.schema != nil)))
      return
    }
    var stopped = false
    var stopReason: String?
    // With thinking the tool is offered, not forced: prose the model writes beside its tool call is held
    // back and dropped once the call arrives; without a call the prose is the answer, checked as usual.
    let offersTool = structuredWithThinking(request.options)
    var heldText = ""
    var calledTool = false
    func text(_ piece: String) {
      if offersTool && !calledTool { heldText += piece } else { emit(.text(piece)) }
    }
    func toolInput(_ piece: String) {
      calledTool = true
      emit(.text(piece))
    }
    try await connection.forEachEvent(of: response) { event in
      switch event.event {
      case "message_start":
        if let usage = Self.usage(try connection.eventJSON(event)["message"]?["usage"]) { emit(.usage(usage)) }
      case "content_block_start":
        // A tool-use block may carry a complete input up front instead of deltas.
        let block = try connection.eventJSON(event)["content_block"]
        if block?["type"]?.stringValue == "text", let piece = block?["text"]?.stringValue, !piece.isEmpty {
          text(piece)
        }
      case "content_block_delta":
        let delta = try connection.eventJSON(event)["delta"]
        switch delta?["type"]?.stringValue {
        case "text_delta": if let piece = delta?["text"]?.stringValue { text(piece) }
        case "thinking_delta": if let piece = delta?["thinking"]?.stringValue { emit(.reasoning(piece)) }
        case "input_json_delta": if let piece = delta?["partial_json"]?.stringValue { toolInput(piece) }
        default: break
        }
      case "message_delta":
        let json = try connection.eventJSON(event)
        if let reason = json["delta"]?["stop_reason"]?.stringValue { stopReason = reason }
        if let usage = Self.usage(json["usage"]) { emit(.usage(usage)) }
      case "message_stop":
        stopped = true
        return false
      case "error":
        let error = try connection.eventJSON(event)["error"]
        let type = error?["type"]?.stringValue ?? "error"
        let message = connection.key.redact(error?["message"]?.stringValue ?? event.data)
        throw ModelError(
          type == "overloaded_error" ? .server : .badRequest, "\(endpoint) reported \(type) mid-answer: \(message)")
      default:
        break  // ping, content_block_stop, and events added later
      }
      return true
    }
    guard stopped else {
      throw ModelError(.interrupted, "\(endpoint) closed the stream before message_stop")
    }
    if !calledTool && !heldText.isEmpty { emit(.text(heldText)) }
    emit(.finish(Self.finish(stopReason, structured: request.options.schema != nil)))
  }

  /// The Messages body.
  public func body(for request: ModelRequest) -> JSONValue {
    var body = JSONObject()
    let options = request.options
    body[setting: "model"] = .string(name)
    let thinkingBudget = Self.thinkingBudget(options)
    var maxTokens = options.maxTokens ?? Self.defaultMaxTokens
    if let thinkingBudget { maxTokens += thinkingBudget }  // the budget counts against max_tokens
    body[setting: "max_tokens"] = .int(Int64(maxTokens))
    var system = request.messages.filter { $0.role == .system }.map(\.text).joined(separator: "\n\n")
    if let schema = options.schema, structuredWithThinking(options) {
      system +=
        (system.isEmpty ? "" : "\n\n") + "Give your answer by calling the tool '\(schema.name)' with it as the input."
    }
    if !system.isEmpty { body[setting: "system"] = .string(system) }
    body[setting: "messages"] = .array(request.messages.filter { $0.role != .system }.map(Self.message))
    if let thinkingBudget {
      body[setting: "thinking"] = ["type": "enabled", "budget_tokens": .int(Int64(thinkingBudget))]
    } else if let temperature = options.temperature {
      body[setting: "temperature"] = .double(temperature)  // not allowed together with thinking
    }
    if !options.stop.isEmpty { body[setting: "stop_sequences"] = .array(options.stop.map(JSONValue.string)) }
    if let schema = options.schema, capabilities.contains(.jsonSchema) {
      body[setting: "tools"] = [
        [
          "name": .string(schema.name), "description": "Reply with the answer as this tool's input.",
          "input_schema": schema.schema,
        ]
      ]
      // Anthropic refuses thinking with a forced tool (`any` or a named tool): then the tool is only offered,
      // the system prompt asks for it, and the answer is validated like any other.
      body[setting: "tool_choice"] =
        thinkingBudget == nil ? ["type": "tool", "name": .string(schema.name)] : ["type": "auto"]
    }
    body[setting: "stream"] = .bool(request.stream)
    return .object(body)
  }

  private static func message(_ message: ModelMessage) -> JSONValue {
    let blocks: [JSONValue] = message.parts.map { part in
      switch part {
      case .text(let text): ["type": "text", "text": .string(text)]
      case .image(let image):
        [
          "type": "image",
          "source": [
            "type": "base64", "media_type": .string(image.mediaType), "data": .string(image.data.base64EncodedString()),
          ],
        ]
      }
    }
    return ["role": .string(message.role.rawValue), "content": .array(blocks)]
  }

  private static func usage(_ value: JSONValue?) -> TokenUsage? {
    guard let value, value.objectValue != nil else { return nil }
    return TokenUsage(input: value["input_tokens"]?.intValue, output: value["output_tokens"]?.intValue)
  }

  /// A forced tool call is how a structured answer ends, not a request to run a tool.
  private static func finish(_ reason: String?, structured: Bool) -> FinishReason {
    let mapped = reason.map(FinishReason.init(providerValue:)) ?? .stop
    return structured && mapped == .toolUse ? .stop : mapped
  }

  /// A structured request with thinking on: the tool is offered rather than forced.
  private func structuredWithThinking(_ options: ModelOptions) -> Bool {
    options.schema != nil && capabilities.contains(.jsonSchema) && Self.thinkingBudget(options) != nil
  }

  private static func thinkingBudget(_ options: ModelOptions) -> Int? {
    options.thinkingBudget ?? options.reasoningEffort.map(budget)
  }

  private static func budget(for effort: ReasoningEffort) -> Int {
    switch effort {
    case .minimal: 1024
    case .low: 2048
    case .medium: 8192
    case .high: 24576
    }
  }
}
