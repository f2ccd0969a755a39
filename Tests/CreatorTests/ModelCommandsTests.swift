import CreatorTestSupport
import Foundation
import Testing

/// `creator models`, `ask` and `logs` run as a user runs them, with the environment under the test's control.
@Suite struct ModelCommandsTests {
  let sandbox = Sandbox()
  var folder: URL { sandbox.folder }
  static let key = "sk-proj-SECRET0123456789wxyz"
  static let instagram = CreatorCLITests.fixtures.appendingPathComponent("instagram/bakerbee_20261120.zip").path

  func run(_ arguments: [String], environment: [String: String] = [:], config: String? = nil) throws
    -> CreatorCLITests.Result
  {
    try sandbox.run(arguments, environment: environment, config: config)
  }

  @Test func listsModelsWithMaskedKeysAndNeverTheKey() throws {
    let config = """
      default: writer
      models:
        writer:
          provider: openai
          model: gpt-4o-mini
        local:
          provider: ollama
          model: llama3.2
      """
    let result = try run(["models"], environment: ["OPENAI_API_KEY": Self.key], config: config)
    #expect(result.status == 0)
    #expect(result.stdout.contains("sk-...wxyz from OPENAI_API_KEY"))
    #expect(result.stdout.contains("none needed"))
    #expect(!result.stdout.contains(Self.key) && !result.stderr.contains(Self.key))
    let json = try run(["models", "--format", "json"], config: config)
    let parsed = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]]
    #expect(parsed?.count == 2)
    #expect(parsed?.first { $0["name"] as? String == "writer" }?["key"] as? String == "missing: set OPENAI_API_KEY")
  }

  @Test func explainsAMissingModelAndABrokenConfiguration() throws {
    let none = try run(["ask", "hello"])
    #expect(none.status == 78)
    #expect(none.stderr.contains("no model is configured") && none.stderr.contains("CREATOR_MODEL"))
    let broken = try run(["models"], config: "models:\n  a:\n    provider: llamacpp\n    model: x\n    colour: red\n")
    #expect(broken.status == 78)
    #expect(broken.stderr.contains("config.yaml (line 5): models.a.colour: unknown key"))
    #expect(broken.stderr.split(separator: "\n").count == 1)
  }

  @Test func reportsAServerThatIsDownOnOneLine() throws {
    #expect(try run(["import", Self.instagram]).status == 0)  // the store the failed call is logged in
    let result = try run(
      ["ask", "hello", "--model", "openai-compatible:x"],
      environment: ["OPENAI_BASE_URL": "http://127.0.0.1:9/v1", "OPENAI_API_KEY": Self.key],
      config: "retry: {attempts: 1}\n")
    #expect(result.status == 69)
    #expect(result.stderr.contains("cannot reach http://127.0.0.1:9/v1"))
    #expect(result.stderr.split(separator: "\n").count == 1)
    #expect(!result.stderr.contains(Self.key))
    let logs = try run(["logs", "--format", "json"])
    let rows = try JSONSerialization.jsonObject(with: Data(logs.stdout.utf8)) as? [[String: Any]]
    #expect(rows?.first?["status"] as? String == "error")
    #expect(!logs.stdout.contains(Self.key))
  }

  /// A server that sends the headers and one event, then goes quiet for a minute.
  static let stallingServer = """
    import socket, sys, time
    s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(4)
    print(s.getsockname()[1], flush=True)
    c, _ = s.accept(); c.recv(65536)
    c.sendall(b"HTTP/1.1 200 OK\\r\\nContent-Type: text/event-stream\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n")
    event = b'data: {"choices":[{"delta":{"content":"Once"}}]}\\n\\n'
    c.sendall(b"%x\\r\\n" % len(event) + event + b"\\r\\n")
    time.sleep(60)
    """

  /// A server that answers 503 once, then says the prompt is longer than the model's context.
  static let overflowingServer = """
    import socket
    s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(4)
    print(s.getsockname()[1], flush=True)
    replies = [(503, b'{"error":{"message":"loading"}}'),
               (400, b'{"error":{"message":"This model maximum context length is 2048 tokens"}}')]
    for status, body in replies:
        c, _ = s.accept(); c.recv(65536)
        c.sendall(b"HTTP/1.1 %d X\\r\\nContent-Type: application/json\\r\\nContent-Length: %d\\r\\n"
                  b"Connection: close\\r\\n\\r\\n%s" % (status, len(body), body))
        c.close()
    """

  @Test func aContextOverflowExitsLikeARequestErrorAndRetriesAreShown() throws {
    let server = Process()
    server.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    server.arguments = ["python3", "-c", Self.overflowingServer]
    let serverOut = Pipe()
    server.standardOutput = serverOut
    try server.run()
    defer { server.stop() }
    let port = String(decoding: serverOut.fileHandleForReading.availableData, as: UTF8.self)
      .trimmingCharacters(in: .whitespacesAndNewlines)
    #expect(try run(["import", Self.instagram]).status == 0)
    let result = try run(
      ["ask", "a very long prompt", "--model", "openai-compatible:x"],
      environment: ["OPENAI_BASE_URL": "http://127.0.0.1:\(port)/v1"],
      config: "retry: {attempts: 2, base_delay: 0.05}\n")
    #expect(result.status == 64)
    let lines = result.stderr.split(separator: "\n")
    #expect(lines.first?.contains("HTTP 503: loading); trying again in") == true)
    #expect(lines.first?.hasSuffix("(try 2 of 2)") == true)
    #expect(
      lines.last?.contains("does not fit model 'x'") == true && lines.last?.contains("shorten the prompt") == true)
  }

  @Test func ctrlCCancelsTheRequestAndLogsIt() async throws {
    let server = Process()
    server.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    server.arguments = ["python3", "-c", Self.stallingServer]
    let serverOut = Pipe()
    server.standardOutput = serverOut
    try server.run()
    defer { server.stop() }
    let port = String(decoding: serverOut.fileHandleForReading.availableData, as: UTF8.self)
      .trimmingCharacters(in: .whitespacesAndNewlines)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    // Calls are logged in a store that exists (asking never creates one).
    #expect(try run(["import", Self.instagram, "--database", folder.path + "/s.sqlite"]).status == 0)
    let process = Process()
    process.executableURL = CreatorCLITests.binary
    process.arguments = ["ask", "tell me a story", "--model", "tiny", "--database", folder.path + "/s.sqlite"]
    var environment = ProcessInfo.processInfo.environment
    environment["CREATOR_CONFIG"] = folder.path + "/none.yaml"
    process.environment = environment
    let models = "models:\n  tiny: {provider: llamacpp, model: tiny, base_url: 'http://127.0.0.1:\(port)/v1'}\n"
    try models.write(toFile: folder.path + "/none.yaml", atomically: true, encoding: .utf8)
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    // Wait for the first streamed word, then press Ctrl-C.
    let first = out.fileHandleForReading.availableData
    #expect(String(decoding: first, as: UTF8.self) == "Once")
    if process.isRunning { process.interrupt() }
    process.waitUntilExit()
    let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    #expect(process.terminationStatus == 130)
    #expect(stderr.contains("cancelled"))
    let logs = try run(["logs", "--format", "json", "--database", folder.path + "/s.sqlite"])
    let rows = try JSONSerialization.jsonObject(with: Data(logs.stdout.utf8)) as? [[String: Any]]
    #expect(rows?.first?["status"] as? String == "cancelled")
  }

  @Test(
    .enabled(
      if: ProcessInfo.processInfo.environment["LLM_BASE_URL"] != nil,
      "LLM_BASE_URL is not set: scripts/test starts ../shared/llm/serve.sh and sets it"))
  func asksTheRealServerAndLogsTheCall() async throws {
    try await LlamaServerTurn.take {
      let base = ProcessInfo.processInfo.environment["LLM_BASE_URL"]!
      let config = """
        models:
          tiny:
            provider: llamacpp
            model: stories260K
            base_url: \(base)
            options: {temperature: 0, max_tokens: 16}
        """
      #expect(try run(["import", Self.instagram]).status == 0)  // the store the calls are logged in
      let first = try run(["ask", "Once upon a time", "--model", "tiny"], config: config)
      #expect(first.status == 0)
      #expect(!first.stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
      #expect(first.stderr.contains("stories260K (openai-compatible)"))
      let second = try run(["ask", "Once upon a time", "--model", "tiny"], config: config)
      #expect(second.stdout == first.stdout)
      #expect(second.stderr.contains("answered from the log"))
      let usage = try run(["logs", "--usage"], config: config)
      #expect(usage.stdout.contains("stories260K") && usage.stdout.contains("local"))
      let logs = try run(["logs", "--search", "once upon", "--format", "json"])
      let rows = try JSONSerialization.jsonObject(with: Data(logs.stdout.utf8)) as? [[String: Any]]
      #expect(rows?.map { $0["status"] as? String } == ["cached", "ok"])
    }
  }
}
