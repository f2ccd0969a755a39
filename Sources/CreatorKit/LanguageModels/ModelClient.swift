import Foundation

/// Asks a model the way every CreatorKit feature should: refuses what the model cannot do before sending,
/// answers an identical request from the log, passes the process-wide gate (concurrency and rate limits),
/// retries transient failures, streams the answer to the caller, and logs every call, failed or not.
public struct ModelClient: Sendable {
  public var model: any LanguageModel
  /// Where calls are logged and cached; nil keeps no log and no cache.
  public var store: PostStore?
  public var gate: RequestGate
  public var retry: RetryPolicy
  /// Answer identical requests from the log.
  public var usesCache: Bool
  /// Options configured for the model, under those a request sets itself.
  public var defaultOptions: ModelOptions

  public init(
    model: any LanguageModel, store: PostStore?, gate: RequestGate = .shared, retry: RetryPolicy = RetryPolicy(),
    usesCache: Bool = true, defaultOptions: ModelOptions = ModelOptions()
  ) {
    self.model = model
    self.store = store
    self.gate = gate
    self.retry = retry
    self.usesCache = usesCache
    self.defaultOptions = defaultOptions
  }

  /// Sends `request` and returns the whole answer; `onEvent` sees it as it streams. A retry happens only
  /// while nothing has reached `onEvent`: text already shown cannot be taken back, so a stream cut after
  /// that fails with an error instead.
  public func respond(to request: ModelRequest, onEvent: (@Sendable (ModelEvent) -> Void)? = nil) async throws
    -> ModelResponse
  {
    var request = request
    request.options = request.options.merged(over: defaultOptions)
    try check(request)
    let started = Date()
    let cacheKey = request.cacheKey(provider: model.provider, endpoint: model.endpoint, model: model.name)
    if usesCache, let store, let earlier = try store.cachedCall(key: cacheKey) {
      return try replay(earlier, request: request, cacheKey: cacheKey, started: started, onEvent: onEvent)
    }
    let sent = prepared(request)
    try await gate.enter(estimatedTokens: Self.estimatedTokens(sent))
    var response = ModelResponse()
    var attempt = 0
    do {
      while true {
        attempt += 1
        response = ModelResponse()
        var delivered = false
        do {
          for try await event in model.stream(sent) {
            response.apply(event)
            if let onEvent {
              if case .text = event { delivered = true }
              onEvent(event)
            }
          }
          // A cancelled task's stream ends early without an error.
          try Task.checkCancellation()
          break
        } catch let error as ModelError {
          try Task.checkCancellation()
          guard !delivered, let delay = retry.delay(after: error, attempt: attempt) else { throw error }
          try await Task.sleep(nanoseconds: UInt64(delay * 1_000_000_000))
        }
      }
      await gate.leave()
    } catch {
      await gate.leave()
      let status: ModelCall.Status = error is CancellationError ? .cancelled : .error
      let modelError = error as? ModelError
      _ = try? log(
        request, cacheKey: cacheKey, started: started, status: status, response: response, attempts: attempt,
        httpStatus: modelError?.status, error: modelError?.description ?? "cancelled")
      throw error
    }
    response.attempts = attempt
    response.durationMilliseconds = Self.milliseconds(since: started)
    response.callID = try log(
      request, cacheKey: cacheKey, started: started, status: .ok, response: response, attempts: attempt)
    return response
  }

  /// Sends a request whose options carry a schema and returns the answer as validated JSON. An invalid answer
  /// gets one repair request that quotes the problem; a second invalid answer is an error.
  public func respondJSON(to request: ModelRequest) async throws -> (value: JSONValue, response: ModelResponse) {
    guard let schema = request.options.schema else {
      throw ModelError(.badRequest, "a structured request needs a JSON schema in its options")
    }
    let validator = JSONSchemaValidator(schema: schema.schema)
    var conversation = request
    var round = 1
    while true {
      let response = try await respond(to: conversation)
      let problem: String
      switch Self.decodeJSON(response.text) {
      case .success(let value):
        guard let invalid = validator.problem(in: value) else { return (value, response) }
        problem = invalid
      case .failure(let error):
        problem = error.message
      }
      if round == 2 || response.isTruncated {
        let reason = response.isTruncated ? " (the answer hit the token limit; raise max_tokens)" : ""
        throw ModelError(
          .invalidStructuredOutput,
          "model '\(model.name)' did not answer with JSON matching schema '\(schema.name)': \(problem)\(reason)",
          advice: "try a stronger model or a simpler schema")
      }
      conversation.messages += [
        .assistant(response.text),
        .user(
          "That reply is not valid: \(problem). Reply again with only the corrected JSON, matching the schema "
            + "'\(schema.name)', and nothing else."),
      ]
      round += 1
    }
  }

  /// Refuses, before anything is sent, what the model declares it cannot do.
  func check(_ request: ModelRequest) throws {
    if request.hasImages && !model.capabilities.contains(.vision) {
      throw ModelError(
        .unsupported, "model '\(model.name)' cannot see images",
        advice: "choose a vision model, or send the request without images")
    }
    if request.options.wantsReasoning && !model.capabilities.contains(.reasoning) {
      throw ModelError(
        .unsupported, "model '\(model.name)' has no reasoning options",
        advice: "leave out the reasoning effort or thinking budget, or declare `reasoning` for it in the configuration")
    }
  }

  /// The request as sent: a model that cannot follow a schema on the server gets it as an instruction, in
  /// the system message (many chat templates take a system message only first).
  func prepared(_ request: ModelRequest) -> ModelRequest {
    guard let schema = request.options.schema, !model.capabilities.contains(.jsonSchema) else { return request }
    var sent = request
    let instruction =
      "Answer with one JSON value and nothing else (no prose, no code fence). It must validate against this "
      + "JSON schema named '\(schema.name)':\n\(schema.schema.jsonText)"
    if let first = sent.messages.first, first.role == .system {
      sent.messages[0].parts.append(.text(instruction))
    } else {
      sent.messages.insert(.system(instruction), at: 0)
    }
    return sent
  }

  private func replay(
    _ earlier: ModelCall, request: ModelRequest, cacheKey: String, started: Date,
    onEvent: (@Sendable (ModelEvent) -> Void)?
  ) throws -> ModelResponse {
    var response = ModelResponse(
      text: earlier.response ?? "", reasoning: earlier.reasoning ?? "",
      usage: TokenUsage(input: earlier.inputTokens, output: earlier.outputTokens),
      finishReason: earlier.finishReason.map(FinishReason.init(providerValue:)), cached: true, attempts: 0)
    if let onEvent {
      if !response.reasoning.isEmpty { onEvent(.reasoning(response.reasoning)) }
      onEvent(.text(response.text))
      onEvent(.usage(response.usage))
      if let reason = response.finishReason { onEvent(.finish(reason)) }
    }
    response.durationMilliseconds = Self.milliseconds(since: started)
    response.callID = try log(
      request, cacheKey: cacheKey, started: started, status: .cached, response: response, attempts: 0,
      cachedFrom: earlier.id)
    return response
  }

  @discardableResult
  private func log(
    _ request: ModelRequest, cacheKey: String, started: Date, status: ModelCall.Status, response: ModelResponse,
    attempts: Int, httpStatus: Int? = nil, error: String? = nil, cachedFrom: Int64? = nil
  ) throws -> Int64? {
    guard let store else { return nil }
    return try store.record(
      ModelCall(
        startedAt: started, provider: model.provider, endpoint: model.endpoint, model: model.name,
        messages: request.loggedMessages.jsonText, options: request.options.json.jsonText, streamed: request.stream,
        cacheKey: cacheKey, status: status, response: response.text.isEmpty && status != .ok ? nil : response.text,
        reasoning: response.reasoning.isEmpty ? nil : response.reasoning,
        finishReason: response.finishReason?.description, inputTokens: response.usage.input,
        outputTokens: response.usage.output, durationMilliseconds: Self.milliseconds(since: started),
        attempts: attempts, httpStatus: httpStatus, error: error, cachedFrom: cachedFrom))
  }

  /// About four characters a token, a flat thousand an image, plus the answer's limit.
  static func estimatedTokens(_ request: ModelRequest) -> Int {
    let characters = request.messages.reduce(0) { $0 + $1.text.count }
    let images = request.messages.reduce(0) { $0 + $1.images.count }
    return characters / 4 + images * 1000 + (request.options.maxTokens ?? 512)
  }

  /// The JSON in a reply, tolerating a Markdown code fence or prose around one object or array.
  static func decodeJSON(_ text: String) -> Result<JSONValue, JSONReadError> {
    var body = text.trimmingCharacters(in: .whitespacesAndNewlines)
    if body.hasPrefix("```") {
      body = String(body.drop { $0 != "\n" }.dropFirst())
      if let fence = body.range(of: "```", options: .backwards) { body = String(body[..<fence.lowerBound]) }
    }
    if let start = body.firstIndex(where: { $0 == "{" || $0 == "[" }),
      let end = body.lastIndex(where: { $0 == "}" || $0 == "]" }), start < end
    {
      body = String(body[start...end])
    }
    do { return .success(try JSONValue.parse(body)) } catch { return .failure(error) }
  }

  private static func milliseconds(since start: Date) -> Int {
    Int((Date().timeIntervalSince(start) * 1000).rounded())
  }
}
