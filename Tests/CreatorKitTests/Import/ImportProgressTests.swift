import Foundation
import Synchronization
import Testing

@testable import CreatorKit

@Suite struct ImportProgressTests {
  @Test func saysWhichFileHowManyPostsAndHowLongIsLeft() {
    let progress = ImportProgress(
      file: "b.csv", bytesRead: 50, fileSize: 100, fileNumber: 2, fileCount: 3, postsRead: 41_000,
      importBytesRead: 250, importBytes: 1_000)
    #expect(progress.line(elapsed: 1) == "file 2 of 3 · 41,000 posts read · 3 s left")
    #expect(progress.line(elapsed: 0.5) == "file 2 of 3 · 41,000 posts read", "too early to tell the time left")
    #expect(progress.line(elapsed: 100).hasSuffix("· 5 min left"))
  }

  @Test(arguments: TestEngine.available) func anImportReportsItsPlan(_ engine: TestEngine) throws {
    let folder = try TemporaryFolder()
    var rows = ["Post ID,Account username,Publish time,Reach"]
    for index in 0..<1_000 {
      rows.append("\(index),longbaker,03/0\(1 + index % 9)/2025 10:\(10 + index % 50),\(index)")
    }
    let first = try folder.file("Mar-01-2025_Mar-31-2025_1.csv", rows.joined(separator: "\n") + "\n")
    let second = try folder.file("Apr-01-2025_Apr-30-2025_1.csv", rows.joined(separator: "\n") + "\n")
    let seen = Mutex<[ImportProgress]>([])
    _ = try Importer(store: try engine.makeStore(), options: ImportOptions(timeZone: .gmt)).run(
      [first, second], progress: { progress in seen.withLock { $0.append(progress) } })
    let reports = seen.withLock { $0 }
    #expect(!reports.isEmpty)
    #expect(reports.allSatisfy { $0.fileCount == 2 && $0.importBytes == 2 * $0.fileSize })
    #expect(reports.contains { $0.fileNumber == 2 && $0.postsRead > 1_000 }, "the second file counts the first's posts")
    #expect(zip(reports, reports.dropFirst()).allSatisfy { $0.importBytesRead <= $1.importBytesRead })
  }
}
