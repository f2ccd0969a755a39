import Foundation

@testable import CreatorKit

/// The libFuzzer harness for the readers that see untrusted bytes, one per `CREATOR_FUZZ_TARGET`: `json`
/// (the streaming JSON reader), `csv`, `html`, `yaml` (post-file front matter and the alias scan), `zip`
/// (an archive opened and unpacked as an export), `template` (the nesting check) and `importers` (every
/// importer on one file of an export, with the import's checks on what it reads). Built only by
/// `scripts/fuzz`, with `-sanitize=fuzzer,address`; any error thrown is fine, a crash or a hang is a bug.
func fuzz(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
  let bytes = start.map { [UInt8](UnsafeBufferPointer(start: $0, count: count)) } ?? []
  switch FuzzTarget.current {
  case .json:
    for repairs in [false, true] {
      let reader = JSONStreamReader(input: ByteReader(bytes: bytes, chunkSize: 64), repairsMetaText: repairs)
      _ = try? reader.readValue()
      try? reader.finish()
    }
    if let value = try? JSONValue.parse(bytes) {
      _ = value.wholeNumber
      _ = value.notWholeNumber
      _ = MetricNumber(value)
    }
  case .csv:
    let reader = CSVReader(input: ByteReader(bytes: bytes, chunkSize: 64))
    var records = 0
    while records < 100_000, (try? reader.nextRecord()).flatMap({ $0 }) != nil { records += 1 }
    _ = CSVReader.header(from: bytes)
    _ = MetricNumber(String(decoding: bytes.prefix(64), as: UTF8.self))
  case .html:
    let data = Data(bytes)
    _ = HTMLNode.firstLongText(data)
    _ = HTMLNode.parse(data)?.textContent
  case .yaml:
    let text = String(decoding: bytes, as: UTF8.self)
    _ = YAMLAliasScan.firstAnchorOrAlias(in: text)
    _ = try? PostBrief.parse("---\n" + text + "\n---\nnotes\n", source: "fuzz.md")
  case .zip:
    let url = FuzzTarget.scratch.appendingPathComponent("input-\(getpid()).zip")
    guard (try? Data(bytes).write(to: url)) != nil else { return 0 }
    if let source = try? ExportSource(url: url) { source.close() }
  case .template:
    _ = TemplateNesting.lineTooDeep(in: String(decoding: bytes, as: UTF8.self))
  case .importers:
    // The first byte picks the file the rest becomes; every importer that claims it reads it, and what it
    // hands over passes the import's own checks (times, counts), as `Importer` does before writing.
    guard let first = bytes.first else { return 0 }
    let names = [
      "your_instagram_activity/media/posts_1.json", "past_instagram_insights/posts.json",
      "your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_1.json",
      "your_instagram_activity/threads/threads_and_replies.json", "data/tweets.js", "Table data.csv",
      "your_instagram_activity/media/posts_1.html", "Shares.csv", "page.csv",
    ]
    let folder = FuzzTarget.scratch.appendingPathComponent("export-\(getpid())")
    try? FileManager.default.removeItem(at: folder)
    let file = folder.appendingPathComponent(names[Int(first) % names.count])
    try? FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
    guard (try? Data(bytes.dropFirst()).write(to: file)) != nil, let source = try? ExportSource(url: folder)
    else { return 0 }
    let sink = CheckingSink()
    let context = ImportContext(account: "fuzz", timeZone: TimeZone(identifier: "UTC")!)
    for exportFile in source.files {
      for importer in ExportImporters.all where importer.claims(exportFile) {
        try? importer.read(exportFile, from: source, context: context, into: sink)
      }
    }
  }
  return 0
}

/// Takes what importers hand over and runs the import's checks on it, keeping nothing.
final class CheckingSink: ImportSink {
  let times = ImportLimits.postTimes()

  func add(_ post: Post) throws {
    if ImportLimits.skipReason(post, times: times) == nil { _ = Int64(epochSeconds: post.published.date)! }
  }
  func add(_ reading: MetricReading) throws {
    try ImportLimits.check(reading)
    _ = reading.values.engagements
  }
  func add(_ reading: AccountReading) throws { try ImportLimits.check(reading) }
  func skip(_ record: SkippedRecord) {}
  func note(_ text: String) {}
  func progress(file: ExportFile, bytesRead: Int) {}
}

enum FuzzTarget: String {
  case json, csv, html, yaml, zip, template, importers

  static let current =
    FuzzTarget(rawValue: ProcessInfo.processInfo.environment["CREATOR_FUZZ_TARGET"] ?? "") ?? .json
  static let scratch: URL = {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("creator-fuzz")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }()
}

/// The name libFuzzer's runtime looks for.
@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt { fuzz(start, count) }

/// libFuzzer's driver, from the runtime `-sanitize=fuzzer` links in.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
  _ argc: UnsafeMutablePointer<CInt>,
  _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
  _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

// SwiftPM names a debug executable's entry point itself, so libFuzzer's own `main` is not used: the driver is
// started from here.
var argumentCount = CommandLine.argc
var arguments = CommandLine.unsafeArgv
exit(runFuzzerDriver(&argumentCount, &arguments) { fuzz($0, $1) })
