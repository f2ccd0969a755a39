import Foundation
import Testing

/// Hostile input through the `creator` binary (issue 18): control characters in names, deep templates,
/// an import while another holds the store, Ctrl-C during an import.
@Suite struct HostileCLITests {
  let sandbox = Sandbox()

  func file(_ name: String, _ text: String) throws -> URL {
    let url = sandbox.folder.appendingPathComponent(name)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(text.utf8).write(to: url)
    return url
  }

  @Test func controlCharactersInAFileNameAreEscapedOnOneLine() throws {
    let url = try file("evil\u{1B}[2J\nname.json", #"{"hello": "world"}"#)
    let result = try sandbox.run(["import", url.path])
    #expect(result.status == 65)
    #expect(!result.stderr.contains("\u{1B}"), "an escape reached the terminal")
    #expect(result.stderr.contains(#"evil\u{1B}[2J\nname.json"#), "\(result.stderr)")
    #expect(result.stderr.split(separator: "\n").count == 1)
  }

  @Test func aTemplateNestedTooDeepIsAnErrorNotACrash() throws {
    let demo = CreatorCLITests.fixtures.appendingPathComponent("business-suite/demo-bakery-Jun-29-2026_Nov-22-2026.csv")
    #expect(try sandbox.run(["import", demo.path, "--timezone", "UTC"]).status == 0)
    let deep = String(repeating: "{{#a}}", count: 5_000) + String(repeating: "{{/a}}", count: 5_000)
    let template = try file("deep.mustache", deep)
    let result = try sandbox.run(["report", "--template", template.path])
    #expect(result.status != 0 && result.status < 128, "\(result.status)")
    #expect(result.stderr.contains("sections nested more than 200 deep"), "\(result.stderr)")
  }

  @Test func interruptedImportLeavesNoUnpackedCopy() throws {
    // A zip whose one data entry is large enough that the import is still running when it is interrupted.
    let zip = sandbox.folder.appendingPathComponent("big.zip")
    try FileManager.default.createDirectory(at: sandbox.folder, withIntermediateDirectories: true)
    let script = """
      import json, zipfile, sys
      posts = [{"media": [{"uri": "media/posts/1_2_%d.jpg" % (17700000000000000 + i), "creation_timestamp": 1700000000 + i, "title": "post %d #bread" % i}]} for i in range(300000)]
      with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
          z.writestr("export/your_instagram_activity/media/posts_1.json", json.dumps(posts))
      """
    let python = Process()
    python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    python.arguments = ["python3", "-c", script, zip.path]
    guard (try? python.run()) != nil else { return }
    python.waitUntilExit()
    guard python.terminationStatus == 0 else { return }
    let temporary = sandbox.folder.appendingPathComponent("tmp")
    try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
    let process = try sandbox.process(
      ["import", zip.path, "--account", "big"], environment: ["TMPDIR": temporary.path])
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    // Wait until the archive has been unpacked, then interrupt.
    var unpacked = false
    for _ in 0..<600 where process.isRunning {
      if let names = try? FileManager.default.contentsOfDirectory(atPath: temporary.path),
        names.contains(where: { $0.hasPrefix("creatorkit-") })
      {
        unpacked = true
        break
      }
      Thread.sleep(forTimeInterval: 0.05)
    }
    if process.isRunning { kill(process.processIdentifier, SIGINT) }
    process.waitUntilExit()
    let left = try FileManager.default.contentsOfDirectory(atPath: temporary.path)
    #expect(unpacked)
    #expect(process.terminationStatus == 128 + SIGINT, "the import was not interrupted")
    #expect(left.isEmpty, "left in TMPDIR: \(left)")
  }

  @Test func anUnreadableSubfolderIsAnError() throws {
    let export = sandbox.folder.appendingPathComponent("export")
    let posts = CreatorCLITests.fixtures.appendingPathComponent("instagram/brotzeit_20220315")
    try FileManager.default.createDirectory(at: sandbox.folder, withIntermediateDirectories: true)
    try FileManager.default.copyItem(at: posts, to: export)
    let hidden = export.appendingPathComponent("more")
    try FileManager.default.createDirectory(at: hidden, withIntermediateDirectories: true)
    try FileManager.default.copyItem(
      at: export.appendingPathComponent("content/posts_1.json"), to: hidden.appendingPathComponent("posts_2.json"))
    try FileManager.default.setAttributes([.posixPermissions: 0], ofItemAtPath: hidden.path)
    defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hidden.path) }
    var arguments = ["import", export.path]
    if getuid() == 0 {
      // Root reads every folder: run as nobody, with a store that user may write.
      guard FileManager.default.fileExists(atPath: "/usr/bin/setpriv") else { return }
      let writable = sandbox.folder.appendingPathComponent("nobody")
      try FileManager.default.createDirectory(at: writable, withIntermediateDirectories: true)
      try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: writable.path)
      arguments = [
        "--reuid=65534", "--regid=65534", "--clear-groups", CreatorCLITests.binary.path, "import", export.path,
        "--database", writable.appendingPathComponent("store.sqlite").path,
      ]
      let process = try sandbox.process(arguments)
      process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
      process.environment?["HOME"] = writable.path
      let result = try Sandbox.collect(process)
      #expect(result.status == 66, "\(result.stderr)")
      #expect(result.stderr.contains("export/more: cannot be read (permissions?)"), "\(result.stderr)")
    } else {
      let result = try sandbox.run(arguments)
      #expect(result.status == 66, "\(result.stderr)")
      #expect(result.stderr.contains("export/more: cannot be read (permissions?)"), "\(result.stderr)")
    }
  }

  @Test func aFileWhoseNameIsNotUTF8IsRead() throws {
    let fixture = CreatorCLITests.fixtures.appendingPathComponent(
      "business-suite/demo-bakery-Jun-29-2026_Nov-22-2026.csv")
    try FileManager.default.createDirectory(at: sandbox.folder, withIntermediateDirectories: true)
    // The name holds the byte 0xE9 (Latin-1 é): only a shell's printf can put it on a command line.
    let name = sandbox.folder.path + "/caf\\351.csv"
    let copy = Process()
    copy.executableURL = URL(fileURLWithPath: "/bin/sh")
    copy.arguments = ["-c", "cp \"$0\" \"$(printf '\(name)')\"", fixture.path]
    try copy.run()
    copy.waitUntilExit()
    let process = try sandbox.process([])
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = [
      "-c", "exec \"$0\" import \"$(printf '\(name)')\" --timezone UTC", CreatorCLITests.binary.path,
    ]
    let result = try Sandbox.collect(process)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("Instagram @demo.bakery: 60 posts"), "\(result.stdout)")
  }
}
