import Foundation

/// A folder of its own for one test's store and configuration, and `creator` run in it with an environment
/// the test controls: no model or key from the developer's shell leaks in. The folder goes when the sandbox
/// does.
final class Sandbox: Sendable {
  let folder = FileManager.default.temporaryDirectory.appendingPathComponent("creator-cli-\(UUID().uuidString)")

  deinit { try? FileManager.default.removeItem(at: folder) }

  var database: String { folder.appendingPathComponent("store.sqlite").path }

  /// A process ready to run `creator arguments`; `config` becomes the configuration file.
  func process(_ arguments: [String], environment: [String: String] = [:], config: String? = nil) throws -> Process {
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let configPath = folder.appendingPathComponent("config.yaml")
    if let config { try config.write(to: configPath, atomically: true, encoding: .utf8) }
    let process = Process()
    process.executableURL = CreatorCLITests.binary
    process.arguments = arguments
    var base = ProcessInfo.processInfo.environment
    for name in [
      "CREATOR_MODEL", "OPENAI_API_KEY", "OPENAI_BASE_URL", "ANTHROPIC_API_KEY", "OLLAMA_HOST", "XDG_CONFIG_HOME",
    ] {
      base[name] = nil
    }
    base["CREATOR_DATABASE"] = database
    base["CREATOR_CONFIG"] = configPath.path
    base["XDG_CONFIG_HOME"] = folder.appendingPathComponent("config-home").path
    process.environment = base.merging(environment) { $1 }
    return process
  }

  /// Runs `creator arguments` to the end.
  func run(_ arguments: [String], environment: [String: String] = [:], config: String? = nil) throws
    -> CreatorCLITests.Result
  {
    try Self.collect(try process(arguments, environment: environment, config: config))
  }

  /// Runs `process` to the end and returns its status and output.
  static func collect(_ process: Process) throws -> CreatorCLITests.Result {
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return CreatorCLITests.Result(
      status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
      stderr: String(decoding: stderr, as: UTF8.self))
  }
}

/// The scripted model server in scripts/stub-model-server.py, on a free loopback port, for as long as the
/// value lives. Nil when python3 is missing.
final class ScriptedModelServer {
  let process = Process()
  let port: String
  let log: URL

  init?(delay: Double, folder: URL) {
    let script = CreatorCLITests.root.appendingPathComponent("scripts/stub-model-server.py")
    log = folder.appendingPathComponent("requests.log")
    try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", script.path, "--delay", "\(delay)", "--log", log.path]
    let out = Pipe()
    process.standardOutput = out
    process.standardError = FileHandle.nullDevice
    guard (try? process.run()) != nil else { return nil }
    port = String(decoding: out.fileHandleForReading.availableData, as: UTF8.self)
      .trimmingCharacters(in: .whitespacesAndNewlines)
    guard !port.isEmpty else { return nil }
  }

  deinit { process.stop() }

  var baseURL: String { "http://127.0.0.1:\(port)/v1" }

  /// The last user message of every request so far.
  var prompts: [String] {
    ((try? String(contentsOf: log, encoding: .utf8)) ?? "").split(separator: "\n").compactMap { line in
      (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["prompt"] as? String
    }
  }
}

extension Process {
  /// Stops a helper process for good. `terminate()` sends SIGTERM, which children started from the test
  /// runner's threads inherit blocked, so helper servers outlived the tests; SIGKILL cannot be blocked.
  func stop() {
    guard isRunning else { return }
    kill(processIdentifier, SIGKILL)
    waitUntilExit()
  }
}
