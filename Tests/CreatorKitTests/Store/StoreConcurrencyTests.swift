import Foundation
import GRDB
import Synchronization
import Testing

@testable import CreatorKit

/// Two writers on one store (issue 18): opening a new store together, and an import while another holds
/// the write lock.
@Suite struct StoreConcurrencyTests {
  let folder: TemporaryFolder

  init() throws {
    folder = try TemporaryFolder()
  }

  @Test func twoOpeningANewStoreTogetherBothGetItsSchema() throws {
    for round in 0..<10 {
      let path = folder.url.appendingPathComponent("fresh-\(round).sqlite").path
      let failures = Mutex<[String]>([])
      let group = DispatchGroup()
      for _ in 0..<3 {
        group.enter()
        Thread {
          do { _ = try PostStore(path: path) } catch { failures.withLock { $0.append("\(error)") } }
          group.leave()
        }.start()
      }
      group.wait()
      #expect(failures.withLock { $0 }.isEmpty, "round \(round)")
      let store = try PostStore(path: path)
      try importInto(store, fixtures.appendingPathComponent("instagram/brotzeit_20220315"))
    }
  }

  @Test func anImportWaitsForTheWriterInsteadOfFailing() throws {
    let path = folder.url.appendingPathComponent("shared.sqlite").path
    let holder = try PostStore(path: path)
    let waited = DispatchSemaphore(value: 0)
    let told = Atomic<Int>(0)
    let second = try PostStore(path: path) {
      told.add(1, ordering: .relaxed)
      waited.signal()
    }
    let locked = DispatchSemaphore(value: 0)
    let release = DispatchSemaphore(value: 0)
    // Holds the write lock until the second store has said it waits, then lets go.
    let holding = Thread {
      try? holder.write(dryRun: false) { db in
        try db.execute(sql: "INSERT INTO import(started_at, inputs, time_zone) VALUES (0, 'holder', 'UTC')")
        locked.signal()
        release.wait()
      }
    }
    holding.start()
    locked.wait()
    let releaser = Thread {
      waited.wait()
      release.signal()
    }
    releaser.start()
    let report = try importInto(second, fixtures.appendingPathComponent("instagram/brotzeit_20220315"))
    #expect(report.accounts.first?.postsAdded == 2)
    #expect(told.load(ordering: .relaxed) == 1)
  }
}
