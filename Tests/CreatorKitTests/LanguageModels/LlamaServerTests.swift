import CreatorTestSupport
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

  /// The captions schema's shape: a grammar with `maxLength: 4000` killed the server (see `grammarBoundLimit`).
  static let captionsSchema = ResponseSchema(
    name: "captions",
    schema: [
      "type": "object", "required": ["captions"],
      "properties": [
        "captions": [
          "type": "array", "minItems": 2, "maxItems": 2,
          "items": [
            "type": "object", "required": ["text"], "properties": ["text": ["type": "string", "maxLength": 4000]],
          ],
        ]
      ],
    ])

  @Test func theLlamacppPresetSendsSchemasTheServersGrammarCanTake() async throws {
    try await LlamaServerTurn.take {
      let base = try #require(LlamaServer.baseURL).absoluteString
      let configuration = try ModelConfiguration.parse(
        "models:\n  local:\n    provider: llamacpp\n    model: stories260K\n    base_url: \(base)\n", path: "c.yaml",
        environment: [:])
      let model = try configuration.resolve("local").makeModel()
      let client = ModelClient(model: model, store: nil, gate: RequestGate(), retry: .none, usesCache: false)
      let request = ModelRequest(
        messages: [.user("Two captions")],
        options: ModelOptions(temperature: 0, maxTokens: 12, schema: Self.captionsSchema),
        stream: false)
      let response = try await client.respond(to: request)
      #expect(response.text.hasPrefix("{"), "the answer did not follow the grammar")
      // The server is still up.
      #expect(try await client.respond(to: request).text == response.text)
    }
  }

  @Test func saysTheServerClosedTheConnectionWhenItDiesMidRequest() async throws {
    // A server of its own: this one is meant to die.
    let server = try #require(LlamaServerProcess.start())
    defer { server.stop() }
    let model = OpenAICompatibleModel(
      name: "stories260K", baseURL: server.baseURL, capabilities: .jsonSchema, schemaStyle: .jsonObject,
      grammarBound: false)
    let client = ModelClient(model: model, store: nil, gate: RequestGate(), usesCache: false)
    await #expect {
      _ = try await client.respond(
        to: ModelRequest(
          messages: [.user("Two captions")], options: ModelOptions(maxTokens: 12, schema: Self.captionsSchema),
          stream: false))
    } throws: { error in
      (error as? ModelError)?.kind == .serverClosed
        && "\(error)".contains("the server closed the connection: it may have crashed; see its log")
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

/// A llama.cpp server of a test's own, from ../shared/llm/serve.sh on a free loopback port.
struct LlamaServerProcess {
  static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
    "../../../../shared/llm/serve.sh"
  ).standardizedFileURL

  var baseURL: URL
  var pid: String

  static func start() -> LlamaServerProcess? {
    let probe = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
        bind(probe, pointer, length)
        return getsockname(probe, pointer, &length)
      }
    }
    close(probe)
    let output = run([script.path, "\(UInt16(bigEndian: address.sin_port))"])
    var values: [String: String] = [:]
    for line in output.split(separator: "\n") {
      let parts = line.split(separator: "=", maxSplits: 1)
      if parts.count == 2 { values[String(parts[0])] = String(parts[1]) }
    }
    guard let base = values["LLM_BASE_URL"].flatMap(URL.init(string:)), let pid = values["LLM_SERVER_PID"] else {
      return nil
    }
    return LlamaServerProcess(baseURL: base, pid: pid)
  }

  func stop() { _ = Self.run([Self.script.path, "stop", pid]) }

  /// Runs the script through `system`, its output to a file: the server it leaves running would keep a pipe
  /// open, and Foundation's `Process` did not see the script end when waited for from a test task.
  private static func run(_ arguments: [String]) -> String {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("serve-\(UUID().uuidString).out")
    defer { try? FileManager.default.removeItem(at: file) }
    let quoted = (arguments + [">", file.path]).map { $0 == ">" ? $0 : "'\($0)'" }.joined(separator: " ")
    guard system("bash " + quoted + " 2>/dev/null") == 0 else { return "" }
    return (try? String(contentsOf: file, encoding: .utf8)) ?? ""
  }
}

enum LlamaServer {
  static var baseURL: URL? {
    ProcessInfo.processInfo.environment["LLM_BASE_URL"].flatMap { $0.isEmpty ? nil : URL(string: $0) }
  }
}
