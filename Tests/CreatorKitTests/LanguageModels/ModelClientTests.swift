import Foundation
import Testing

@testable import CreatorKit

/// The providers and the client against a real HTTP server on loopback that scripts the hard cases.
@Suite struct ModelClientTests {
  static let key = APIKey("sk-test-0123456789abcdef")!

  func openAI(
    _ server: StubServer, capabilities: ModelCapabilities = [], timeouts: RequestTimeouts = RequestTimeouts()
  ) -> OpenAICompatibleModel {
    OpenAICompatibleModel(
      name: "stub-model", baseURL: server.baseURL, key: Self.key, capabilities: capabilities, timeouts: timeouts)
  }

  func client(
    _ model: any LanguageModel, store: PostStore? = nil, gate: RequestGate = RequestGate(),
    retry: RetryPolicy = RetryPolicy(maxAttempts: 3, baseDelay: 0.01, maxDelay: 0.05), cache: Bool = true
  ) -> ModelClient {
    ModelClient(model: model, store: store, gate: gate, retry: retry, usesCache: cache)
  }

  static let streamedAnswer: [String] = [
    "data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}\n\n",
    "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Fresh \"}}]}\n\ndata: {\"choices\":[{\"in",
    "dex\":0,\"delta\":{\"content\":\"sourdough\"},\"logprobs\":null}]}\r\n\r\n: keep-alive\n\n",
    "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],\"timings\":{\"predicted_ms\":3}}\n\n",
    "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":3,\"total_tokens\":15}}\n\n",
    "data: [DONE]\n\n",
  ]

  @Test func streamsAnOpenAICompatibleAnswerWithALineSplitAcrossChunks() async throws {
    let server = try StubServer([.events(Self.streamedAnswer)])
    let pieces = Pieces()
    let response = try await client(openAI(server)).respond(
      to: ModelRequest(
        messages: [.system("Be brief."), .user("Caption for a loaf")], options: ModelOptions(temperature: 0.2))
    ) { event in
      if case .text(let text) = event { pieces.append(text) }
    }
    #expect(response.text == "Fresh sourdough")
    #expect(pieces.all == ["Fresh ", "sourdough"])
    #expect(response.usage == TokenUsage(input: 12, output: 3))
    #expect(response.finishReason == .stop)
    let request = try #require(server.requests.first)
    #expect(request.path == "/v1/chat/completions")
    #expect(request.headers["authorization"] == "Bearer \(Self.key.secret)")
    #expect(request.json?["stream"] == true)
    #expect(request.json?["stream_options"]?["include_usage"] == true)
    #expect(request.json?["temperature"] == 0.2)
    #expect(request.json?["messages"]?.arrayValue?.first?["content"] == "Be brief.")
  }

  @Test func readsANonStreamingAnswerThatLeavesOutAndAddsFields() async throws {
    let body = """
      {"id":"x","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant",
      "content":"Hello there"},"finish_reason":"length"}],"usage":{"prompt_tokens":5,"completion_tokens":2},
      "timings":{"prompt_n":5},"system_fingerprint":null}
      """
    let server = try StubServer([.json(body)])
    let response = try await client(openAI(server)).respond(
      to: ModelRequest(messages: [.user("hi")], options: ModelOptions(maxTokens: 2), stream: false))
    #expect(response.text == "Hello there")
    #expect(response.isTruncated)
    #expect(response.usage == TokenUsage(input: 5, output: 2))
    #expect(server.requests.first?.json?["max_tokens"] == 2)
    #expect(server.requests.first?.json?["stream_options"] == nil)
  }

  @Test func waitsForRetryAfterOn429ThenSucceeds() async throws {
    let server = try StubServer([
      .json(#"{"error":{"message":"slow down"}}"#, status: 429, headers: [("Retry-After", "1")]),
      .events(Self.streamedAnswer),
    ])
    var client = client(openAI(server))
    let waits = Waits()
    client.waitBeforeRetry = { waits.append($0) }
    let response = try await client.respond(to: ModelRequest(messages: [.user("hi")]))
    #expect(response.attempts == 2)
    #expect(response.text == "Fresh sourdough")
    #expect(server.requests.count == 2)
    #expect(waits.all == [1], "Retry-After: 1 was not honoured")
  }

  @Test func retriesAServerErrorButNotABadRequest() async throws {
    let flaky = try StubServer([.json("oops", status: 500), .events(Self.streamedAnswer)])
    #expect(try await client(openAI(flaky)).respond(to: ModelRequest(messages: [.user("hi")])).attempts == 2)

    let wrong = try StubServer([.json(#"{"error":{"message":"'messages' is malformed"}}"#, status: 400)])
    await #expect {
      _ = try await client(openAI(wrong)).respond(to: ModelRequest(messages: [.user("hi")]))
    } throws: { error in
      (error as? ModelError)?.kind == .badRequest && "\(error)".contains("'messages' is malformed")
    }
    #expect(wrong.requests.count == 1)
  }

  @Test func givesUpAfterTheLastAttemptAndSaysWhatToDo() async throws {
    let down = try StubServer([.json("Service Unavailable", status: 503)])
    await #expect {
      _ = try await client(openAI(down)).respond(to: ModelRequest(messages: [.user("hi")]))
    } throws: { error in
      (error as? ModelError)?.kind == .server && "\(error)".contains("try again later")
    }
    #expect(down.requests.count == 3)
  }

  @Test(arguments: [
    (401, #"{"error":{"message":"invalid x-api-key"}}"#, ModelError.Kind.authentication, "check the API key"),
    (404, #"{"error":{"message":"model 'gpt-9' not found"}}"#, .notFound, "check the model name and the base URL"),
    (
      400, #"{"error":{"message":"This model's maximum context length is 8192 tokens, you requested 9000"}}"#,
      .contextTooLong, "shorten the prompt"
    ),
    (413, "Request Entity Too Large", .contextTooLong, "smaller images"),
  ])
  func saysWhatAnErrorStatusMeansAndWhatToDo(status: Int, body: String, kind: ModelError.Kind, advice: String)
    async throws
  {
    let server = try StubServer([.json(body, status: status)])
    await #expect {
      _ = try await client(openAI(server)).respond(to: ModelRequest(messages: [.user("hi")]))
    } throws: { error in
      (error as? ModelError)?.kind == kind && "\(error)".contains(advice) && !"\(error)".contains("\n")
    }
    #expect(server.requests.count == 1, "a client error was retried")
  }

  @Test func rejectsAnAnswerThatIsNotTheProtocol() async throws {
    let page = StubServer.Reply(
      headers: [("Content-Type", "text/html")], chunks: [(0, Data("<html><body>Welcome</body></html>".utf8))])
    let html = try StubServer([page])
    await #expect {
      _ = try await client(openAI(html), retry: .none).respond(
        to: ModelRequest(messages: [.user("hi")], stream: false))
    } throws: { error in
      (error as? ModelError)?.kind == .invalidResponse && "\(error)".contains("not JSON")
    }
    let garbled = try StubServer([.events(["data: {\"choices\": [oops\n\n"])])
    await #expect {
      _ = try await client(openAI(garbled), retry: .none).respond(to: ModelRequest(messages: [.user("hi")]))
    } throws: { error in
      (error as? ModelError)?.kind == .invalidResponse && "\(error)".contains("stream event that is not JSON")
    }
  }

  @Test func neverShowsTheKeyEvenWhenTheServerEchoesIt() async throws {
    let server = try StubServer([
      .json(#"{"error":{"message":"Incorrect API key provided: sk-test-0123456789abcdef"}}"#, status: 401)
    ])
    let folder = try TemporaryFolder()
    let store = try folder.store()
    await #expect {
      _ = try await client(openAI(server), store: store).respond(to: ModelRequest(messages: [.user("hi")]))
    } throws: { error in
      let text = "\(error)"
      return (error as? ModelError)?.kind == .authentication && !text.contains(Self.key.secret)
        && text.contains("sk-...cdef")
    }
    #expect(try !dump(store).contains(Self.key.secret))
    #expect(try store.modelCalls().first?.status == .error)
  }

  @Test func takesAKeyEchoedInAnAnswerOutOfWhatIsShownStoredAndSearched() async throws {
    let folder = try TemporaryFolder()
    let store = try folder.store()
    func delta(_ field: String, _ text: String) -> String {
      "data: {\"choices\":[{\"delta\":{\"\(field)\":\"\(text)\"}}]}\n\n"
    }
    // The key arrives cut across three events, in the answer and in the reasoning.
    let server = try StubServer([
      .events([
        delta("reasoning_content", "They sent sk-test-0123"), delta("reasoning_content", "456789abcdef."),
        delta("content", "Your key is sk-te"), delta("content", "st-0123456"), delta("content", "789abcdef, keep it"),
        delta("content", " safe. sk-tes"),
        "data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n", "data: [DONE]\n\n",
      ])
    ])
    let shown = Pieces()
    let response = try await client(openAI(server), store: store).respond(
      to: ModelRequest(messages: [.user("What is my key?")])
    ) { event in
      if case .text(let text) = event { shown.append(text) }
    }
    #expect(shown.all.joined() == "Your key is sk-...cdef, keep it safe. sk-...")
    #expect(response.text == shown.all.joined())
    #expect(response.reasoning == "They sent sk-...cdef.")
    #expect(try !dump(store).contains(Self.key.secret))
    #expect(try store.modelCalls(search: Self.key.secret).isEmpty)
    #expect(try store.modelCalls(search: "sk-...cdef").count == 1)

    let whole = try StubServer([
      .json(#"{"choices":[{"message":{"content":"key: sk-test-0123456789abcdef"},"finish_reason":"stop"}]}"#)
    ])
    let answer = try await client(openAI(whole), store: store).respond(
      to: ModelRequest(messages: [.user("again")], stream: false))
    #expect(answer.text == "key: sk-...cdef")
    #expect(try !dump(store).contains(Self.key.secret))
  }

  @Test func takesTheKeyOutOfAnErrorBodyBeforeCuttingIt() async throws {
    // The key starts at character 290 of the message: cut first, its first characters would remain.
    let message = String(repeating: "x", count: 289) + " " + Self.key.secret + " was refused"
    let server = try StubServer([.json(#"{"error":{"message":"\#(message)"}}"#, status: 401)])
    await #expect {
      _ = try await client(openAI(server)).respond(to: ModelRequest(messages: [.user("hi")]))
    } throws: { error in
      (error as? ModelError)?.kind == .authentication && !"\(error)".contains(Self.key.secret.prefix(8))
    }
    let garbled = try StubServer([
      .events(["data: {\"echo\": \"" + String(repeating: "y", count: 100) + Self.key.secret + "\n\n"])
    ])
    await #expect {
      _ = try await client(openAI(garbled), retry: .none).respond(to: ModelRequest(messages: [.user("hi")]))
    } throws: { error in
      (error as? ModelError)?.kind == .invalidResponse && !"\(error)".contains(Self.key.secret.prefix(8))
    }
  }

  @Test func retriesAStreamCutInTheMiddleOnlyWhileNothingWasShown() async throws {
    let cut = StubServer.Reply.events(Array(Self.streamedAnswer.prefix(2)), cut: true)
    let server = try StubServer([cut, .events(Self.streamedAnswer)])
    let quiet = try await client(openAI(server)).respond(to: ModelRequest(messages: [.user("hi")]))
    #expect(quiet.text == "Fresh sourdough")
    #expect(quiet.attempts == 2)

    let shown = try StubServer([cut, .events(Self.streamedAnswer)])
    let pieces = Pieces()
    await #expect {
      _ = try await client(openAI(shown)).respond(to: ModelRequest(messages: [.user("hi")])) { event in
        if case .text(let text) = event { pieces.append(text) }
      }
    } throws: { error in
      (error as? ModelError)?.kind == .interrupted
    }
    #expect(pieces.all == ["Fresh "])
    #expect(shown.requests.count == 1)
  }

  /// llama.cpp's servers end a running stream this way when another request interrupts it.
  static let interruptedAnswer: [String] = [
    "data: {\"choices\":[{\"delta\":{\"role\":\"assistant\"}}]}\n\n",
    "data: {\"choices\":[{\"delta\":{\"content\":\"Fresh \"}}]}\n\n",
    "data: [DONE]\n\n",
  ]

  @Test func retriesAStreamEndedByDoneWithoutAFinishReasonAndCachesOnlyTheWholeAnswer() async throws {
    let folder = try TemporaryFolder()
    let store = try folder.store()
    let server = try StubServer([.events(Self.interruptedAnswer), .events(Self.streamedAnswer)])
    let request = ModelRequest(messages: [.user("hi")])
    let response = try await client(openAI(server), store: store).respond(to: request)
    #expect(response.text == "Fresh sourdough" && response.attempts == 2)
    let again = try await client(openAI(server), store: store).respond(to: request)
    #expect(again.cached && again.text == "Fresh sourdough")
    #expect(try store.modelCalls().map(\.status) == [.cached, .ok])
  }

  @Test func failsAStreamEndedByDoneWithoutAFinishReasonOnceTextWasShownAndNeverCachesIt() async throws {
    let folder = try TemporaryFolder()
    let store = try folder.store()
    let server = try StubServer([.events(Self.interruptedAnswer), .events(Self.streamedAnswer)])
    let request = ModelRequest(messages: [.user("hi")])
    let pieces = Pieces()
    await #expect {
      _ = try await client(openAI(server), store: store).respond(to: request) { event in
        if case .text(let text) = event { pieces.append(text) }
      }
    } throws: { error in
      (error as? ModelError)?.kind == .interrupted && "\(error)".contains("[DONE] but no finish reason")
    }
    #expect(pieces.all == ["Fresh "])
    #expect(server.requests.count == 1, "text already shown was sent again")
    let call = try #require(try store.modelCalls().first)
    #expect(call.status == .error && call.response == "Fresh ")
    // The truncated text is not an answer: the same request goes to the server again.
    let retried = try await client(openAI(server), store: store).respond(to: request)
    #expect(!retried.cached && retried.text == "Fresh sourdough")
    #expect(server.requests.count == 2)
  }

  @Test func retriesAnEmptyStreamEndedByDone() async throws {
    let role = "data: {\"choices\":[{\"delta\":{\"role\":\"assistant\"}}]}\n\n"
    let server = try StubServer([.events([role, "data: [DONE]\n\n"]), .events(Self.streamedAnswer)])
    let response = try await client(openAI(server)).respond(to: ModelRequest(messages: [.user("hi")]))
    #expect(response.text == "Fresh sourdough" && response.attempts == 2)
  }

  @Test func saysWhenTheServerClosesTheConnectionWithoutAnAnswer() async throws {
    let server = try StubServer([.crash, .events(Self.streamedAnswer)])
    await #expect {
      _ = try await client(openAI(server)).respond(to: ModelRequest(messages: [.user("hi")]))
    } throws: { error in
      (error as? ModelError)?.kind == .serverClosed
        && "\(error)".contains("the server closed the connection: it may have crashed; see its log")
    }
    #expect(server.requests.count == 1, "a request that may crash the server was sent again")
  }

  @Test func sendsAGrammarBoundServerTheSchemaWithoutLargeBoundsAndChecksTheAnswerAgainstAllOfIt() async throws {
    // Like llama-cpp-python: a schema bound over 1,000 cannot become a grammar, and the server dies.
    @Sendable func largestBound(_ value: JSONValue) -> Int {
      switch value {
      case .object(let object):
        object.members.map {
          ["maxLength", "maxItems"].contains($0.key) ? $0.value.intValue ?? 0 : largestBound($0.value)
        }
        .max() ?? 0
      case .array(let items): items.map(largestBound).max() ?? 0
      default: 0
      }
    }
    let answer =
      ##"{"choices":[{"message":{"content":"{\"tags\":[\"#bread\"],\"caption\":\"x\"}"},"finish_reason":"stop"}]}"##
    let server = try StubServer { request, _ in
      largestBound(request.json?["response_format"]?["schema"] ?? .null) > 1000 ? .crash : .json(answer)
    }
    let schema = ResponseSchema(
      name: "post",
      schema: [
        "type": "object", "required": ["tags", "caption"],
        "properties": [
          "tags": ["type": "array", "maxItems": 3, "items": ["type": "string", "maxLength": 40]],
          "caption": ["type": "string", "minLength": 5, "maxLength": 4000],
        ],
      ])
    let model = OpenAICompatibleModel(
      name: "m", baseURL: server.baseURL, capabilities: .jsonSchema, schemaStyle: .jsonObject)
    // The answer breaks the bound the server did not get (minLength 5 stayed: it is small): it is still checked.
    await #expect {
      _ = try await client(model).respondJSON(
        to: ModelRequest(messages: [.user("post")], options: ModelOptions(schema: schema), stream: false))
    } throws: { error in
      (error as? ModelError)?.kind == .invalidStructuredOutput && "\(error)".contains("$.caption")
    }
    let sent = try #require(server.requests.first?.json?["response_format"]?["schema"])
    #expect(sent["properties"]?["caption"] == ["type": "string", "minLength": 5])
    #expect(sent["properties"]?["tags"] == schema.schema["properties"]?["tags"])
    #expect(server.requests.count == 2, "the repair request was not sent")
  }

  @Test func leavesOutTheSamplingOptionsAReasoningModelRefuses() async throws {
    // Like OpenAI: reasoning models answer 400 to `temperature` and `stop`, other models take them.
    let server = try StubServer { request, _ in
      let model = request.json?["model"]?.stringValue ?? ""
      let reasoning = ["o1", "o3", "o4", "gpt-5"].contains { model.hasPrefix($0) } && !model.hasPrefix("gpt-5-chat")
      if reasoning, let refused = ["temperature", "stop"].first(where: { request.json?[$0] != nil }) {
        return .json(
          #"{"error":{"message":"Unsupported parameter: '\#(refused)' is not supported with this model.","type":"invalid_request_error"}}"#,
          status: 400)
      }
      return .events(Self.streamedAnswer)
    }
    let config = """
      models:
        thinker: {provider: openai, model: o3-mini}
        five: {provider: openai, model: gpt-5-mini}
        chat: {provider: openai, model: gpt-5-chat-latest}
        classic: {provider: openai, model: gpt-4o}
        proxy: {provider: openai-compatible, model: my-o3-proxy, unsupported_options: [temperature]}
      """
    let configuration = try ModelConfiguration.parse(
      config, path: "config.yaml",
      environment: ["OPENAI_BASE_URL": server.baseURL.absoluteString, "OPENAI_API_KEY": Self.key.secret])
    let request = ModelRequest(
      messages: [.user("hi")], options: ModelOptions(temperature: 0.7, maxTokens: 50, stop: ["\n\n"]))
    var sent: [String: JSONValue] = [:]
    for alias in ["thinker", "five", "chat", "classic", "proxy"] {
      let client = try await configuration.client(model: alias, store: nil, usesCache: false, gate: RequestGate())
      #expect(try await client.respond(to: request).text == "Fresh sourdough", "\(alias)")
      sent[alias] = server.requests.last?.json
    }
    for alias in ["thinker", "five"] {
      #expect(sent[alias]?["temperature"] == nil && sent[alias]?["stop"] == nil, "\(alias)")
      #expect(sent[alias]?["max_completion_tokens"] == 50, "\(alias)")
    }
    for alias in ["chat", "classic"] { #expect(sent[alias]?["temperature"] == 0.7, "\(alias)") }
    #expect(sent["proxy"]?["temperature"] == nil && sent["proxy"]?["stop"] == ["\n\n"])
    #expect(try configuration.resolve("thinker").makeModel().capabilities.contains(.reasoning))
    #expect(try !configuration.resolve("classic").makeModel().capabilities.contains(.reasoning))
    // The table can be overridden: this o3 takes every option.
    let overridden = try ModelConfiguration.parse(
      "models:\n  o3:\n    provider: openai\n    model: o3\n    unsupported_options: []\n", path: "c.yaml",
      environment: [:])
    #expect(try overridden.resolve("o3").traits.unsupportedOptions.isEmpty)
    #expect(ModelTraits.of(provider: "openrouter", model: "openai/o4-mini").unsupportedOptions.contains(.temperature))
  }

  @Test func saysOnTheWayThatItWaitsAndTriesAgain() async throws {
    var slow = StubServer.Reply.events(Self.streamedAnswer)
    slow.delayBeforeHead = 1.5
    let server = try StubServer([.json("busy", status: 503), slow])
    let notices = Pieces()
    var client = client(openAI(server))
    client.notices = { notices.append($0) }
    client.waitNotice = 0.3
    #expect(try await client.respond(to: ModelRequest(messages: [.user("hi")])).text == "Fresh sourdough")
    // Which notices come, and in which order, depends only on the script; how many "waiting" ones a loaded
    // machine fits in is left open.
    let retried = notices.all.filter { $0.contains("HTTP 503: busy); trying again in") }
    #expect(retried.count == 1 && retried.first?.hasSuffix("(try 2 of 3)") == true)
    let waiting = notices.all.filter { $0.contains("no answer yet after") }
    #expect(waiting.contains { $0.hasSuffix("(try 2 of 3)") })
  }

  @Test func capsTheWholeCallTriesAndWaitsIncluded() async throws {
    let server = try StubServer([.json("busy", status: 503, headers: [("Retry-After", "1")])])
    var client = client(openAI(server), retry: RetryPolicy(maxAttempts: 10))
    client.callLimit = 1.5
    await #expect {
      _ = try await client.respond(to: ModelRequest(messages: [.user("hi")]))
    } throws: { error in
      (error as? ModelError)?.kind == .timeout && "\(error)".contains("within 1.5 s, tries and waits included")
        && "\(error)".contains("timeouts.total")
    }
    #expect(server.requests.count < 10, "the limit did not stop the tries")
  }

  @Test func honoursRetryAfterMillisecondsAndSaysWhenAWaitIsTooLong() async throws {
    let quick = try StubServer([
      .json("slow down", status: 429, headers: [("retry-after-ms", "150"), ("Retry-After", "600")]),
      .events(Self.streamedAnswer),
    ])
    var waiting = client(openAI(quick))
    let waits = Waits()
    waiting.waitBeforeRetry = { waits.append($0) }
    #expect(try await waiting.respond(to: ModelRequest(messages: [.user("hi")])).attempts == 2)
    #expect(waits.all == [0.15], "retry-after-ms: 150 comes before Retry-After: 600")
    // An HTTP date an hour away: read as about 3,600 s, too long to wait for, and said so.
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "GMT")
    formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
    let later = formatter.string(from: Date().addingTimeInterval(3600))
    let patient = try StubServer([.json("slow down", status: 429, headers: [("Retry-After", later)])])
    await #expect {
      _ = try await client(openAI(patient)).respond(to: ModelRequest(messages: [.user("hi")]))
    } throws: { error in
      (error as? ModelError)?.kind == .rateLimited && "\(error)".contains("it asked to wait 3")
        && "\(error)".contains("longer than the 90 s creator waits")
    }
    #expect(patient.requests.count == 1)
    let now = Date(timeIntervalSince1970: 1_784_000_000)
    #expect(RetryPolicy.retryAfter(headers: ["retry-after-ms": "2500", "retry-after": "9"], now: now) == 2.5)
    #expect(RetryPolicy.retryAfter(headers: ["retry-after": "Wed, 14 Jul 2026 03:33:40 GMT"], now: now) == 20)
  }

  @Test func checkingAModelHonoursItsConfiguredTimeouts() async throws {
    var slow = StubServer.Reply.json(#"{"choices":[{"message":{"content":"OK"},"finish_reason":"stop"}]}"#)
    slow.delayBeforeHead = 3
    let server = try StubServer([slow])
    let configuration = try ModelConfiguration.parse(
      """
      models:
        slow:
          provider: openai-compatible
          model: m
          base_url: \(server.baseURL.absoluteString)
          timeouts: {first_byte: 0.5}
      """, path: "c.yaml", environment: [:])
    let checks = await ModelCheck.run(configuration.models, store: nil, gate: RequestGate())
    #expect(checks.first?.reachable == false)
    #expect(checks.first?.detail.contains("sent no response within 0.5 s") == true)
  }

  @Test func timesOutASlowFirstByte() async throws {
    var slow = StubServer.Reply.events(Self.streamedAnswer)
    slow.delayBeforeHead = 3
    let server = try StubServer([slow])
    let model = openAI(server, timeouts: RequestTimeouts(connect: 5, firstByte: 0.5, total: 10))
    // The stub answers after 3 s: a timeout error (not an answer) shows the watchdog fired first.
    await #expect {
      _ = try await client(model, retry: .none).respond(to: ModelRequest(messages: [.user("hi")]))
    } throws: { error in
      (error as? ModelError)?.kind == .timeout && "\(error)".contains("sent no response within 0.5 s")
    }
  }

  @Test func stopsAnAnswerThatRunsPastTheWholeRequestLimit() async throws {
    let server = try StubServer([.events(Self.streamedAnswer, delay: 0.4)])
    let model = openAI(server, timeouts: RequestTimeouts(connect: 5, firstByte: 5, total: 1))
    await #expect {
      _ = try await client(model, retry: .none).respond(to: ModelRequest(messages: [.user("hi")]))
    } throws: { error in
      (error as? ModelError)?.kind == .timeout && "\(error)".contains("did not finish the answer within 1 s")
    }
  }

  @Test func timesOutAConnectionThatIsNeverAccepted() async throws {
    // A listener whose accept queue is full: the kernel drops further SYNs, so connecting hangs.
    let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(listener) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
        bind(listener, pointer, length)
        listen(listener, 0)
        return getsockname(listener, pointer, &length)
      }
    }
    var fillers: [Int32] = []
    defer { fillers.forEach { close($0) } }
    for _ in 0..<2 {
      let filler = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
      _ = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(filler, $0, length) }
      }
      fillers.append(filler)
    }
    let port = UInt16(bigEndian: address.sin_port)
    let model = OpenAICompatibleModel(
      name: "m", baseURL: URL(string: "http://127.0.0.1:\(port)/v1")!,
      timeouts: RequestTimeouts(connect: 0.5, firstByte: 30, total: 60))
    await #expect {
      _ = try await client(model, retry: .none).respond(to: ModelRequest(messages: [.user("hi")]))
    } throws: { error in
      (error as? ModelError)?.kind == .timeout && "\(error)".contains("could not connect to")
    }
  }

  @Test func aSlowAnswerAfterTheHeadersIsNotAConnectTimeout() async throws {
    var slow = StubServer.Reply.events(Self.streamedAnswer, delay: 0.4)
    slow.delayBeforeHead = 1.6
    let server = try StubServer([slow])
    let model = openAI(server, timeouts: RequestTimeouts(connect: 1, firstByte: 5, total: 10))
    #expect(
      try await client(model, retry: .none).respond(to: ModelRequest(messages: [.user("hi")])).text == "Fresh sourdough"
    )
  }

  @Test func refusesImagesForAModelThatCannotSeeBeforeSendingAnything() async throws {
    let server = try StubServer([.events(Self.streamedAnswer)])
    let image = ImageAttachment(data: Data([0x89, 0x50, 0x4E, 0x47, 1, 2, 3]), mediaType: "image/png")
    await #expect {
      _ = try await client(openAI(server)).respond(to: ModelRequest(messages: [.user("look", images: [image])]))
    } throws: { error in
      (error as? ModelError)?.kind == .unsupported && "\(error)".contains("cannot see images")
    }
    #expect(server.requests.isEmpty)

    let vision = try await client(openAI(server, capabilities: .vision)).respond(
      to: ModelRequest(messages: [.user("look", images: [image])]))
    #expect(vision.text == "Fresh sourdough")
    let parts = server.requests.first?.json?["messages"]?.arrayValue?.first?["content"]?.arrayValue
    #expect(parts?.last?["image_url"]?["url"]?.stringValue == image.dataURL)
  }

  @Test func answersAnIdenticalRequestFromTheLogAndLogsImagesByHash() async throws {
    let folder = try TemporaryFolder()
    let store = try folder.store()
    let server = try StubServer([.events(Self.streamedAnswer)])
    let image = ImageAttachment(data: Data([0xFF, 0xD8, 0xFF, 9, 9, 9]), mediaType: "image/jpeg")
    let request = ModelRequest(messages: [.user("same question", images: [image])], options: ModelOptions(seed: 1))
    let model = openAI(server, capabilities: .vision)
    let first = try await client(model, store: store).respond(to: request)
    let second = try await client(model, store: store).respond(to: request)
    #expect(!first.cached && second.cached)
    #expect(second.text == first.text && second.usage == first.usage)
    #expect(server.requests.count == 1)
    _ = try await client(model, store: store, cache: false).respond(to: request)
    #expect(server.requests.count == 2)
    var other = request
    other.options.temperature = 0.9
    _ = try await client(model, store: store).respond(to: other)
    #expect(server.requests.count == 3)

    let calls = try store.modelCalls()
    #expect(calls.map(\.status) == [.ok, .ok, .cached, .ok])
    #expect(calls[2].cachedFrom == calls[3].id)
    #expect(calls[0].messages.contains(image.sha256))
    #expect(!calls[0].messages.contains(image.data.base64EncodedString()))
    #expect(calls[3].prompt == "same question")
    let usage = try #require(try store.modelUsage().first)
    #expect(usage.calls == 4 && usage.cached == 1 && usage.inputTokens == 36 && usage.outputTokens == 9)
  }

  @Test func holdsConcurrencyToTheGatesCap() async throws {
    let server = try StubServer([.events(Self.streamedAnswer, delay: 0.05)])
    let gate = RequestGate(limits: .init(concurrency: 2))
    let client = client(openAI(server), gate: gate, cache: false)
    try await withThrowingTaskGroup(of: String.self) { group in
      for index in 0..<6 {
        group.addTask { try await client.respond(to: ModelRequest(messages: [.user("post \(index)")])).text }
      }
      for try await text in group { #expect(text == "Fresh sourdough") }
    }
    #expect(server.requests.count == 6)
    #expect(server.peakConcurrency <= 2)
    #expect(await gate.active == 0)
  }

  @Test func spacesRequestsToTheRateLimit() async throws {
    let server = try StubServer([.events(Self.streamedAnswer)])
    let gate = RequestGate(limits: .init(concurrency: 4, requestsPerMinute: 2), window: 0.6)
    let client = client(openAI(server), gate: gate, cache: false)
    let start = Date()
    for index in 0..<3 { _ = try await client.respond(to: ModelRequest(messages: [.user("\(index)")])) }
    #expect(Date().timeIntervalSince(start) >= 0.55, "the third request did not wait for the window")
  }

  @Test func cancellingStopsTheRequestAndLogsIt() async throws {
    let server = try StubServer([.events(Self.streamedAnswer, delay: 1)])
    let folder = try TemporaryFolder()
    let store = try folder.store()
    let client = client(openAI(server), store: store)
    let task = Task { try await client.respond(to: ModelRequest(messages: [.user("long")])) }
    try await Task.sleep(nanoseconds: 300_000_000)
    task.cancel()
    await #expect(throws: CancellationError.self) { _ = try await task.value }
    #expect(try store.modelCalls().first?.status == .cancelled)
  }

  @Test func repairsAnInvalidStructuredAnswerOnce() async throws {
    let schema = ResponseSchema(
      name: "tags",
      schema: [
        "type": "object", "required": ["tags"], "additionalProperties": false,
        "properties": ["tags": ["type": "array", "items": ["type": "string"], "maxItems": 3]],
      ])
    func answer(_ content: String) -> StubServer.Reply {
      let body: JSONValue = ["choices": [["message": ["content": .string(content)], "finish_reason": "stop"]]]
      return .json(body.jsonText)
    }
    let server = try StubServer([answer("{\"tags\": [1]}"), answer("```json\n{\"tags\": [\"#bread\"]}\n```")])
    let request = ModelRequest(messages: [.user("tags?")], options: ModelOptions(schema: schema), stream: false)
    let (value, _) = try await client(openAI(server, capabilities: .jsonSchema)).respondJSON(to: request)
    #expect(value == ["tags": ["#bread"]])
    #expect(server.requests.first?.json?["response_format"]?["json_schema"]?["name"] == "tags")
    let repair = server.requests.last?.json?["messages"]?.arrayValue?.last?["content"]?.stringValue ?? ""
    #expect(repair.contains("$.tags[0]: expected string, found a number"))

    let stubborn = try StubServer([answer("not json at all")])
    await #expect {
      _ = try await client(openAI(stubborn)).respondJSON(to: request)
    } throws: { error in
      (error as? ModelError)?.kind == .invalidStructuredOutput
    }
    #expect(stubborn.requests.count == 2)
    // Without server-side schemas the schema travels as an instruction.
    #expect(stubborn.requests.first?.json?["response_format"] == nil)
    #expect(stubborn.requests.first?.json?.jsonText.contains("validate against this JSON schema") == true)
  }

  @Test func readsRetryAfterAsSecondsOrAnHTTPDate() {
    let now = Date(timeIntervalSince1970: 1_784_000_000)
    #expect(RetryPolicy.retryAfter("7", now: now) == 7)
    let date = "Wed, 14 Jul 2026 03:33:40 GMT"  // 20 s after `now`
    #expect(RetryPolicy.retryAfter(date, now: now) == 20)
    #expect(RetryPolicy.retryAfter("soon", now: now) == nil)
    let policy = RetryPolicy(maxAttempts: 3, baseDelay: 1, maxDelay: 10)
    let server = ModelError(.server, "down")
    #expect(policy.delay(after: server, attempt: 1, random: 1) == 1)
    #expect(policy.delay(after: server, attempt: 2, random: 0) == 1)
    #expect(policy.delay(after: server, attempt: 3) == nil)
    #expect(policy.delay(after: ModelError(.badRequest, "no"), attempt: 1) == nil)
    #expect(policy.delay(after: ModelError(.rateLimited, "wait", retryAfter: 500), attempt: 1) == nil)
  }
}

/// Text pieces collected from a `@Sendable` event callback.
final class Pieces: @unchecked Sendable {
  private let lock = NSLock()
  private var pieces: [String] = []
  func append(_ piece: String) { lock.withLock { pieces.append(piece) } }
  var all: [String] { lock.withLock { pieces } }
}

/// The waits a client asked its clock for, in seconds, in order: a test's clock that never sleeps.
final class Waits: @unchecked Sendable {
  private let lock = NSLock()
  private var waits: [Double] = []
  func append(_ seconds: Double) { lock.withLock { waits.append(seconds) } }
  var all: [Double] { lock.withLock { waits } }
}
