import CreatorTestSupport
import Foundation
import Testing

/// `creator caption`, `creator hashtags` and `creator batch` as a user runs them.
@Suite struct DraftingCommandsTests {
  let sandbox = Sandbox()
  static let demo = CreatorCLITests.fixtures.appendingPathComponent(
    "business-suite/demo-bakery-Jun-29-2026_Nov-22-2026.csv")
  static let post = CreatorCLITests.fixtures.appendingPathComponent("posts/rye-saturday.md").path

  func imported() throws -> Sandbox {
    let result = try sandbox.run(["import", Self.demo.path, "--timezone", "Europe/Stockholm"])
    #expect(result.status == 0)
    return sandbox
  }

  @Test func draftsWithTheBuiltInEngineWhenNoModelIsConfigured() throws {
    let sandbox = try imported()
    let text = try sandbox.run(["caption", Self.post, "--platform", "instagram", "--timezone", "Europe/Stockholm"])
    #expect(text.status == 0)
    #expect(text.stdout.contains("built-in engine (no model)") && text.stdout.contains("fits the rules"))
    #expect(text.stdout.contains("Grounded in 89 Instagram posts of @demo.bakery, compared by saves per reach"))
    let json = try sandbox.run(["caption", Self.post, "--format", "json", "--variants", "2"])
    let results = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]]
    #expect(results?.map { $0["platform"] as? String } == ["instagram", "x"])
    let drafts = results?.first?["drafts"] as? [[String: Any]]
    #expect(drafts?.count == 2 && (drafts?.first?["text"] as? String)?.hasPrefix("Rye sourdough is back") == true)
    #expect(results?.first?["engine"] as? String == "built-in")
  }

  @Test func exits65WhenADraftStillBreaksARuleUnlessAllowed() throws {
    let sandbox = try imported()
    let file = sandbox.folder.appendingPathComponent("long-hook.md")
    let topic = "Our rye sourdough with caraway and a 36 hour ferment is back on Saturdays at both bakeries in town"
    try "---\nplatform: instagram\naccount: demo.bakery\ntopic: \(topic) \(topic)\ngoal: saves\n---\nOnly 30 loaves."
      .write(to: file, atomically: true, encoding: .utf8)
    let strict = try sandbox.run(["caption", file.path])
    #expect(strict.status == 65)
    #expect(strict.stdout.contains("BREAKS THE RULES") && strict.stderr.contains("break the platform's rules"))
    let allowed = try sandbox.run(["caption", file.path, "--allow-violations"])
    #expect(allowed.status == 0 && allowed.stdout == strict.stdout)
  }

  @Test func suggestsTieredTagsAsDocumentedJSON() throws {
    let sandbox = try imported()
    let result = try sandbox.run([
      "hashtags", Self.post, "--platform", "instagram", "--format", "json", "--timezone", "Europe/Stockholm",
    ])
    #expect(result.status == 0)
    let strategies = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]]
    let strategy = try #require(strategies?.first)
    #expect(Set(strategy.keys) == ["platform", "limit", "tags", "removed", "engine", "rules_updated", "notes"])
    let tags = try #require(strategy["tags"] as? [[String: Any]])
    #expect(tags.count <= 5 && strategy["limit"] as? Int == 5)
    // The brief's include list first (#rye: no clear effect), then #sourdough, named in the topic, proven.
    #expect(tags.first?["tag"] as? String == "rye" && tags.first?["tier"] as? String == "no_clear_effect")
    #expect(tags.contains { $0["tag"] as? String == "sourdough" && $0["tier"] as? String == "proven" })
    #expect(tags.allSatisfy { ($0["evidence"] as? String)?.isEmpty == false })
  }

  @Test func namesTheFileAndFieldOfABadPostFile() throws {
    let file = sandbox.folder.appendingPathComponent("bad.md")
    try FileManager.default.createDirectory(at: sandbox.folder, withIntermediateDirectories: true)
    try "---\nplatform: instagram\ntopic: Rye\ngoal: virality\n---\nNotes.".write(
      to: file, atomically: true, encoding: .utf8)
    let result = try sandbox.run(["caption", file.path])
    #expect(result.status == 65)
    #expect(
      result.stderr
        == "creator: error: \(file.path):4: field 'goal': unknown goal 'virality' (known: engagement, reach, likes, comments, shares, saves, follows, clicks, sales)\n"
    )
  }

  /// Rows of a CSV: quoted cells with doubled quotes and line breaks, CRLF or LF row ends.
  static func csvRows(_ text: String) -> [[String]] {
    var rows: [[String]] = []
    var row: [String] = []
    var cell = ""
    var quoted = false
    var characters = Array(text)[...]
    while let character = characters.popFirst() {
      if quoted {
        if character == "\"" {
          if characters.first == "\"" {
            cell.append("\"")
            characters.removeFirst()
          } else {
            quoted = false
          }
        } else {
          cell.append(character)
        }
      } else if character == "\"" {
        quoted = true
      } else if character == "," {
        row.append(cell)
        cell = ""
      } else if character == "\r\n" || character == "\n" {
        row.append(cell)
        rows.append(row)
        (row, cell) = ([], "")
      } else {
        cell.append(character)
      }
    }
    if !cell.isEmpty || !row.isEmpty { rows.append(row + [cell]) }
    return rows
  }

  @Test func aBatchCSVHasOneRowPerPostAndPlatformInCalendarOrder() throws {
    let sandbox = try imported()
    let calendar = sandbox.folder.appendingPathComponent("calendar.csv")
    // Out of date order, one row undated, two at the same time, a topic that reads as a formula.
    try """
    id,platforms,account,topic,goal,planned,notes
    late,instagram;x,demo.bakery,Rye sourdough is back on Saturdays,saves,2026-12-20 10:00,Only 30 loaves.
    undated,instagram,demo.bakery,Fika week,comments,,What is your fika order?
    early,facebook,demo.bakery,=HYPERLINK(\"\"http://evil\"\") gift cards,sales,2026-12-05 09:00,From 20 euros.
    same-time,threads,demo.bakery,Lussekatter for Saint Lucia,reach,2026-12-20 10:00,Saffron buns from 7 am.
    """.write(to: calendar, atomically: true, encoding: .utf8)
    let output = sandbox.folder.appendingPathComponent("drafts.csv")
    let result = try sandbox.run([
      "batch", calendar.path, "--variants", "2", "--output", output.path, "--timezone", "Europe/Stockholm",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stderr.contains("10 items: 10 drafted"))
    let rows = Self.csvRows(try String(contentsOf: output, encoding: .utf8))
    let header = try #require(rows.first)
    #expect(Array(header.prefix(6)) == ["planned", "brief_id", "source", "platform", "status", "engine"])
    let column = Dictionary(header.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: { a, _ in a })
    let body = rows.dropFirst()
    // One row per post and platform, by planned time, then the calendar's order; the undated post last.
    #expect(
      body.map { "\($0[1])/\($0[3])" } == [
        "early/facebook", "late/instagram", "late/x", "same-time/threads", "undated/instagram",
      ])
    #expect(body.map { $0[0] } == ["2026-12-05 09:00", "2026-12-20 10:00", "2026-12-20 10:00", "2026-12-20 10:00", ""])
    for row in body {
      #expect(row.count == header.count)
      // Captions and hashtags side by side in the same row.
      #expect(!row[column["draft_1"]!].isEmpty && !row[column["draft_2"]!].isEmpty && row[column["draft_3"]!].isEmpty)
      #expect(row[column["hashtags"]!].hasPrefix("#") && row[4] == "done" && row[5] == "built-in")
    }
    // A draft that opens like a formula is written as text.
    let early = try #require(body.first)
    #expect(early[column["draft_1"]!].hasPrefix("'=HYPERLINK"))

    // JSON Lines keep one object per item, with the planned time and the calendar order.
    let lines = try sandbox.run(["batch", calendar.path, "--timezone", "Europe/Stockholm"])
    let items = lines.stdout.split(separator: "\n").compactMap {
      try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
    }
    #expect(items.count == 10 && items.allSatisfy { $0["task"] is String && $0["order"] is Int })
    #expect(items.first { $0["brief_id"] as? String == "undated" }?["planned"] == nil)
    #expect(
      items.filter { $0["brief_id"] as? String == "early" }.allSatisfy {
        $0["planned"] != nil && $0["order"] as? Int == 3
      })
  }

  @Test func aBatchKilledHalfwayResumesWithoutResendingFinishedPosts() throws {
    let sandbox = try imported()
    guard let server = ScriptedModelServer(delay: 0.15, folder: sandbox.folder) else {
      Issue.record("python3 is needed to run scripts/stub-model-server.py")
      return
    }
    let calendar = sandbox.folder.appendingPathComponent("calendar.csv")
    let rows = (1...24).map { "p\($0),instagram,demo.bakery,Topic number \($0) for the bakery,reach" }
    try (["id,platform,account,topic,goal"] + rows).joined(separator: "\n").write(
      to: calendar, atomically: true, encoding: .utf8)
    let output = sandbox.folder.appendingPathComponent("out.jsonl")
    let arguments = [
      "batch", calendar.path, "--task", "hashtags", "--concurrency", "4", "--model", "openai-compatible:stub",
      "--output", output.path,
    ]
    let environment = ["OPENAI_BASE_URL": server.baseURL]
    let first = try sandbox.process(arguments, environment: environment)
    first.standardError = FileHandle.nullDevice
    try first.run()
    func finished() -> [String] {
      ((try? String(contentsOf: output, encoding: .utf8)) ?? "").split(separator: "\n").compactMap { line in
        (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["brief_id"] as? String
      }
    }
    let deadline = Date().addingTimeInterval(30)
    while finished().count < 8 && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
    kill(first.processIdentifier, SIGKILL)
    first.waitUntilExit()
    let done = Set(finished())
    #expect(done.count >= 8 && done.count < 24, "the batch was not stopped halfway")
    let sentBefore = server.prompts.count

    let second = try sandbox.run(arguments, environment: environment)
    #expect(second.status == 0)
    #expect(second.stderr.contains("24 items: \(24 - done.count) drafted, \(done.count) from an earlier run"))
    let resent = server.prompts.dropFirst(sentBefore).filter { prompt in
      done.contains { prompt.contains("Topic number \($0.dropFirst()) for") }
    }
    #expect(resent.isEmpty, "the rerun sent requests for posts that had finished: \(resent.count)")
    #expect(Set(finished()) == Set((1...24).map { "p\($0)" }))
  }

  @Test(
    .enabled(
      if: ProcessInfo.processInfo.environment["LLM_BASE_URL"] != nil,
      "LLM_BASE_URL is not set: scripts/test starts ../shared/llm/serve.sh and sets it"))
  func runsABatchOnTheRealServer() async throws {
    try await LlamaServerTurn.take {
      let sandbox = try imported()
      let config = """
        models:
          tiny:
            provider: llamacpp
            model: stories260K
            base_url: \(ProcessInfo.processInfo.environment["LLM_BASE_URL"]!)
        """
      let result = try sandbox.run(
        [
          "batch", CreatorCLITests.fixtures.appendingPathComponent("calendar/december.csv").path, "--task", "hashtags",
          "--concurrency", "2", "--model", "tiny", "--platform", "instagram",
        ], config: config)
      #expect(result.status == 0, "\(result.stderr)")
      let items = result.stdout.split(separator: "\n").compactMap {
        try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
      }
      #expect(items.count == 4)
      for item in items {
        let tags = (item["hashtags"] as? [String: Any])?["tags"] as? [[String: Any]]
        #expect(item["status"] as? String == "done" && (tags?.count ?? 0) <= 5)
      }
      let logs = try sandbox.run(["logs", "--format", "json", "-n", "50"])
      let calls = try JSONSerialization.jsonObject(with: Data(logs.stdout.utf8)) as? [[String: Any]]
      #expect((calls?.count ?? 0) >= 4)
    }
  }
}
