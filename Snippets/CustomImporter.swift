// A new export format is one type: it claims files by their shape and reads them into a sink. Here, a
// planner's JSON Lines file of published posts, `{"id": "...", "time": 1764000000, "text": "..."}` a line.
import CreatorKit
import Foundation

// snippet.show
struct PlannerImporter: ExportImporter {
  let name = "planner-jsonl"
  let phase = ImportPhase.posts

  func claims(_ file: ExportFile) -> Bool {
    file.fileName.hasSuffix(".jsonl") && file.lowercasedPath.contains("planner")
  }

  func read(_ file: ExportFile, from source: ExportSource, context: ImportContext, into sink: any ImportSink) throws {
    guard let account = context.account else {
      throw ImportError(.needsOption, file: file.displayName, message: "name the account with --account")
    }
    guard file.size <= 64 << 20 else {
      throw ImportError(file: file.displayName, message: "larger than 64 MiB: not a planner's export")
    }
    let text = try String(contentsOf: file.url, encoding: .utf8)
    for (index, line) in text.split(separator: "\n").enumerated() {
      let place = "line \(index + 1)"
      guard
        let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
        let id = object["id"] as? String, let seconds = object["time"] as? Int64
      else {
        // Nothing is silently lost: every record left out is counted with its place and reason.
        sink.skip(SkippedRecord(file: file.displayName, place: place, reason: "not a planner record"))
        continue
      }
      try sink.add(
        Post(
          platform: .instagram, account: account, key: id, published: .epoch(seconds),
          caption: object["text"] as? String ?? "", mediaKind: .image, sourceFile: file.relativePath))
    }
    sink.progress(file: file, bytesRead: file.size)
  }
}

let store = try PostStore(path: PostStore.defaultPath())
let options = ImportOptions(account: "bakerbee", importers: ExportImporters.all + [PlannerImporter()])
let report = try Importer(store: store, options: options).run([URL(fileURLWithPath: "planner-export")])
print(report.summaryLines.joined(separator: "\n"))
// snippet.end
