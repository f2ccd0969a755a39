#if Postgres
  import Foundation
  import GRDB
  import Synchronization
  import Testing

  @testable import CreatorKit

  /// A store of one engine for one test, and the one way to read its rows back as text, so the same SQL
  /// reads both engines.
  final class EngineStore {
    enum Engine: String, CaseIterable, Sendable { case sqlite, postgres }

    let engine: Engine
    /// The store as every command opens it (`PostStore.open`), on either engine.
    let store: PostStore
    var target: any ImportTarget { store }
    /// The PostgreSQL store's URL (nil for SQLite).
    let url: String?
    private let folder: TemporaryFolder?
    private let database: TemporaryPostgresDatabase?
    private let sqlite: PostStore?
    private let postgres: PostgresConnection?

    init(_ engine: Engine) throws {
      self.engine = engine
      switch engine {
      case .sqlite:
        let folder = try TemporaryFolder()
        let store = try folder.store()
        (self.folder, sqlite, self.store, database, postgres, url) = (folder, store, store, nil, nil, nil)
      case .postgres:
        let database = try TemporaryPostgresDatabase()
        store = try PostStore.open(StoreLocation(database.url()))
        (self.database, folder, sqlite, url) = (database, nil, nil, database.url())
        postgres = try PostgresConnection(url: database.url())
      }
    }

    var dialect: StoreDialect { engine == .sqlite ? .sqlite : .postgres }

    /// The rows of `sql` as text (nil for null), in the order the query gives.
    func rows(_ sql: String, _ values: [String] = []) throws -> [[String?]] {
      if let postgres { return try postgres.execute(PostgresStore.numberingParameters(sql), values) }
      return try sqlite!.read { db in
        try Row.fetchAll(db, sql: sql, arguments: StatementArguments(values)).map { row in
          row.databaseValues.map { value in
            switch value.storage {
            case .null: return nil
            case .int64(let number): return String(number)
            case .double(let number): return String(number)
            case .string(let text): return text
            case .blob(let data): return data.base64EncodedString()
            }
          }
        }
      }
    }

    func importing(_ urls: [URL], timeZone: String = "UTC", timeZoneGiven: Bool = false) throws -> ImportReport {
      var options = ImportOptions(timeZone: TimeZone(identifier: timeZone)!)
      options.timeZoneGiven = timeZoneGiven
      return try Importer(store: target, options: options).run(urls)
    }

    /// Everything an import stores that a person could tell apart, by natural keys (never row ids, which
    /// the engines draw differently), sorted: equal on both engines means the same rows.
    func storedRows() throws -> [String: [String]] {
      let metrics = Metric.allCases.map { "s.\($0.rawValue)" }.joined(separator: ", ")
      let queries = [
        "post": """
        SELECT a.platform, a.name, p.key, p.published_at, p.assumed_time_zone, p.time_precision, p.caption,
          p.media_kind, p.media_count, p.permalink, f.path, f.export, p.relation, p.archived, p.media_path
        FROM post p JOIN account a ON a.id = p.account_id LEFT JOIN source_file f ON f.id = p.source_file_id
        """,
        "post_key": """
        SELECT a.platform, a.name, k.key, p.key FROM post_key k JOIN account a ON a.id = k.account_id
          JOIN post p ON p.id = k.post_id
        """,
        "post_hashtag": """
        SELECT a.name, p.key, t.tag FROM post_hashtag h JOIN post p ON p.id = h.post_id
          JOIN account a ON a.id = p.account_id JOIN hashtag t ON t.id = h.hashtag_id
        """,
        "post_mention": """
        SELECT a.name, p.key, m.handle FROM post_mention m JOIN post p ON p.id = m.post_id
          JOIN account a ON a.id = p.account_id
        """,
        "metric_snapshot": """
        SELECT a.name, p.key, s.source, s.observed_at, f.path, \(metrics) FROM metric_snapshot s
          JOIN post p ON p.id = s.post_id JOIN account a ON a.id = p.account_id
          LEFT JOIN source_file f ON f.id = s.source_file_id
        """,
        "latest": """
        SELECT a.name, p.key, s.source, s.observed_at, \(metrics) FROM post p JOIN account a ON a.id = p.account_id
          LEFT JOIN metric_snapshot s ON s.id = p.latest_snapshot_id
        """,
        "account_snapshot": """
        SELECT a.platform, a.name, s.source, s.observed_at, s.period, f.path, s.followers, s.follows, s.unfollows,
          s.net_followers
        FROM account_snapshot s JOIN account a ON a.id = s.account_id LEFT JOIN source_file f ON f.id = s.source_file_id
        """,
        "import": """
        SELECT inputs, time_zone, account_option, posts_read, posts_added, posts_updated, posts_unchanged,
          readings_read, readings_added, readings_updated, readings_unmatched, records_skipped,
          CASE WHEN finished_at IS NULL THEN 'open' ELSE 'finished' END
        FROM import
        """,
        "import_file": "SELECT file, importer, size FROM import_file",
        "import_skip": "SELECT file, place, reason FROM import_skip",
      ]
      return try queries.mapValues { sql in
        try rows(sql).map { row in row.map { $0 ?? "∅" }.joined(separator: " | ") }.sorted()
      }
    }

    /// The keys of the posts whose caption holds every word of `text`, by the engine's own search, as
    /// `creator posts --search` finds them.
    func search(_ text: String) throws -> [String] {
      var query = PostQuery()
      query.text = text
      return try store.posts(query).map(\.key).sorted()
    }
  }

  /// The same imports into SQLite and PostgreSQL store the same rows and give the same summary; PostgreSQL's
  /// own search finds what FTS5 finds.
  @Suite(.enabled(if: TestPostgres.enabled, "no PostgreSQL test cluster (scripts/postgres start)"))
  struct EngineParityTests {
    /// Imports, in order: posts and insights in one import (a CSV merging into posts the zip added moments
    /// before), the same export again (unchanged), then other platforms' exports and follower readings.
    static let imports: [[String]] = [
      [
        "instagram/bakerbee_20261120.zip",
        "business-suite/Nov-01-2025_Dec-15-2025_17841400000000000.csv",
      ],
      ["instagram/bakerbee_20261120.zip"],
      ["business-suite/Nov-01-2025_Dec-15-2025_17841400000000000.csv"],
      ["instagram/brotzeit_20220315"],
      ["instagram/tacotruck_20240610"],
      ["instagram/followers/crumbly_20261020"],
      ["instagram/followers/crumbly_20261120"],
      ["threads/spoolbaker_20251101"],
      ["tiktok/oventhyme-2024-11-01"],
      ["tiktok/oventhyme-2024-12-01"],
      ["x/twitter-2025-03-01-aa11bb"],
      ["youtube/takeout-2024"],
      ["linkedin/Basic_LinkedInDataExport_11-20-2026"],
      ["facebook/facebook-adabaker-2025-06-01-Mem"],
      ["business-suite/demo-bakery-Jun-29-2026_Nov-22-2026.csv"],
    ]

    /// What a person is told of one import (the summary's parts), comparable across engines.
    struct Told: Equatable {
      var accounts: [AccountTally]
      var skipped: [SkippedRecord]
      var notes: [String]
      var files: [String]

      init(_ report: ImportReport) {
        accounts = report.accounts
        skipped = report.skipped
        notes = report.notes
        files = report.filesRead.map { "\($0.file) \($0.importer) \($0.posts) \($0.readings) \($0.skipped)" }
      }
    }

    @Test func importsStoreTheSameRowsOnBothEngines() throws {
      var rows: [EngineStore.Engine: [String: [String]]] = [:]
      var reports: [EngineStore.Engine: [Told]] = [:]
      for engine in EngineStore.Engine.allCases {
        let store = try EngineStore(engine)
        for paths in Self.imports {
          reports[engine, default: []].append(
            Told(try store.importing(paths.map { fixtures.appendingPathComponent($0) })))
        }
        rows[engine] = try store.storedRows()
      }
      let sqlite = try #require(rows[.sqlite])
      let postgres = try #require(rows[.postgres])
      #expect((sqlite["post"]?.count ?? 0) > 50, "the fixtures add posts")
      #expect((sqlite["metric_snapshot"]?.count ?? 0) > 20, "and snapshots")
      for table in sqlite.keys.sorted() {
        #expect(sqlite[table] == postgres[table], "\(table) differs between the engines")
      }
      #expect(reports[.sqlite] == reports[.postgres])
    }

    @Test func aCaptionWithANULByteIsKeptOnSQLiteAndCountedWhenPostgresRemovesIt() throws {
      let folder = try TemporaryFolder()
      let export = folder.url.appendingPathComponent("brotzeit_20220316")
      try FileManager.default.copyItem(at: fixtures.appendingPathComponent("instagram/brotzeit_20220315"), to: export)
      let posts = export.appendingPathComponent("content/posts_1.json")
      try String(contentsOf: posts, encoding: .utf8).replacingOccurrences(
        of: "Laugenbrezel frisch", with: "Laugen\\u0000brezel frisch"
      ).write(to: posts, atomically: true, encoding: .utf8)
      let note = "1 caption had a NUL byte, removed: PostgreSQL text cannot hold it"
      let captions = "SELECT caption FROM post WHERE caption LIKE 'Laugen%'"
      let sqlite = try EngineStore(.sqlite)
      #expect(try !sqlite.importing([export]).notes.contains(note))
      #expect(
        try sqlite.rows("SELECT hex(caption) FROM post WHERE caption LIKE 'Laugen%'").first?.first??.hasPrefix(
          "4C617567656E0062") == true, "Laugen, NUL, b")
      let postgres = try EngineStore(.postgres)
      #expect(try postgres.importing([export]).notes.contains(note))
      #expect(try postgres.rows(captions).first?.first??.hasPrefix("Laugenbrezel frisch") == true)
      // Read again: the same caption, cleaned the same way, changes nothing.
      let again = try postgres.importing([export])
      #expect(again.notes.contains(note) && again.accounts.first?.postsUpdated == 0)
    }

    @Test(arguments: [
      "CREME brulee", "\"quoted\" OR drop", "lamination", "sourdough morning", "crème", "#sourdough", "Brötchen",
      "  ", "starter",
    ])
    func captionSearchFindsTheSamePostsOnBothEngines(text: String) throws {
      var found: [EngineStore.Engine: [String]] = [:]
      for engine in EngineStore.Engine.allCases {
        let store = try EngineStore(engine)
        _ = try store.importing([
          fixtures.appendingPathComponent("instagram/bakerbee_20261120.zip"),
          fixtures.appendingPathComponent("instagram/brotzeit_20220315"),
        ])
        found[engine] = try store.search(text)
      }
      #expect(found[.sqlite] == found[.postgres])
    }

    @Test func aReadsMarksAreNumberedOutsideQuotesOnly() {
      #expect(
        PostgresStore.numberingParameters("SELECT '?', \"a?\" FROM t WHERE x = ? AND y IN (?, ?) AND z = 'it''s?'")
          == "SELECT '?', \"a?\" FROM t WHERE x = $1 AND y IN ($2, $3) AND z = 'it''s?'")
    }

    @Test func searchIgnoresAccentsAndCaseOnPostgres() throws {
      let store = try EngineStore(.postgres)
      _ = try store.importing([fixtures.appendingPathComponent("instagram/bakerbee_20261120.zip")])
      #expect(try store.search("CREME brulee") == ["media:17811111111111111"])
      #expect(try store.search("\"quoted\" OR drop").isEmpty)
    }

    @Test func tenImportsAtOnceStoreWhatTheyStoreOneAfterAnother() throws {
      // Ten exports of ten different accounts, imported by ten connections at the same time, then one after
      // another into a second store: the same rows, no deadlock, nothing lost.
      let exports = [
        "instagram/bakerbee_20261120.zip", "instagram/brotzeit_20220315", "instagram/tacotruck_20240610",
        "threads/spoolbaker_20251101", "tiktok/oventhyme-2024-11-01", "x/twitter-2025-03-01-aa11bb",
        "youtube/takeout-2024", "linkedin/Basic_LinkedInDataExport_11-20-2026",
        "facebook/facebook-adabaker-2025-06-01-Mem", "business-suite/demo-bakery-Jun-29-2026_Nov-22-2026.csv",
      ]
      let together = try EngineStore(.postgres)
      let url = together.url!
      let failures = Mutex<[String]>([])
      DispatchQueue.concurrentPerform(iterations: exports.count) { index in
        do {
          let store = try PostgresStore(url: url)
          _ = try Importer(store: store, options: ImportOptions(timeZone: TimeZone(identifier: "UTC")!)).run([
            fixtures.appendingPathComponent(exports[index])
          ])
        } catch {
          failures.withLock { $0.append("\(exports[index]): \(error)") }
        }
      }
      #expect(failures.withLock { $0 } == [])
      let apart = try EngineStore(.postgres)
      for export in exports { _ = try apart.importing([fixtures.appendingPathComponent(export)]) }
      let rows = try together.storedRows()
      let expected = try apart.storedRows()
      #expect((rows["post"]?.count ?? 0) > 100)
      for table in expected.keys.sorted() {
        #expect(rows[table] == expected[table], "\(table)")
      }
    }

    @Test func migrationsAreRecordedOnceEach() throws {
      let database = try TemporaryPostgresDatabase()
      let first = try PostgresStore(url: database.url())
      let again = try PostgresStore(url: database.url())
      let names = PostgresStore.migrations.map(\.name)
      #expect(try first.appliedMigrations().sorted() == names.sorted())
      #expect(try again.appliedMigrations().count == names.count)
    }

    @Test func aDryRunLeavesThePostgresStoreAsItWas() throws {
      let store = try EngineStore(.postgres)
      var options = ImportOptions(timeZone: TimeZone(identifier: "UTC")!)
      options.dryRun = true
      let report = try Importer(store: store.target, options: options).run([
        fixtures.appendingPathComponent("instagram/bakerbee_20261120.zip")
      ])
      #expect(report.accounts.first?.postsAdded ?? 0 > 0)
      #expect(try store.rows("SELECT count(*) FROM post") == [["0"]])
      #expect(try store.rows("SELECT count(*) FROM import") == [["0"]])
    }
  }
#endif
