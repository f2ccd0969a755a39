import Foundation

@testable import CreatorKit

/// The libFuzzer harness for the readers that see untrusted bytes, one per `CREATOR_FUZZ_TARGET`: `json`
/// (the streaming JSON reader), `csv`, `html`, `yaml` (post-file front matter and the alias scan), `zip`
/// (an archive opened and unpacked as an export) and `template` (the nesting check). Built only by
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
  }
  return 0
}

enum FuzzTarget: String {
  case json, csv, html, yaml, zip, template

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
