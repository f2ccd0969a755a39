import Foundation
import Testing

@testable import CreatorKit

@Suite final class BatchRunnerTests {
  let folder = try! TemporaryFolder()
  private(set) var store: PostStore!
  let calendar = fixtures.appendingPathComponent("calendar/december.csv")

  init() {}

  /// Opens this test's store on `engine` with the demo bakery imported.
  func open(_ engine: TestEngine) throws {
    store = try engine.makeStore()
    try importInto(
      store, fixtures.appendingPathComponent("business-suite/demo-bakery-Jun-29-2026_Nov-22-2026.csv"),
      timeZone: "Europe/Stockholm")
  }

  func session(_ client: ModelClient? = nil) throws -> DraftingSession {
    DraftingSession(
      store: store, rules: try PlatformRules.parse(DraftingResources.platformRules, source: "bundled"),
      banned: BannedHashtags(tags: ["follow4follow"]), client: client,
      timeZone: TimeZone(identifier: "Europe/Stockholm")!)
  }

  @Test(arguments: TestEngine.available) func draftsEveryPostPlatformAndTaskOnceAndSkipsThemOnARerun(
    _ engine: TestEngine
  ) async throws {
    try open(engine)
    let (briefs, problems) = try BatchRunner.briefs(in: calendar)
    #expect(briefs.count == 4 && problems.isEmpty)
    let runner = BatchRunner(session: try session(), options: BatchOptions(concurrency: 3))
    let seen = Collected()
    let first = try await runner.run(briefs, input: calendar.path) { result, _, _ in seen.add(result) }
    #expect(first.items == 12 && first.done == 12 && first.failed.isEmpty && first.earlier == 0)
    #expect(seen.all.filter { $0.task == .captions }.allSatisfy { $0.captions?.drafts.first?.isValid == true })
    let again = Collected()
    let second = try await runner.run(briefs, input: calendar.path) { result, _, _ in again.add(result) }
    #expect(second.done == 0 && second.earlier == 12)
    #expect(again.all.allSatisfy { $0.status == .earlier })
    #expect(
      Set(again.all.compactMap { $0.captions?.drafts.first?.text })
        == Set(seen.all.compactMap { $0.captions?.drafts.first?.text }),
      "results read back from the store differ from the ones drafted")
    let other = BatchRunner(session: try session(), options: BatchOptions(variants: 2))
    #expect(try await other.run(briefs, input: calendar.path) { _, _, _ in }.done == 12, "other options, other items")
  }

  @Test(arguments: TestEngine.available) func collectsFailuresWithoutStoppingAndRetriesOnlyThem(_ engine: TestEngine)
    async throws
  {
    try open(engine)
    var (briefs, _) = try BatchRunner.briefs(in: calendar)
    briefs[1].images = [folder.url.appendingPathComponent("missing.png").path]
    let server = try StubServer { request, _ in
      let everything = request.json?["messages"]?.arrayValue?.compactMap { $0["content"]?.stringValue }.joined() ?? ""
      let answer: JSONValue =
        everything.contains("named 'hashtags'")
          || request.json?["response_format"]?["json_schema"]?["name"] == "hashtags"
        ? ["tags": [["tag": "rye", "why": "topic"]]] : ["captions": [["text": "Stub caption."]]]
      let body: JSONValue = ["choices": [["message": ["content": .string(answer.jsonText)], "finish_reason": "stop"]]]
      return .json(body.jsonText)
    }
    let vision = OpenAICompatibleModel(name: "stub", baseURL: server.baseURL, capabilities: [.vision, .jsonSchema])
    let client = ModelClient(model: vision, store: store, gate: RequestGate())
    let runner = BatchRunner(session: try session(client), options: BatchOptions(tasks: [.captions], concurrency: 4))
    let summary = try await runner.run(briefs, input: calendar.path) { _, _, _ in }
    #expect(summary.items == 6 && summary.done == 5 && summary.failed.count == 1)
    #expect(summary.failed.first?.briefID == "fika-week")
    #expect(summary.failed.first?.error?.contains("missing.png: cannot read the image") == true)
    let sent = server.requests.count
    #expect(sent == 5)
    briefs[1].images = []
    let retry = try await runner.run(briefs, input: calendar.path) { _, _, _ in }
    #expect(retry.earlier == 5 && retry.done == 1)
    #expect(server.requests.count == sent + 1, "the rerun sent requests for finished items")
  }

  @Test(arguments: TestEngine.available) func keepsWhatFinishedWhenCancelled(_ engine: TestEngine) async throws {
    try open(engine)
    let server = try StubServer { _, _ in
      var reply = StubServer.Reply.json(
        #"{"choices":[{"message":{"content":"{\"captions\":[{\"text\":\"Slow stub.\"}]}"},"finish_reason":"stop"}]}"#)
      reply.delayBeforeHead = 0.3
      return reply
    }
    let model = OpenAICompatibleModel(name: "slow", baseURL: server.baseURL, capabilities: .jsonSchema)
    let client = ModelClient(model: model, store: store, gate: RequestGate())
    let (briefs, _) = try BatchRunner.briefs(in: calendar)
    let runner = BatchRunner(session: try session(client), options: BatchOptions(tasks: [.captions], concurrency: 2))
    let finished = Collected()
    let path = calendar.path
    let task = Task { try await runner.run(briefs, input: path) { result, _, _ in finished.add(result) } }
    while finished.all.count < 2 { try await Task.sleep(nanoseconds: 20_000_000) }
    task.cancel()
    _ = try? await task.value
    let done = finished.all.filter { $0.status == .done }
    let sentBefore = server.requests.count
    let rest = try await runner.run(briefs, input: calendar.path) { _, _, _ in }
    #expect(rest.earlier >= done.count && rest.earlier + rest.done == 6)
    // A request cancelled in flight may still reach the server late, so the rerun's requests are told apart by
    // what they ask for: none may be for an item that had finished.
    let rerun = server.requests.dropFirst(sentBefore).map { request in
      request.json?["messages"]?.arrayValue?.compactMap { $0["content"]?.stringValue }.joined() ?? ""
    }
    for item in done {
      let topic = try #require(briefs.first { $0.id == item.briefID }?.topic)
      #expect(
        !rerun.contains { $0.contains(topic) && $0.contains("for this \(item.platform.rawValue) post") },
        "the rerun asked again for \(item.briefID) on \(item.platform.rawValue)")
    }
  }
}

final class Collected: @unchecked Sendable {
  private let lock = NSLock()
  private var results: [BatchItemResult] = []
  func add(_ result: BatchItemResult) { lock.withLock { results.append(result) } }
  var all: [BatchItemResult] { lock.withLock { results } }
}
