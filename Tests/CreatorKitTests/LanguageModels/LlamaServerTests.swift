import Foundation
import Testing

@testable import CreatorKit

/// The real llama.cpp server (llama-cpp-python with the tiny stories260K model), started by `scripts/test`
/// through ../shared/llm/serve.sh. The model writes nonsense: these tests check the protocol, not the words.
@Suite(
  .serialized,
  .enabled(
    if: LlamaServer.baseURL != nil,
    "LLM_BASE_URL is not set: scripts/test starts ../shared/llm/serve.sh (needs python3 and PyPI) and sets it"))
struct LlamaServerTests {
  func client(store: PostStore? = nil, cache: Bool = false) throws -> ModelClient {
    let model = OpenAICompatibleModel(
      name: "stories260K", baseURL: try #require(LlamaServer.baseURL), capabilities: .jsonSchema,
      schemaStyle: .jsonObject)
    return ModelClient(model: model, store: store, gate: RequestGate(), usesCache: cache)
  }

  @Test func streamsAnAnswerAndLogsIt() async throws {
    try await LlamaServerTurn.take {
      let folder = try TemporaryFolder()
      let store = try folder.store()
      let pieces = Pieces()
      let response = try await client(store: store).respond(
        to: ModelRequest(messages: [.user("Once upon a time")], options: ModelOptions(temperature: 0, maxTokens: 24))
      ) { event in
        if case .text(let text) = event { pieces.append(text) }
      }
      #expect(!response.text.isEmpty)
      #expect(pieces.all.count > 1, "the answer arrived in one piece, not streamed")
      #expect(pieces.all.joined() == response.text)
      #expect(response.finishReason == .stop || response.finishReason == .length)
      let call = try #require(try store.modelCalls().first)
      #expect(call.status == .ok && call.streamed && call.response == response.text)
    }
  }

  @Test func answersWithoutStreamingAndCountsTokens() async throws {
    try await LlamaServerTurn.take {
      let response = try await client().respond(
        to: ModelRequest(
          messages: [.user("The little dog")], options: ModelOptions(temperature: 0, maxTokens: 5), stream: false))
      #expect(!response.text.isEmpty)
      let input = try #require(response.usage.input)
      let output = try #require(response.usage.output)
      #expect(input > 0)
      #expect((1...5).contains(output))
      #expect(response.finishReason == .length)
    }
  }

  @Test func followsASchemaThroughTheServersGrammar() async throws {
    try await LlamaServerTurn.take {
      let schema = ResponseSchema(
        name: "mood",
        schema: [
          "type": "object", "required": ["mood"],
          "properties": ["mood": ["type": "string", "enum": ["happy", "sad", "calm"]]],
        ])
      let (value, _) = try await client().respondJSON(
        to: ModelRequest(
          messages: [.user("How does the cat feel?")],
          options: ModelOptions(temperature: 0, maxTokens: 40, schema: schema),
          stream: false))
      #expect(["happy", "sad", "calm"].contains(value["mood"]?.stringValue ?? ""))
    }
  }

  @Test func saysWhenTheBaseURLIsWrong() async throws {
    try await LlamaServerTurn.take {
      let root = try #require(LlamaServer.baseURL).deletingLastPathComponent()
      let model = OpenAICompatibleModel(name: "stories260K", baseURL: root.appendingPathComponent("v9"))
      await #expect {
        _ = try await ModelClient(model: model, store: nil, gate: RequestGate(), retry: .none)
          .respond(to: ModelRequest(messages: [.user("hi")], options: ModelOptions(maxTokens: 2)))
      } throws: { error in
        (error as? ModelError)?.kind == .notFound && "\(error)".contains("base URL")
      }
    }
  }

  @Test func checksAConfiguredModel() async throws {
    try await LlamaServerTurn.take {
      let environment = ["OPENAI_BASE_URL": try #require(LlamaServer.baseURL).absoluteString]
      let configuration = ModelConfiguration(environment: environment)
      let spec = try configuration.resolve("stories260K")
      #expect(spec.preset.name == "openai-compatible")
      let checks = await ModelCheck.run([spec], store: nil, gate: RequestGate())
      #expect(checks.first?.reachable == true)
    }
  }
}

enum LlamaServer {
  static var baseURL: URL? {
    ProcessInfo.processInfo.environment["LLM_BASE_URL"].flatMap { $0.isEmpty ? nil : URL(string: $0) }
  }
}

/// The llama-cpp-python server ends a running stream when another request arrives, so tests that use it
/// take turns, across test targets too, through a lock file. The lock is polled, never waited on, so no
/// task blocks a cooperative thread.
enum LlamaServerTurn {
  static func take<T>(_ body: () async throws -> T) async throws -> T {
    let descriptor = open(NSTemporaryDirectory() + "/creatorkit-llm-tests.lock", O_CREAT | O_RDWR, 0o600)
    defer { close(descriptor) }
    while flock(descriptor, LOCK_EX | LOCK_NB) != 0 { try await Task.sleep(nanoseconds: 20_000_000) }
    defer { flock(descriptor, LOCK_UN) }
    return try await body()
  }
}
