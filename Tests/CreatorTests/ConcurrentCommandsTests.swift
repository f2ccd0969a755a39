import Foundation
import Synchronization
import Testing

/// Ten `creator import` processes of ten accounts and five `creator report` processes on one store at the same
/// time, on each engine: every process succeeds (no "database is locked", no deadlock), the reports read
/// exactly what they read alone, and the store ends up with the rows ten imports one after another store.
@Suite struct ConcurrentCommandsTests {
  let sandbox = Sandbox()

  static let exports = [
    "instagram/bakerbee_20261120.zip", "instagram/brotzeit_20220315", "instagram/tacotruck_20240610",
    "threads/spoolbaker_20251101", "tiktok/oventhyme-2024-11-01", "x/twitter-2025-03-01-aa11bb",
    "youtube/takeout-2024", "linkedin/Basic_LinkedInDataExport_11-20-2026",
    "facebook/facebook-adabaker-2025-06-01-Mem", "instagram/followers/crumbly_20261120",
  ].map { CreatorCLITests.fixtures.appendingPathComponent($0).path }
  static let demo = CreatorCLITests.fixtures.appendingPathComponent(
    "business-suite/demo-bakery-Jun-29-2026_Nov-22-2026.csv"
  ).path
  static let report = [
    "report", "--account", "demo.bakery", "--week", "2026-W47", "--timezone", "Europe/Berlin", "--format", "json",
  ]

  /// The engines to run on: a SQLite file always; a database of its own on the test cluster when there is one.
  static var engines: [String] {
    #if Postgres
      if let url = ProcessInfo.processInfo.environment["CREATOR_TEST_POSTGRES_URL"], !url.isEmpty {
        return ["sqlite", "postgres"]
      }
    #endif
    return ["sqlite"]
  }

  @Test(arguments: engines) func tenImportersAndFiveReportersAtOnce(_ engine: String) throws {
    let (together, apart) = try stores(engine)
    let first = try sandbox.run(["import", Self.demo, "--timezone", "Europe/Berlin", "--database", together.url])
    #expect(first.status == 0, "\(first.stderr)")
    let alone = try sandbox.run(Self.report + ["--database", together.url])
    #expect(alone.status == 0 && alone.stdout.contains("\"demo.bakery\""), "\(alone.stderr)")

    // The follower export names no account: it is given one of its own, so the reports' account is untouched.
    let imports = Self.exports.map { ["import", $0] + ($0.contains("followers") ? ["--account", "crumbly"] : []) }
    let commands =
      imports.map { $0 + ["--database", together.url] }
      + Array(repeating: Self.report + ["--database", together.url], count: 5)
    let processes = try commands.map { try sandbox.process($0) }
    let results = Mutex<[Int: CreatorCLITests.Result]>([:])
    let group = DispatchGroup()
    for (index, process) in processes.enumerated() {
      // One thread each (GCD adds threads for blocking work), so all fifteen run at once.
      DispatchQueue.global().async(group: group) {
        let result =
          (try? Sandbox.collect(process))
          ?? CreatorCLITests.Result(status: -1, stdout: "", stderr: "could not start")
        results.withLock { $0[index] = result }
      }
    }
    #expect(group.wait(timeout: .now() + 300) == .success, "the commands did not finish in 5 minutes")
    let finished = results.withLock { $0 }
    for (index, command) in commands.enumerated() {
      let result = finished[index]
      #expect(result?.status == 0, "\(command): \(result?.stderr ?? "did not finish")")
      #expect(result?.stderr.contains("locked") == false && result?.stderr.contains("deadlock") == false)
      if command.first == "report" { #expect(result?.stdout == alone.stdout, "a report read during the imports") }
    }

    // The same imports one after another into a second store: the same accounts and posts.
    #expect(try sandbox.run(["import", Self.demo, "--timezone", "Europe/Berlin", "--database", apart.url]).status == 0)
    for command in imports { #expect(try sandbox.run(command + ["--database", apart.url]).status == 0) }
    for listing in [["accounts"], ["posts", "--format", "json"]] {
      let concurrent = try sandbox.run(listing + ["--database", together.url])
      #expect(concurrent.status == 0 && concurrent.stdout.count > 1000, "\(listing): \(concurrent.stderr)")
      #expect(concurrent.stdout == (try sandbox.run(listing + ["--database", apart.url])).stdout, "\(listing)")
    }
  }

  /// Two empty stores on `engine`, each with what keeps it alive.
  private func stores(_ engine: String) throws -> (TestDatabase, TestDatabase) {
    (try TestDatabase(engine, in: sandbox.folder), try TestDatabase(engine, in: sandbox.folder))
  }
}

/// An empty store for a command-line test: a SQLite file in the sandbox, or a database of its own on the
/// test cluster, made and dropped with psql.
final class TestDatabase {
  let url: String
  private let admin: String?
  private let name: String

  init(_ engine: String, in folder: URL) throws {
    name = "creator_cc_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(10).lowercased()
    guard engine == "postgres", let server = ProcessInfo.processInfo.environment["CREATOR_TEST_POSTGRES_URL"] else {
      admin = nil
      url = folder.appendingPathComponent(name + ".sqlite").path
      return
    }
    admin = server
    var parts = try #require(URLComponents(string: server))
    parts.path = "/" + name
    url = try #require(parts.string)
    try psql("CREATE DATABASE \(name)")
  }

  deinit { if admin != nil { try? psql("DROP DATABASE IF EXISTS \(name) WITH (FORCE)") } }

  private func psql(_ sql: String) throws {
    guard let admin else { return }
    try Self.psql(sql, as: admin)
  }

  /// Runs `sql` with psql as the cluster's test role (`admin`, a URL).
  static func psql(_ sql: String, as admin: String) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
    process.arguments = [admin, "-q", "-v", "ON_ERROR_STOP=1", "-c", sql]
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
  }
}
