// Import an export exactly as downloaded into a store, and print what was read and what was skipped.
import CreatorKit
import Foundation

// snippet.show
let store = try PostStore(path: PostStore.defaultPath())
let importer = Importer(store: store, options: ImportOptions(timeZone: TimeZone(identifier: "Europe/Berlin")!))
let report = try importer.run([URL(fileURLWithPath: "instagram-bakerbee-2026-11-20.zip")])
print(report.summaryLines.joined(separator: "\n"))

// Every record left out is counted, with the file, the place and the reason.
for skipped in report.skipped {
  print(skipped.file, skipped.place, skipped.reason)
}
// snippet.end
