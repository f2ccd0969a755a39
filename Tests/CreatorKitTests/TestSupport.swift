import Foundation
import GRDB
import Testing

@testable import CreatorKit

/// The repository's `fixtures/` folder.
let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent().appendingPathComponent("fixtures")

/// A fresh folder under the system's temporary folder, removed when the value is deinitialised.
final class TemporaryFolder {
  let url: URL

  init() throws {
    url = FileManager.default.temporaryDirectory.appendingPathComponent("creatorkit-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  }

  deinit { try? FileManager.default.removeItem(at: url) }

  func file(_ name: String, _ text: String) throws -> URL {
    try file(name, Data(text.utf8))
  }

  func file(_ name: String, _ data: Data) throws -> URL {
    let target = url.appendingPathComponent(name)
    try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
    try data.write(to: target)
    return target
  }

  func store(named name: String = "store.sqlite") throws -> PostStore {
    try PostStore(path: url.appendingPathComponent(name).path)
  }
}

/// Every row of every table, as text: two equal dumps mean the database did not change.
func dump(_ store: PostStore) throws -> String {
  try store.read { db in
    var text = ""
    let tables = try String.fetchAll(
      db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'post_search%' ORDER BY name")
    for table in tables {
      text += "## \(table)\n"
      for row in try Row.fetchAll(db, sql: "SELECT * FROM \"\(table)\" ORDER BY 1") { text += "\(row)\n" }
    }
    return text
  }
}

/// Imports and returns the report, with the machine's zone fixed for repeatable tests.
@discardableResult
func importInto(
  _ store: PostStore, _ urls: URL..., account: String? = nil, timeZone: String = "UTC", dryRun: Bool = false
) throws -> ImportReport {
  try Importer(
    store: store,
    options: ImportOptions(account: account, timeZone: TimeZone(identifier: timeZone)!, dryRun: dryRun)
  ).run(urls)
}

/// `posts` as the statistics read them: a table, and each row's rate by `basis`.
func rated(_ posts: [PostSample], by basis: RateBasis) -> (table: PostTable, rates: [RateEntry]) {
  let table = PostTable(posts)
  return (table, RateEntry.entries(table, basis: basis))
}
