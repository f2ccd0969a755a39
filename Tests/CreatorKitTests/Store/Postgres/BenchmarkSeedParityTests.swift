#if Postgres
  import Foundation
  import Testing

  @testable import CreatorKit

  /// `creator-bench seed` writes the same agency store into SQLite and PostgreSQL, so figures measured on
  /// one engine compare with the other's.
  @Suite(.enabled(if: TestPostgres.enabled, "no PostgreSQL test cluster (scripts/postgres start)"))
  struct BenchmarkSeedParityTests {
    /// A seeded store of `engine`: 2,000 posts dealt to 10 accounts.
    static func seeded(_ engine: EngineStore.Engine) throws -> EngineStore {
      let store = try EngineStore(engine)
      try store.store.seedForBenchmark(posts: 2000, accounts: 10)
      return store
    }

    @Test func bothEnginesStoreTheSameRowsAndAnImportGoesOnFromThem() throws {
      var rows: [EngineStore.Engine: [String: [String]]] = [:]
      var found: [EngineStore.Engine: [String]] = [:]
      var afterImport: [EngineStore.Engine: [String: [String]]] = [:]
      for engine in EngineStore.Engine.allCases {
        let store = try Self.seeded(engine)
        rows[engine] = try store.storedRows()
        found[engine] = try store.search("tag7 bake")
        // The seed's ids are taken: an import after it adds its posts (PostgreSQL's id sequences moved on).
        let report = try store.importing([fixtures.appendingPathComponent("instagram/brotzeit_20220315")])
        #expect(report.accounts.reduce(0) { $0 + $1.postsAdded } > 0, "\(engine)")
        afterImport[engine] = try store.storedRows()
      }
      let sqlite = try #require(rows[.sqlite])
      #expect(sqlite["post"]?.count == 2000)
      #expect(sqlite["post_key"]?.count == 2000)
      #expect(sqlite["post_hashtag"]?.count == 4000)
      #expect(sqlite["metric_snapshot"]?.count == 2000)
      #expect(Set(sqlite["post"]?.map { $0.split(separator: " | ")[1] } ?? []).count == 10, "bench1 … bench10")
      #expect(sqlite["latest"]?.allSatisfy { $0.contains(" | benchmark | ") } == true, "every post's newest snapshot")
      for table in sqlite.keys.sorted() {
        #expect(sqlite[table] == rows[.postgres]?[table], "\(table) differs between the engines")
      }
      // Post i's first tag is tag(1 + i % 50): tag7 is on posts 6, 56, … 1956.
      #expect(found[.sqlite]?.count == 40 && found[.sqlite] == found[.postgres])
      let imported = try #require(afterImport[.sqlite])
      #expect((imported["post"]?.count ?? 0) > 2000)
      for table in imported.keys.sorted() {
        #expect(imported[table] == afterImport[.postgres]?[table], "\(table) differs after an import")
      }
    }

    @Test func aStoreWithPostsIsNotSeededAgain() throws {
      for engine in EngineStore.Engine.allCases {
        let store = try Self.seeded(engine)
        #expect(throws: StoreError.self, "\(engine)") { try Self.reseed(store) }
        #expect(try store.rows("SELECT count(*) FROM post").first?.first == "2000", "\(engine): nothing added")
      }
    }

    private static func reseed(_ store: EngineStore) throws {
      try store.store.seedForBenchmark(posts: 10, accounts: 1)
    }
  }
#endif
