import Foundation
import GRDB
import Testing

@testable import CreatorKit

/// The benchmark's seeded stores: one account, or an agency's posts dealt to many.
@Suite struct BenchmarkSeedTests {
  @Test func anAgencysPostsAreDealtToItsAccounts() throws {
    let folder = try TemporaryFolder()
    let store = try folder.store()
    try store.seedForBenchmark(posts: 30, accounts: 3)
    let accounts = try store.accounts()
    #expect(accounts.map(\.account).sorted() == ["bench1", "bench2", "bench3"])
    #expect(accounts.allSatisfy { $0.postCount == 10 })
    let table = try store.table(SampleQuery(account: "bench2"))
    #expect(table.count == 10 && table.views.allSatisfy { $0 != PostTable.missing })
    // A second seed into the same store is refused.
    #expect(throws: StoreError.self) { try store.seedForBenchmark(posts: 1) }
  }

  @Test func aSeedOfNoPostsAddsNone() throws {
    let folder = try TemporaryFolder()
    let store = try folder.store()
    try store.seedForBenchmark(posts: 0, accounts: 2)
    #expect(try store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM post") } == 0)
    #expect(try store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM account") } == 2)
  }
}
