import Foundation
import Testing

/// The first minutes with `creator`: what it says with no arguments, after a typo, with no store, with a
/// handle written `@name`, a missing post file or a broken template.
@Suite struct FirstRunTests {
  let sandbox = Sandbox()
  static let instagram = CreatorCLITests.fixtures.appendingPathComponent("instagram/bakerbee_20261120.zip").path
  static let tiktok = CreatorCLITests.fixtures.appendingPathComponent("tiktok/oventhyme-2024-12-01").path
  static let post = CreatorCLITests.fixtures.appendingPathComponent("posts/rye-saturday.md").path

  func file(_ name: String, _ text: String) throws -> String {
    try FileManager.default.createDirectory(at: sandbox.folder, withIntermediateDirectories: true)
    let url = sandbox.folder.appendingPathComponent(name)
    try text.write(to: url, atomically: true, encoding: .utf8)
    return url.path
  }

  @Test func commandsThatReadNeverCreateAStore() throws {
    let typo = sandbox.folder.appendingPathComponent("stroe.sqlite").path
    let commands: [[String]] = [
      ["posts"], ["accounts"], ["stats"], ["report"], ["logs"], ["hashtags", Self.post], ["caption", Self.post],
      ["batch", sandbox.folder.path],
    ]
    for command in commands {
      let result = try sandbox.run(command + ["--database", typo])
      #expect(result.status == 66, "\(command)")
      #expect(
        result.stderr == "creator: error: no store at \(typo) (import an export first, or check --database)\n",
        "\(command): \(result.stderr)")
      #expect(result.stdout.isEmpty)
      #expect(!FileManager.default.fileExists(atPath: typo), "\(command) created a store")
    }
    // A dry run reads into a throwaway store; only import creates it.
    let dryRun = try sandbox.run(["import", Self.instagram, "--dry-run", "--database", typo])
    #expect(dryRun.status == 0 && dryRun.stdout.contains("would be added 8"))
    #expect(!FileManager.default.fileExists(atPath: typo), "a dry run created the store")
    #expect(try sandbox.run(["import", Self.instagram, "--database", typo]).status == 0)
    #expect(try sandbox.run(["posts", "--database", typo]).status == 0)
  }

  @Test func aServerURLNeverBecomesAFolder() throws {
    let url = "postgres://maria:hunter2@db.example:5432/agency"
    let shown = "postgres://maria:***@db.example:5432/agency"
    let commands: [[String]] = [["import", Self.instagram], ["posts"], ["stats"], ["report"], []]
    #if Postgres
      // The engine is built: every command tries the server (there is no network here) and says why it could
      // not reach it in one line, exit 74.
      let (status, said) = (Int32(74), "")
    #else
      let (status, said) = (Int32(64), "this build has no PostgreSQL engine: build with --traits Postgres\n")
    #endif
    for (command, environment) in commands.map({ ($0 + ["--database", url], [String: String]()) })
      + commands.map({ ($0, ["CREATOR_DATABASE": url]) })
    {
      let process = try sandbox.process(command, environment: environment)
      process.currentDirectoryURL = sandbox.folder
      let result = try Sandbox.collect(process)
      #expect(result.status == status, "\(command) \(environment): \(result.stderr)")
      #expect(result.stderr.hasPrefix("creator: error: \(shown): \(said)"), "\(command): \(result.stderr)")
      #expect(result.stderr.split(separator: "\n").count == 1)
      #expect(!result.stderr.contains("hunter2") && !result.stdout.contains("hunter2"))
      #expect(!FileManager.default.fileExists(atPath: sandbox.folder.appendingPathComponent("postgres:").path))
    }
    let other = try sandbox.run(["posts", "--database", "mysql://db.example/agency"])
    #expect(other.status == 64 && other.stderr.contains("no store engine for mysql:// URLs"), "\(other.stderr)")
  }

  @Test func theConfigurationNamesTheStoreWhenNothingElseDoes() throws {
    let unset = ["CREATOR_DATABASE": ""]
    let server = try sandbox.run(["posts"], environment: unset, config: "database: postgres://u:pw@db.example/agency\n")
    #if Postgres
      // The server is tried (no network here).
      #expect(server.status == 74, "\(server.stderr)")
      #expect(server.stderr.hasPrefix("creator: error: postgres://u:***@db.example/agency: "))
    #else
      #expect(server.status == 64, "\(server.stderr)")
      #expect(server.stderr.contains("postgres://u:***@db.example/agency: this build has no PostgreSQL engine"))
    #endif
    let file = sandbox.folder.appendingPathComponent("configured.sqlite").path
    let imported = try sandbox.run(["import", Self.instagram], environment: unset, config: "database: \(file)\n")
    #expect(imported.status == 0, "\(imported.stderr)")
    #expect(FileManager.default.fileExists(atPath: file))
    // A relative path is read from the configuration file's folder, not the current one; ~ is the home folder.
    let relative = try sandbox.run(
      ["import", Self.instagram], environment: unset, config: "database: stores/r.sqlite\n")
    #expect(relative.status == 0, "\(relative.stderr)")
    #expect(FileManager.default.fileExists(atPath: sandbox.folder.appendingPathComponent("stores/r.sqlite").path))
    let home = ["CREATOR_DATABASE": "", "HOME": sandbox.folder.appendingPathComponent("home").path]
    #expect(
      try sandbox.run(["import", Self.instagram], environment: home, config: "database: ~/h.sqlite\n").status == 0)
    #expect(FileManager.default.fileExists(atPath: sandbox.folder.appendingPathComponent("home/h.sqlite").path))
    // CREATOR_DATABASE and --database come first.
    let named = try sandbox.run(["posts"], config: "database: postgres://db.example/agency\n")
    #expect(named.status == 66 && named.stderr.contains("no store at \(sandbox.database)"), "\(named.stderr)")
  }

  @Test func aFullWidthHashSignFindsTheTaggedPosts() throws {
    #expect(try sandbox.run(["import", Self.instagram]).status == 0)
    let ascii = try sandbox.run(["posts", "--hashtag", "#sourdough"])
    let fullWidth = try sandbox.run(["posts", "--hashtag", "＃Sourdough"])
    #expect(ascii.status == 0 && ascii.stdout.contains("Sourdough morning"), "\(ascii.stdout)")
    #expect(fullWidth.stdout == ascii.stdout)
  }

  @Test func noArgumentsNamesTheJobsAndTheNextStep() throws {
    let none = try sandbox.run([])
    #expect(none.status == 0)
    for job in ["import", "report", "stats", "hashtags", "caption", "batch"] {
      #expect(none.stdout.contains("\n  \(job) "), "\(job) missing")
    }
    #expect(none.stdout.contains("No store yet at \(sandbox.database)"))
    #expect(none.stdout.contains("creator import ~/Downloads/"))
    #expect(!FileManager.default.fileExists(atPath: sandbox.database), "creator alone created a store")
    let typo = sandbox.folder.appendingPathComponent("my stroe.sqlite").path
    let named = try sandbox.run(["--database", typo])
    #expect(named.stdout.contains("No store yet at \(typo)."))
    #expect(named.stdout.contains("creator import ~/Downloads/instagram-yourname-2026-11-20.zip --database '\(typo)'"))
    #expect(!FileManager.default.fileExists(atPath: typo))
    let header = try file("planner.csv", "Text,Date\n")
    let nothing = ["import", header, "--map", "caption=Text,published=Date", "--platform", "x", "--account", "me"]
    #expect(try sandbox.run(nothing).status == 0)
    let empty = try sandbox.run([])
    #expect(empty.stdout.contains("holds no posts yet") && empty.stdout.contains("creator import "))
    #expect(try sandbox.run(["import", Self.instagram]).status == 0)
    let one = try sandbox.run([])
    #expect(one.stdout.contains("holds 8 posts of @bakerbee on Instagram."))
    #expect(one.stdout.contains("  creator report --format html --output week.html"))
    #expect(one.stdout.contains("  creator hashtags post.md") && !one.stdout.contains("creator import ~/"))
    #expect(try sandbox.run(["import", Self.tiktok]).status == 0)
    let two = try sandbox.run([])
    #expect(two.stdout.contains("@bakerbee on Instagram, @oventhyme on TikTok."))
    #expect(two.stdout.contains("  creator report --account bakerbee --format html --output week.html"))
    #expect(two.stdout.contains("  creator report --all-accounts"))
  }

  @Test func aMistypedCommandGetsTheClosestOne() throws {
    let typo = try sandbox.run(["reprot", "--last"])
    #expect(typo.status == 64)
    #expect(typo.stderr == "creator: error: unknown command 'reprot'; did you mean `report`?\n")
    #expect(try sandbox.run(["hashtag", "post.md"]).stderr.contains("did you mean `hashtags`?"))
    let nothing = try sandbox.run(["frobnicate"])
    #expect(nothing.status == 64 && nothing.stderr.contains("the commands are import, posts"))
    #expect(try sandbox.run(["help", "report"]).status == 0)
    let export = try sandbox.run([Self.instagram])
    #expect(export.status == 64)
    #expect(export.stderr.hasSuffix("to read it into the store: creator import \(Self.instagram)\n"))
  }

  @Test func anAtSignBeforeAHandleIsTheSameAccount() throws {
    #expect(try sandbox.run(["import", Self.instagram]).status == 0)
    let plain = try sandbox.run(["posts", "--account", "bakerbee", "--format", "json"])
    let at = try sandbox.run(["posts", "--account", "@bakerbee", "--format", "json"])
    #expect(at.status == 0 && at.stdout == plain.stdout && at.stdout.contains("bakerbee"))
    let stats = try sandbox.run(["stats", "--account", "@bakerbee", "--timezone", "UTC"])
    #expect(stats.stdout.hasPrefix("@bakerbee: 7 posts"), "\(stats.stdout)")
    let report = try sandbox.run(["report", "--account", "@bakerbee", "--timezone", "UTC"])
    #expect(report.status == 0 && report.stdout.hasPrefix("# @bakerbee on Instagram"))
  }

  @Test func aMissingPostFileIsNoSuchFile() throws {
    #expect(try sandbox.run(["import", Self.instagram]).status == 0)
    let missing = sandbox.folder.appendingPathComponent("post.md").path
    for command in ["hashtags", "caption"] {
      let result = try sandbox.run([command, missing])
      #expect(result.status == 66)
      #expect(result.stderr == "creator: error: \(missing): no such file\n", "\(result.stderr)")
    }
  }

  @Test func aMissingTemplateIsNoSuchFile() throws {
    #expect(try sandbox.run(["import", Self.instagram]).status == 0)
    let missing = sandbox.folder.appendingPathComponent("mine.html.mustache").path
    for command in [["report", "--format", "html"], ["caption", Self.post]] {
      let result = try sandbox.run(command + ["--template", missing])
      #expect(result.status == 66, "\(command)")
      #expect(result.stderr == "creator: error: \(missing): no such file\n", "\(command): \(result.stderr)")
    }
  }

  @Test func askingAModelWithoutAStoreCreatesNone() throws {
    // A loopback port nothing listens on: the call fails, and it must not leave a store behind either way.
    let typo = sandbox.folder.appendingPathComponent("stroe.sqlite").path
    let config = "models:\n  tiny: {provider: llamacpp, model: tiny, base_url: 'http://127.0.0.1:9/v1'}\n"
    let ask = try sandbox.run(["ask", "hello", "--model", "tiny", "--database", typo], config: config)
    #expect(ask.status == 69, "\(ask.stderr)")
    #expect(ask.stderr.hasPrefix("creator: no store at \(typo): calls are not logged or cached"), "\(ask.stderr)")
    let check = try sandbox.run(["models", "--check", "--database", typo], config: config)
    #expect(check.status == 69, "\(check.stderr)")
    #expect(check.stderr.contains("creator: no store at \(typo)"), "\(check.stderr)")
    #expect(!FileManager.default.fileExists(atPath: typo))
  }

  @Test func aBrokenTemplateIsALineAndColumn() throws {
    #expect(try sandbox.run(["import", Self.instagram]).status == 0)
    let open = try file("open.mustache", "# {{title}}\n{{#posts}}\n  {{caption}}\n")
    let report = try sandbox.run(["report", "--template", open])
    #expect(report.status == 65)
    #expect(
      report.stderr
        == "creator: error: \(open): line 4, column 1: a section is opened and never closed (no {{/name}})\n")
    let unclosed = try file("unclosed.mustache", "Hello {{name\n")
    let caption = try sandbox.run(["caption", Self.post, "--template", unclosed])
    #expect(caption.status == 65)
    #expect(caption.stderr == "creator: error: \(unclosed): line 2, column 1: the template ends inside a tag (no }})\n")
    #expect(!caption.stderr.contains("ParserError") && !caption.stderr.contains("context"))
  }

  @Test func numbersHaveThousandsSeparatorsAndNoNegativeZero() throws {
    // 1,200 posts a day apart, every one with 12,345 likes and a reach that makes week-on-week changes tiny.
    var csv = "Text,Date,Likes,Reach\n"
    let start = 1_700_000_000
    for index in 0..<1_200 {
      let day = start + index * 86_400
      csv += "Post \(index) #bread,\(day),12345,\(100_000 + index % 2)\n"
    }
    let table = try file("big.csv", csv)
    let imported = try sandbox.run([
      "import", table, "--map", "caption=Text,published=Date,likes=Likes,reach=Reach", "--platform", "instagram",
      "--account", "big", "--timezone", "UTC",
    ])
    #expect(imported.status == 0, "\(imported.stderr)")
    let stats = try sandbox.run(["stats", "--timezone", "UTC"])
    #expect(stats.stdout.contains(": 1,200 posts"), "\(stats.stdout.prefix(300))")
    #expect(stats.stdout.contains("n = 1,200"))
    let posts = try sandbox.run(["posts", "--limit", "1"])
    #expect(posts.stdout.contains("12,345") && posts.stdout.contains("100,00"))
    let report = try sandbox.run(["report", "--timezone", "UTC"])
    #expect(report.status == 0)
    for output in [stats.stdout, report.stdout] {
      #expect(!output.contains("-0.0") && !output.contains("-0%") && !output.contains("-0 "))
    }
  }

  /// What the generated shell scripts run to complete the value after `option` in `words`.
  func complete(_ command: String, _ option: String, _ words: [String]) throws -> [String] {
    let current = words.last ?? ""
    let result = try sandbox.run(
      ["---completion", command, "--", option, "\(words.count - 1)", "\(current.count)"] + words)
    #expect(result.status == 0, "\(result.stderr)")
    return result.stdout.split(separator: "\n").map(String.init)
  }

  @Test func shellCompletionOffersAccountsAndTimeZones() throws {
    #expect(try sandbox.run(["import", Self.instagram]).status == 0)
    #expect(try sandbox.run(["import", Self.tiktok]).status == 0)
    #expect(try complete("stats", "--account", ["creator", "stats", "--account", ""]) == ["bakerbee", "oventhyme"])
    #expect(try complete("report", "--account", ["creator", "report", "--account", "@OV"]) == ["@oventhyme"])
    let typo = sandbox.folder.appendingPathComponent("typo.sqlite").path
    #expect(try complete("posts", "--account", ["creator", "posts", "--database", typo, "--account", ""]).isEmpty)
    #expect(!FileManager.default.fileExists(atPath: typo))
    let zones = try complete("report", "--timezone", ["creator", "report", "--timezone", "europe/ber"])
    #expect(zones == ["Europe/Berlin"])
    #expect(try complete("stats", "--timezone", ["creator", "stats", "--timezone", "UT"]).first == "UTC")
  }

  @Test func everyOptionsDefaultIsPrintedOnce() throws {
    let commands = [
      "import", "posts", "accounts", "stats", "report", "caption", "hashtags", "batch", "models", "ask", "logs",
    ]
    for command in commands {
      let help = try sandbox.run([command, "--help"]).stdout
      for option in help.components(separatedBy: "\n  -").dropFirst() {
        #expect(option.components(separatedBy: "default:").count <= 2, "creator \(command): \(option)")
      }
    }
  }
}
