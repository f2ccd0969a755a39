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
  /// Seconds the whole call may take, every try and wait between them included (`timeouts.total`); nil
  /// leaves only each try's own limits.
  public var callLimit: Double?
  /// Told, in a line for a person, when the call waits long for an answer or waits to try again.
  public var notices: (@Sendable (String) -> Void)?
  /// Seconds without an answer before the first "still waiting" notice, and between later ones.
  public var waitNotice: Double = 15
  /// The clock retries wait on: sleeps the given seconds before the next try (a `Retry-After`, the backoff).
  /// The real one by default; a test passes one that notes the wait and returns at once, so it does not sleep.
  public var waitBeforeRetry: @Sendable (Double) async throws -> Void = ModelClient.sleep(seconds:)

  /// A client for `model` that logs and caches in `store` (nil: neither), through `gate`, retrying by `retry`.
  public init(
    model: any LanguageModel, store: PostStore?, gate: RequestGate = .shared, retry: RetryPolicy = RetryPolicy(),
    usesCache: Bool = true, defaultOptions: ModelOptions = ModelOptions(), callLimit: Double? = nil,
    notices: (@Sendable (String) -> Void)? = nil
  ) {
    self.model = model
    self.store = store
    self.gate = gate
    self.retry = retry
    self.usesCache = usesCache
    self.defaultOptions = defaultOptions
    self.callLimit = callLimit
    self.notices = notices
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
    let progress = CallProgress()
    do {
      try await capped { try await attempts(sent, progress: progress, onEvent: onEvent) }
      await gate.leave()
    } catch {
      await gate.leave()
      let status: ModelCall.Status = error is CancellationError ? .cancelled : .error
      let modelError = error as? ModelError
      _ = try? log(
        request, cacheKey: cacheKey, started: started, status: status, response: progress.response,
        attempts: progress.attempt, httpStatus: modelError?.status, error: modelError?.description ?? "cancelled")
      throw error
    }
    var response = progress.response
    let attempt = progress.attempt
    response.attempts = attempt
    response.durationMilliseconds = Self.milliseconds(since: started)
    response.callID = try log(
      request, cacheKey: cacheKey, started: started, status: .ok, response: response, attempts: attempt)
    return response
  }

  /// Tries `sent` until it is answered, a failure is not worth another try, or text was shown: a retry
  /// happens only while nothing has reached `onEvent`. Says when it waits long and when it tries again.
  private func attempts(
    _ sent: ModelRequest, progress: CallProgress, onEvent: (@Sendable (ModelEvent) -> Void)?
  ) async throws {
    while true {
      let attempt = progress.nextAttempt()
      var delivered = false
      let watcher = waitingNotice(attempt: attempt)
      defer { watcher?.cancel() }
      do {
        for try await event in model.stream(sent) {
          watcher?.cancel()
          progress.apply(event)
          if let onEvent {
            if case .text = event { delivered = true }
            onEvent(event)
          }
        }
        // A cancelled task's stream ends early without an error.
        try Task.checkCancellation()
        return
      } catch var error as ModelError {
        watcher?.cancel()
        try Task.checkCancellation()
        guard !delivered, let delay = retry.delay(after: error, attempt: attempt) else {
          if let asked = error.retryAfter, asked > retry.maxRetryAfter, error.isTransient, !delivered {
            error.message +=
              " (it asked to wait \(Self.seconds(asked)) before trying again, longer than the "
              + "\(Self.seconds(retry.maxRetryAfter)) creator waits)"
          }
          throw error
        }
        notices?(
          "\(error.message); trying again in \(Self.seconds(delay)) (try \(attempt + 1) of \(retry.maxAttempts))")
        try await waitBeforeRetry(delay)
      }
    }
  }

  /// Sleeps `seconds` (cancellable): how a client waits between tries unless given another clock.
  public static func sleep(seconds: Double) async throws {
    try await Task.sleep(nanoseconds: UInt64(max(0, seconds) * 1_000_000_000))
  }

  /// A task that says, every `waitNotice` seconds, that the model has not answered yet; nil without notices.
  private func waitingNotice(attempt: Int) -> Task<Void, Never>? {
    guard let notices, waitNotice > 0 else { return nil }
    let interval = waitNotice
    let endpoint = model.endpoint
    let tries = retry.maxAttempts
    return Task {
      var waited = 0.0
      while true {
        do { try await Task.sleep(nanoseconds: UInt64(interval * 1_000_000_000)) } catch { return }
        waited += interval
        notices("waiting for \(endpoint): no answer yet after \(Self.seconds(waited)) (try \(attempt) of \(tries))")
      }
    }
  }

  /// Runs `body` within `callLimit`: past it the call stops with a timeout that names the limit.
  private func capped(_ body: @escaping @Sendable () async throws -> Void) async throws {
    guard let callLimit, callLimit > 0 else { return try await body() }
    let endpoint = model.endpoint
    try await withThrowingTaskGroup(of: Void.self) { group in
      group.addTask { try await body() }
      group.addTask {
        try await Task.sleep(nanoseconds: UInt64(callLimit * 1_000_000_000))
        throw ModelError(
          .timeout, "\(endpoint) gave no complete answer within \(Self.seconds(callLimit)), tries and waits included",
          advice: "raise timeouts.total if the model is slow, or check the server")
      }
      defer { group.cancelAll() }
      try await group.next()
    }
  }

  static func seconds(_ value: Double) -> String {
    "\(value.formatted(.number.precision(.fractionLength(0...1)))) s"
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

/// The answer of a call as it builds up over its tries, readable after a failure or the call limit.
private final class CallProgress: @unchecked Sendable {
  private let lock = NSLock()
  private var current = ModelResponse()
  private var tries = 0

  /// Starts the next try with an empty answer and returns its number.
  func nextAttempt() -> Int {
    lock.withLock {
      tries += 1
      current = ModelResponse()
      return tries
    }
  }

  func apply(_ event: ModelEvent) { lock.withLock { current.apply(event) } }

  var response: ModelResponse { lock.withLock { current } }
  var attempt: Int { lock.withLock { tries } }
}
