import Foundation
import Testing

@testable import CreatorKit

/// Anthropic's Messages API against a loopback server that plays its documented event sequence.
@Suite struct AnthropicModelTests {
  static let key = APIKey("sk-ant-test-abcdefghijkl")!

  static func event(_ name: String, _ data: String) -> String { "event: \(name)\ndata: \(data)\n\n" }

  static let documentedSequence: [String] = [
    event(
      "message_start",
      #"{"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","content":[],"model":"claude-test","stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":25,"output_tokens":1}}}"#
    ),
    event(
      "content_block_start",
      #"{"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":""}}"#),
    event(
      "content_block_delta",
      #"{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Short and warm."}}"#),
    event(
      "content_block_delta",
      #"{"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"abc"}}"#),
    event("content_block_stop", #"{"type":"content_block_stop","index":0}"#),
    event(
      "content_block_start", #"{"type":"content_block_start","index":1,"content_block":{"type":"text","text":""}}"#),
    event("ping", #"{"type": "ping"}"#),
    event(
      "content_block_delta", #"{"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"Hello"}}"#),
    event("content_block_delta", #"{"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"!"}}"#),
    event("content_block_stop", #"{"type":"content_block_stop","index":1}"#),
    event(
      "message_delta",
      #"{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":15}}"#),
    event("message_stop", #"{"type":"message_stop"}"#),
  ]

  func model(_ server: StubServer) -> AnthropicModel {
    AnthropicModel(name: "claude-test", baseURL: server.root, key: Self.key)
  }

  @Test func streamsTheDocumentedEventSequence() async throws {
    let server = try StubServer([.events(Self.documentedSequence)])
    let image = ImageAttachment(data: Data([0x89, 0x50, 0x4E, 0x47, 0]), mediaType: "image/png")
    let request = ModelRequest(
      messages: [.system("You write captions."), .user("Caption this", images: [image])],
      options: ModelOptions(temperature: 0.5, maxTokens: 300, thinkingBudget: 2000))
    let response = try await ModelClient(model: model(server), store: nil, gate: RequestGate()).respond(to: request)
    #expect(response.text == "Hello!")
    #expect(response.reasoning == "Short and warm.")
    #expect(response.usage == TokenUsage(input: 25, output: 15))
    #expect(response.finishReason == .stop)

    let sent = try #require(server.requests.first)
    #expect(sent.path == "/v1/messages")
    #expect(sent.headers["x-api-key"] == Self.key.secret)
    #expect(sent.headers["anthropic-version"] == AnthropicModel.apiVersion)
    let body = try #require(sent.json)
    #expect(body["system"] == "You write captions.")
    #expect(body["messages"]?.arrayValue?.count == 1)
    let blocks = body["messages"]?.arrayValue?.first?["content"]?.arrayValue
    #expect(blocks?.last?["source"]?["media_type"] == "image/png")
    #expect(blocks?.last?["source"]?["data"]?.stringValue == image.data.base64EncodedString())
    #expect(body["thinking"]?["budget_tokens"] == 2000)
    #expect(body["max_tokens"] == 2300, "the thinking budget counts against max_tokens")
    #expect(body["temperature"] == nil, "temperature cannot go with thinking")
  }

  @Test func takesStructuredOutputThroughAForcedToolCall() async throws {
    let server = try StubServer([
      .events([
        Self.documentedSequence[0],
        Self.event(
          "content_block_start",
          #"{"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"t1","name":"tags","input":{}}}"#
        ),
        Self.event(
          "content_block_delta",
          ##"{"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{\"tags\": [\"#ry"}}"##
        ),
        Self.event(
          "content_block_delta",
          #"{"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"e\"]}"}}"#),
        Self.event(
          "message_delta", #"{"type":"message_delta","delta":{"stop_reason":"tool_use"},"usage":{"output_tokens":9}}"#),
        Self.event("message_stop", #"{"type":"message_stop"}"#),
      ])
    ])
    let schema = ResponseSchema(
      name: "tags", schema: ["type": "object", "properties": ["tags": ["type": "array", "items": ["type": "string"]]]])
    let (value, response) = try await ModelClient(model: model(server), store: nil, gate: RequestGate())
      .respondJSON(to: ModelRequest(messages: [.user("tags")], options: ModelOptions(schema: schema)))
    #expect(value == ["tags": ["#rye"]])
    #expect(response.finishReason == .stop)
    let body = try #require(server.requests.first?.json)
    #expect(body["tools"]?.arrayValue?.first?["name"] == "tags")
    #expect(body["tool_choice"] == ["type": "tool", "name": "tags"])
    #expect(body["max_tokens"] == .int(Int64(AnthropicModel.defaultMaxTokens)))
  }

  /// Like Anthropic: thinking with a forced tool (`any` or a named tool) is a 400; otherwise the model thinks,
  /// says a word, and calls the tool, or (second request on) answers in text only.
  static func thinkingServer() throws -> StubServer {
    try StubServer { request, index in
      let choice = request.json?["tool_choice"]?["type"]?.stringValue
      if request.json?["thinking"] != nil, choice == "any" || choice == "tool" {
        return .json(
          #"{"type":"error","error":{"type":"invalid_request_error","message":"Thinking may not be enabled when tool_choice forces tool use."}}"#,
          status: 400)
      }
      let thinking = [
        event(
          "content_block_start",
          #"{"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":""}}"#),
        event(
          "content_block_delta",
          #"{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Rye fits."}}"#),
        event(
          "content_block_start", #"{"type":"content_block_start","index":1,"content_block":{"type":"text","text":""}}"#),
      ]
      let tool = [
        event(
          "content_block_delta",
          #"{"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"Here you go {as asked}."}}"#),
        event(
          "content_block_start",
          #"{"type":"content_block_start","index":2,"content_block":{"type":"tool_use","id":"t1","name":"tags","input":{}}}"#
        ),
        event(
          "content_block_delta",
          ##"{"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"{\"tags\": [\"#rye\"]}"}}"##
        ),
        event("message_delta", #"{"type":"message_delta","delta":{"stop_reason":"tool_use"}}"#),
      ]
      let prose = [
        event(
          "content_block_delta",
          ##"{"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"{\"tags\": [\"#crumb\"]}"}}"##
        ),
        event("message_delta", #"{"type":"message_delta","delta":{"stop_reason":"end_turn"}}"#),
      ]
      return .events(
        [documentedSequence[0]] + thinking + (index == 0 ? tool : prose) + [
          event("message_stop", #"{"type":"message_stop"}"#)
        ])
    }
  }

  @Test func withThinkingOffersTheToolInsteadOfForcingItAndValidatesTheAnswer() async throws {
    let server = try Self.thinkingServer()
    let schema = ResponseSchema(
      name: "tags",
      schema: [
        "type": "object", "required": ["tags"],
        "properties": ["tags": ["type": "array", "items": ["type": "string"]]],
      ])
    let client = ModelClient(model: model(server), store: nil, gate: RequestGate(), usesCache: false)
    let request = ModelRequest(
      messages: [.system("Tags only."), .user("tags")], options: ModelOptions(thinkingBudget: 1024, schema: schema))
    let (called, response) = try await client.respondJSON(to: request)
    #expect(called == ["tags": ["#rye"]])
    #expect(response.text == ##"{"tags": ["#rye"]}"##, "the prose beside the tool call was kept")
    #expect(response.reasoning == "Rye fits.")
    let body = try #require(server.requests.first?.json)
    #expect(body["tool_choice"] == ["type": "auto"])
    #expect(body["thinking"]?["budget_tokens"] == 1024)
    #expect(body["system"]?.stringValue?.contains("calling the tool 'tags'") == true)
    // A model that answers in text instead of calling the tool is read and checked the same way.
    let (written, _) = try await client.respondJSON(to: request)
    #expect(written == ["tags": ["#crumb"]])
    #expect(server.requests.count == 2)
  }

  @Test func retriesAnOverloadedErrorEventAndReadsAJSONBodyWhereAStreamWasAskedFor() async throws {
    let overloaded = StubServer.Reply.events([
      Self.documentedSequence[0],
      Self.event("error", #"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#),
    ])
    let server = try StubServer([
      overloaded,
      .json(
        #"{"id":"m","type":"message","role":"assistant","content":[{"type":"text","text":"Hi"}],"stop_reason":"max_tokens","usage":{"input_tokens":3,"output_tokens":1}}"#
      ),
    ])
    let client = ModelClient(
      model: model(server), store: nil, gate: RequestGate(), retry: RetryPolicy(baseDelay: 0.01))
    let first = try await client.respond(to: ModelRequest(messages: [.user("hi")]))
    #expect(first.attempts == 2 && first.text == "Hi" && first.finishReason == .length)
    #expect(first.usage == TokenUsage(input: 3, output: 1))
  }

  @Test func aStreamWithoutMessageStopIsInterrupted() async throws {
    let server = try StubServer([.events(Array(Self.documentedSequence.prefix(8)))])
    await #expect {
      _ = try await ModelClient(model: model(server), store: nil, gate: RequestGate(), retry: .none)
        .respond(to: ModelRequest(messages: [.user("hi")]))
    } throws: { error in
      (error as? ModelError)?.kind == .interrupted
    }
  }

  @Test func honoursAnthropicBaseURL() async throws {
    let server = try StubServer([.events(Self.documentedSequence)])
    let configuration = ModelConfiguration(
      environment: ["ANTHROPIC_BASE_URL": server.root.absoluteString, "ANTHROPIC_API_KEY": Self.key.secret])
    let client = try await configuration.client(model: "anthropic:claude-test", store: nil, gate: RequestGate())
    #expect(try await client.respond(to: ModelRequest(messages: [.user("hi")])).text == "Hello!")
    #expect(server.requests.first?.path == "/v1/messages")
  }

  @Test func asksForAKeyBeforeSending() async throws {
    let server = try StubServer([.events(Self.documentedSequence)])
    let keyless = AnthropicModel(name: "claude-test", baseURL: server.root, key: nil)
    await #expect {
      _ = try await ModelClient(model: keyless, store: nil, gate: RequestGate(), retry: .none)
        .respond(to: ModelRequest(messages: [.user("hi")]))
    } throws: { error in
      "\(error)".contains("ANTHROPIC_API_KEY")
    }
    #expect(server.requests.isEmpty)
  }
}
