import CreatorTestSupport
import Foundation
import Testing

/// Runs the built `creator` binary end to end, as a user or a script would.
@Suite struct CreatorCLITests {
  static let root = RepositoryFolders.root
  static let fixtures = RepositoryFolders.fixtures

  struct Result {
    var status: Int32
    var stdout: String
    var stderr: String
  }

  /// The `creator` binary next to this test bundle.
  static var binary: URL {
    var folder = Bundle.main.bundleURL
    while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("creator").path) && folder.path != "/" {
      folder.deleteLastPathComponent()
    }
    return folder.appendingPathComponent("creator")
  }

  /// Holds the test's store, removed with it.
  let sandbox = Sandbox()

  func run(_ arguments: String...) throws -> Result {
    try FileManager.default.createDirectory(at: sandbox.folder, withIntermediateDirectories: true)
    let process = Process()
    process.executableURL = Self.binary
    process.arguments = arguments + (arguments.first == "--help" ? [] : ["--database", sandbox.database])
    return try Sandbox.collect(process)
  }

  @Test func printsTheBuiltInTemplateToStartFrom() throws {
    let root = Self.fixtures.deletingLastPathComponent()
    for (format, file) in [("html", "report.html.mustache"), ("markdown", "report.md.mustache")] {
      let printed = try run("report", "--print-template", format)
      #expect(printed.status == 0)
      let expected = try String(contentsOf: root.appendingPathComponent("templates/\(file)"), encoding: .utf8)
      #expect(printed.stdout == expected, "--print-template \(format) is templates/\(file)")
    }
    #expect(try run("report", "--print-template", "json").status == 64)
    // The printed template, edited, renders.
    _ = try run(
      "import", Self.fixtures.appendingPathComponent("business-suite/demo-bakery-Jun-29-2026_Nov-22-2026.csv").path)
    let template = sandbox.folder.appendingPathComponent("mine.html")
    let html = try run("report", "--print-template", "html").stdout
    try html.replacingOccurrences(of: "<footer>", with: "<footer>Edited. ").write(
      to: template, atomically: true, encoding: .utf8)
    let rendered = try run("report", "--format", "html", "--template", template.path, "--account", "demo.bakery")
    #expect(rendered.status == 0 && rendered.stdout.contains("<footer>Edited. "))
  }

  @Test func importsAFixtureAndSaysWhatItFound() throws {
    let result = try run("import", Self.fixtures.appendingPathComponent("instagram/bakerbee_20261120.zip").path)
    #expect(result.status == 0)
    #expect(
      result.stdout.contains("Instagram @bakerbee: 5 posts, 2 reels, 1 story; 5 metric rows: 4 joined, 1 unmatched"))
    #expect(
      !result.stdout.contains("\u{1B}") && !result.stderr.contains("\u{1B}"), "control characters in piped output")
    let accounts = try run("accounts", "--format", "json")
    let parsed = try JSONSerialization.jsonObject(with: Data(accounts.stdout.utf8)) as? [[String: Any]]
    #expect(parsed?.first?["posts"] as? Int == 8)
  }

  @Test func listsPostsAsStableJSONAndSafeCSV() throws {
    _ = try run(
      "import",
      Self.fixtures.appendingPathComponent("business-suite/Nov-01-2025_Dec-15-2025_17841400000000000.csv").path,
      "--timezone", "UTC")
    let json = try run("posts", "--format", "json", "--sort", "reach", "--limit", "1")
    let posts = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]]
    #expect(posts?.count == 1)
    #expect(posts?.first?["reach"] as? Int == 25300)
    #expect(posts?.first?["published_at"] as? String == "2025-12-05T07:30:00Z")
    #expect(posts?.first?["time_zone_assumed"] is String)
    let csv = try run("posts", "--format", "csv", "--search", "formula")
    #expect(csv.status == 0)
    #expect(csv.stdout.contains("\"'=HYPERLINK(\"\"http://example.com\"\") is not a formula here #bakery\""))
  }

  @Test func statsNameTheirDenominatorAndN() throws {
    _ = try run("import", Self.fixtures.appendingPathComponent("instagram/bakerbee_20261120.zip").path)
    let json = try run("stats", "--account", "bakerbee", "--format", "json", "--timezone", "UTC")
    #expect(json.status == 0)
    let stats = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
    let overall = try #require(stats["overall"] as? [String: Any])
    // Four posts have insights with reach; the reels and one image have none. The story is counted apart.
    #expect(stats["basis"] as? String == "reach")
    #expect(overall["n"] as? Int == 4)
    #expect(overall["left_out"] as? Int == 3)
    #expect(stats["other_kind_left_out"] as? Int == 1)
    // Rates (likes + comments + shares + saves) / reach: 170/1508, 287/1644, 74/870, 436/2775.
    let rates = [170.0 / 1508, 287.0 / 1644, 74.0 / 870, 436.0 / 2775].sorted()
    #expect(abs((overall["median"] as? Double ?? 0) - (rates[1] + rates[2]) / 2) < 1e-12)
    #expect(abs((overall["pooled"] as? Double ?? 0) - 967.0 / 6797) < 1e-12)
    let table = try run("stats", "--account", "bakerbee")
    #expect(table.stdout.contains("Engagement rate by reach = (likes + comments + shares + saves) / reach"))
    #expect(table.stdout.contains("n = 4 (3 left out: no reach)"))
    #expect(table.stdout.contains("@bakerbee: 7 posts") && table.stdout.contains("1 story counted apart"))
    let stories = try run("stats", "--account", "bakerbee", "--stories")
    #expect(stories.stdout.contains("@bakerbee: 1 story") && stories.stdout.contains("7 feed posts counted apart"))
    // One account: nothing pooled, nothing said. A second account: the pooled figures say so on stderr only.
    #expect(try run("stats").stderr.isEmpty)
    let second = Self.fixtures.appendingPathComponent(
      "business-suite/demo-bakery-Jun-29-2026_Nov-22-2026.csv")
    #expect(try run("import", second.path, "--timezone", "Europe/Berlin").status == 0)
    let pooled = try run("stats", "--format", "csv")
    #expect(pooled.status == 0 && !pooled.stdout.contains("--account NAME"))
    #expect(
      pooled.stderr
        == "creator: these figures pool 2 accounts (@bakerbee on Instagram, @demo.bakery on Instagram); "
        + "--account NAME for one\n")
  }

  @Test func writesTheWeeklyReportToAFile() throws {
    let none = try run("report")
    #expect(none.status == 66)
    #expect(none.stderr.hasPrefix("creator: error: no store at "))
    // A planner file with no rows: the store exists and holds no posts.
    let header = sandbox.folder.appendingPathComponent("planner.csv")
    try "Text,Date\n".write(to: header, atomically: true, encoding: .utf8)
    #expect(
      try run("import", header.path, "--map", "caption=Text,published=Date", "--platform", "x", "--account", "me")
        .status == 0)
    let empty = try run("report")
    #expect(empty.status == 65)
    #expect(empty.stderr == "creator: error: no posts in the store: import an export first\n")
    _ = try run(
      "import", Self.fixtures.appendingPathComponent("business-suite/demo-bakery-Jun-29-2026_Nov-22-2026.csv").path,
      "--timezone", "Europe/Berlin")
    let output = FileManager.default.temporaryDirectory.appendingPathComponent("report-\(UUID().uuidString).html")
    defer { try? FileManager.default.removeItem(at: output) }
    let result = try run(
      "report", "--account", "demo.bakery", "--last", "--format", "html", "--output", output.path, "--timezone",
      "Europe/Berlin")
    #expect(result.status == 0)
    #expect(result.stdout.isEmpty)
    let html = try String(contentsOf: output, encoding: .utf8)
    #expect(html.hasPrefix("<!DOCTYPE html>") && html.contains("week 2026-W47"))
    #expect(try run("report", "--week", "2026-47").status == 64)
  }

  @Test func reportsOnAMonthOrAnyDaysAndRefusesABadPeriodInOneLine() throws {
    _ = try run(
      "import", Self.fixtures.appendingPathComponent("business-suite/demo-bakery-Jun-29-2026_Nov-22-2026.csv").path,
      "--timezone", "Europe/Berlin")
    let month = try run("report", "--month", "2026-10", "--timezone", "Europe/Berlin")
    #expect(month.status == 0 && month.stdout.hasPrefix("# @demo.bakery on Instagram: October 2026\n"))
    #expect(month.stdout.contains("vs September 2026"))
    let year = try run("report", "--month", "2026-10", "--compare", "year", "--format", "json", "--timezone", "UTC")
    let json = try JSONSerialization.jsonObject(with: Data(year.stdout.utf8)) as? [String: Any]
    #expect((json?["period"] as? [String: Any])?["kind"] as? String == "month")
    #expect((json?["comparison_period"] as? [String: Any])?["name"] as? String == "October 2025")
    let days = try run("report", "--since", "2026-10-01", "--until", "2026-11-30", "--timezone", "Europe/Berlin")
    #expect(days.status == 0 && days.stdout.hasPrefix("# @demo.bakery on Instagram: 1 Oct – 30 Nov 2026\n"))
    #expect(days.stdout.contains("vs 1 Aug – 30 Sep 2026"))
    // --since alone runs through today.
    let since = try run("report", "--since", "2026-11-01", "--timezone", "Europe/Berlin")
    #expect(since.status == 0 && since.stdout.hasPrefix("# @demo.bakery on Instagram: 1 Nov"))
    // Piped: no blocks, whatever NO_COLOR says.
    #expect(!days.stdout.contains { "▁▂▃▄▅▆▇█".contains($0) })
    let refused: [([String], String)] = [
      (["--month", "2026-13"], "--month takes a month like 2026-11, not '2026-13'"),
      (["--since", "2026-02-30", "--until", "2026-03-01"], "--since takes a day like 2026-10-01, not '2026-02-30'"),
      (["--since", "2026-12-01", "--until", "2026-11-30"], "--since 2026-12-01 is after --until 2026-11-30"),
      (["--week", "2026-W47", "--month", "2026-11"], "--week and --month cannot be used together: pick one period"),
      (["--until", "2026-11-30"], "--until needs --since: the days from one through the other"),
      (["--week", "2025-W53"], "2025 has no week 53"),
      (
        ["--since", "2025-01-01", "--until", "2026-11-30"],
        "1 Jan 2025 – 30 Nov 2026 is 699 days; a report covers at most 371 (53 weeks)"
      ),
    ]
    for (arguments, message) in refused {
      let result = try sandbox.run(["report"] + arguments)
      #expect(result.status == 64, "\(arguments)")
      #expect(result.stdout.isEmpty && result.stderr.hasPrefix("Error: \(message)\n"), "\(result.stderr)")
    }
    #expect(try run("report", "--compare", "decade").status == 64)
  }

  /// In a terminal (a pseudo-terminal from util-linux's `script`) the Markdown report's weekly trend gets a
  /// line of blocks; with NO_COLOR it does not.
  @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
  func theMarkdownReportDrawsItsTrendInATerminal() throws {
    _ = try run(
      "import", Self.fixtures.appendingPathComponent("business-suite/demo-bakery-Jun-29-2026_Nov-22-2026.csv").path,
      "--timezone", "Europe/Berlin")
    let command = [Self.binary.path, "report", "--timezone", "Europe/Berlin", "--database", sandbox.database]
      .map { "'" + $0 + "'" }.joined(separator: " ")
    for noColor in [false, true] {
      let process = Process()
      process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
      process.arguments = ["-qec", command, "/dev/null"]
      var environment = ProcessInfo.processInfo.environment
      environment["NO_COLOR"] = noColor ? "1" : nil
      process.environment = environment
      let result = try Sandbox.collect(process)
      #expect(result.status == 0 && result.stdout.contains("## Weekly trend"), "\(result.stdout)")
      let blocks = result.stdout.contains { "▁▂▃▄▅▆▇█".contains($0) }
      #expect(blocks == !noColor, "NO_COLOR: \(noColor)")
    }
  }

  @Test func aReportIsForOneAccountUnlessAskedForAll() throws {
    _ = try run(
      "import", Self.fixtures.appendingPathComponent("business-suite/demo-bakery-Jun-29-2026_Nov-22-2026.csv").path,
      "--timezone", "Europe/Berlin")
    // One account: the report is that account's, titled with the platform as it writes its name.
    let one = try run("report", "--timezone", "Europe/Berlin")
    #expect(one.status == 0 && one.stdout.hasPrefix("# @demo.bakery on Instagram: week 2026-W47"))
    _ = try run("import", Self.fixtures.appendingPathComponent("tiktok/oventhyme-2024-12-01").path)
    let several = try run("report", "--timezone", "Europe/Berlin")
    #expect(several.status == 64 && several.stdout.isEmpty)
    #expect(several.stderr.contains("Accounts: @demo.bakery on Instagram, @oventhyme on TikTok"))
    #expect(several.stderr.contains("--all-accounts") && several.stderr.split(separator: "\n").count == 1)
    // TikTok's export has likes and no views: compared by likes per post, with the reason in one sentence.
    let tiktok = try run("report", "--account", "oventhyme", "--timezone", "Europe/Berlin")
    #expect(tiktok.stdout.hasPrefix("# @oventhyme on TikTok: week 2024-W47"))
    #expect(
      tiktok.stdout.contains("No rate: your export has no views per post, so posts are compared by likes per post."))
    #expect(tiktok.stdout.contains("| 4 | 59 | 422 | 3 | 1 | – |"))
    let all = try run("report", "--all-accounts", "--timezone", "Europe/Berlin")
    #expect(all.status == 0 && all.stdout.hasPrefix("# All accounts"))
    #expect(all.stdout.contains("| @demo.bakery | Instagram | 2026-W47 | 6 | engagement rate by reach | 8.2% |"))
    #expect(all.stdout.contains("| @oventhyme | TikTok | 2024-W47 | 4 | likes per post | 59 |"))
    #expect(all.stdout.contains("# @demo.bakery on Instagram") && all.stdout.contains("# @oventhyme on TikTok"))
    let html = try run("report", "--all-accounts", "--format", "html", "--timezone", "Europe/Berlin")
    #expect(html.stdout.components(separatedBy: "<main>").count == 2)
    #expect(html.stdout.components(separatedBy: "<section class=\"account\">").count == 3)
    #expect(try run("report", "--all-accounts", "--account", "oventhyme").status == 64)
  }

  @Test func badDataExitsWithItsOwnCodeAndOneLine() throws {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("creator-cli-\(UUID().uuidString).json")
    try Data(#"{"organic_insights_posts": [{"string_map_data": "#.utf8).write(to: file)
    defer { try? FileManager.default.removeItem(at: file) }
    let result = try run("import", file.path, "--account", "x")
    #expect(result.status == 65)
    #expect(
      result.stderr.hasPrefix("creator: error: \(file.lastPathComponent): $.organic_insights_posts[0].string_map_data"))
    #expect(result.stderr.split(separator: "\n").count == 1)
  }

  @Test func usageErrorsExitWith64() throws {
    #expect(try run("posts", "--since", "yesterday").status == 64)
    #expect(try run("import", "--timezone", "Mars/Olympus", "x.zip").status == 64)
  }

  @Test func everyCommandHasHelpWithAnExample() throws {
    for command in ["import", "posts", "accounts", "stats", "report"] {
      let result = try run(command, "--help")
      #expect(result.status == 0)
      #expect(result.stdout.contains("Example"), "\(command) --help has no example")
    }
  }
}
