import Foundation
import GRDB
import Testing

@testable import CreatorKit

@Suite struct PostStoreTests {
  @Test(arguments: TestEngine.available) func searchesCaptionsIgnoringAccentsAndCase(_ engine: TestEngine) throws {
    let folder = try TemporaryFolder()
    let store = try engine.makeStore()
    try importInto(store, fixtures.appendingPathComponent("instagram/bakerbee_20261120.zip"))
    var query = PostQuery()
    query.text = "CREME brulee"
    #expect(try store.posts(query).map(\.key) == ["media:17811111111111111"])
    query.text = "\"quoted\" OR drop"
    #expect(try store.posts(query).isEmpty)
  }

  @Test(arguments: TestEngine.available) func filtersByHashtagDateKindAndSorts(_ engine: TestEngine) throws {
    let folder = try TemporaryFolder()
    let store = try engine.makeStore()
    try importInto(store, fixtures.appendingPathComponent("instagram/bakerbee_20261120.zip"))
    var query = PostQuery()
    query.hashtag = "#Sourdough"
    #expect(try store.posts(query).count == 4)
    query.hashtag = " ＃SOURDOUGH"
    #expect(try store.posts(query).count == 4, "a full-width ＃ is a hashtag sign too, as in captions")
    query.hashtag = "#Sourdough"
    query.mediaKind = .reel
    #expect(try store.posts(query).count == 2)
    query = PostQuery()
    query.since = Date(timeIntervalSince1970: 1_760_000_000)
    query.until = Date(timeIntervalSince1970: 1_762_000_000)
    #expect(try store.posts(query).map(\.key) == ["media:17950639644008205", "media:17881210856973858"])
    query = PostQuery()
    query.order = .reach
    query.limit = 2
    #expect(try store.posts(query).map { $0.metrics[.reach] } == [2775, 1644])
  }

  @Test(arguments: TestEngine.available) func aLimitedListingIsTheHeadOfTheWholeOne(_ engine: TestEngine) throws {
    // A limit picks the posts by their sort keys first, then reads their details: the same posts, in the
    // same order, with the same tags and metrics as the head of the unlimited listing, for every order.
    let folder = try TemporaryFolder()
    let store = try engine.makeStore()
    try importInto(
      store, fixtures.appendingPathComponent("instagram/bakerbee_20261120.zip"),
      fixtures.appendingPathComponent("business-suite/Nov-01-2025_Dec-15-2025_17841400000000000.csv"))
    for order in PostQuery.Order.allCases {
      for hashtag in [nil, "sourdough"] {
        var query = PostQuery()
        query.order = order
        query.hashtag = hashtag
        let all = try store.posts(query)
        query.limit = 3
        let head = try store.posts(query)
        #expect(head.count == min(3, all.count))
        #expect(head.map(\.key) == all.prefix(3).map(\.key), "\(order)")
        #expect(
          head.map(\.hashtags) == all.prefix(3).map(\.hashtags) && head.map(\.metrics) == all.prefix(3).map(\.metrics))
      }
    }
  }

  @Test func importsLeaveEveryReferenceValidAndForeignKeysOnAgain() throws {
    // Imports write with foreign-key checks off (the writer makes every reference itself); this holds it to
    // that over every kind of export, new and merged, and checks the pragma is back on afterwards.
    let folder = try TemporaryFolder()
    let store = try folder.store()
    for export in [
      "instagram/bakerbee_20261120.zip", "instagram/brotzeit_20220315", "business-suite",
      "x/twitter-2024-07-30-9f8e7d", "tiktok/oventhyme-2024-11-01", "tiktok/oventhyme-2024-12-01",
      "threads/spoolbaker_20251101", "facebook",
    ] {
      try importInto(store, fixtures.appendingPathComponent(export), timeZone: "Europe/Berlin")
    }
    try importInto(store, fixtures.appendingPathComponent("instagram/bakerbee_20261120.zip"))
    let (violations, enabled) = try store.read { db in
      (try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").count, try Int.fetchOne(db, sql: "PRAGMA foreign_keys"))
    }
    #expect(violations == 0)
    #expect(enabled == 1)
    let writerEnabled = try store.write(dryRun: true) { db in try Int.fetchOne(db, sql: "PRAGMA foreign_keys") }
    #expect(writerEnabled == 1, "the writing connection has its checks back")
  }

  @Test func movesSourceFilePathsIntoTheirOwnTableKeepingEachPostsFile() throws {
    let folder = try TemporaryFolder()
    let path = folder.url.appendingPathComponent("old.sqlite").path
    let queue = try DatabaseQueue(path: path)
    try StoreSchema.migrator.migrate(queue, upTo: "v5: fewer secondary indexes")
    try queue.write { db in
      try db.execute(
        sql: """
          INSERT INTO account(id, platform, name) VALUES (1, 'instagram', 'bakerbee');
          INSERT INTO post(id, account_id, key, published_at, caption, media_kind, source_file)
            VALUES (1, 1, 'media:1', 1760000000, 'one', 'image', 'a/posts_1.json'),
                   (2, 1, 'media:2', 1760000100, 'two', 'image', 'b/posts_1.json');
          INSERT INTO post_key(account_id, key, post_id) VALUES (1, 'media:1', 1), (1, 'media:2', 2);
          INSERT INTO metric_snapshot(id, post_id, source, source_file, observed_at, likes)
            VALUES (1, 2, 'instagram-insights', 'b/insights.json', 1760000200, 7);
          UPDATE post SET latest_snapshot_id = 1 WHERE id = 2;
          """)
    }
    try queue.close()
    let store = try PostStore(path: path)
    let posts = try store.posts(PostQuery())
    #expect(posts.map(\.sourceFile).sorted() == ["a/posts_1.json", "b/posts_1.json"])
    #expect(posts.first { $0.key == "media:2" }?.metrics[.likes] == 7)
    let files = try store.read { db in try String.fetchAll(db, sql: "SELECT path FROM source_file ORDER BY path") }
    #expect(files == ["a/posts_1.json", "b/insights.json", "b/posts_1.json"])
    let reading = try store.read { db in
      try String.fetchOne(
        db, sql: "SELECT f.path FROM metric_snapshot s JOIN source_file f ON f.id = s.source_file_id")
    }
    #expect(reading == "b/insights.json")
  }

  @Test func usesWALAndSharesTheFileBetweenTwoWriters() async throws {
    let folder = try TemporaryFolder()
    let path = folder.url.appendingPathComponent("shared.sqlite").path
    let first = try PostStore(path: path)
    let second = try PostStore(path: path)
    #expect(try first.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") } == "wal")
    #expect(try first.read { try Int.fetchOne($0, sql: "PRAGMA page_size") } == 16384, "a new store's pages")
    let zip = fixtures.appendingPathComponent("instagram/bakerbee_20261120.zip")
    let csv = fixtures.appendingPathComponent("business-suite/svenska-Sep-01-2025_Sep-30-2025.csv")
    async let a: ImportReport = Task.detached { try importInto(first, zip) }.value
    async let b: ImportReport = Task.detached { try importInto(second, csv) }.value
    _ = try await (a, b)
    #expect(try first.accounts().map(\.account) == ["bakerbee", "kanelbulle"])
  }

  /// A post whose export has none of likes, comments, shares and saves has no engagements (nil), not 0:
  /// in Swift, in the statistics' read, in `post_overview` and in `creator posts --sort engagement`.
  @Test func engagementsAreNilWhenNoPartIsKnownEverywhere() throws {
    let folder = try TemporaryFolder()
    let store = try folder.store()
    let options = ImportOptions(timeZone: TimeZone(identifier: "UTC")!)
    let day = Date(timeIntervalSince1970: 1_760_000_000)
    let counts: [(key: String, values: MetricValues)] = [
      ("zero", MetricValues([.likes: 0, .reach: 100])), ("none", MetricValues([.reach: 500])),
      ("some", MetricValues([.comments: 3, .reach: 200])),
    ]
    try store.importing(inputs: [], options: options) { sink in
      for (offset, post) in counts.enumerated() {
        try sink.add(
          Post(
            platform: .instagram, account: "bakerbee", key: post.key,
            published: PostTime(date: day.addingTimeInterval(Double(offset) * 3600)), caption: post.key,
            mediaKind: .image, sourceFile: "posts.json"),
          metrics: post.values, observedAt: day.addingTimeInterval(86_400), source: "test", place: post.key)
      }
      _ = try sink.finish()
    }
    var query = PostQuery()
    query.order = .engagement
    let sorted = try store.posts(query)
    #expect(sorted.map(\.key) == ["some", "zero", "none"])
    #expect(sorted.map(\.engagements) == [3, 0, nil])
    let samples = try store.samples(SampleQuery(captions: true)).sorted { $0.key < $1.key }
    #expect(samples.map(\.engagements) == [nil, 3, 0])
    let table = try store.table(SampleQuery())
    #expect(table.engagements.map { $0 == PostTable.missing ? nil : $0 } == [0, nil, 3])
    let overview = try store.read { db in
      try Row.fetchAll(db, sql: "SELECT caption, engagements FROM post_overview ORDER BY caption")
        .map { "\($0[0] as String)=\(($0[1] as Int64?).map(String.init) ?? "nil")" }
    }
    #expect(overview == ["none=nil", "some=3", "zero=0"])
  }

  @Test func readsALocationAsAPathOrAServerURL() throws {
    #expect(StoreLocation("/x/y.sqlite") == .file(path: "/x/y.sqlite"))
    #expect(StoreLocation("store.sqlite") == .file(path: "store.sqlite"))
    #expect(StoreLocation("postgres:store.sqlite") == .file(path: "postgres:store.sqlite"))
    #expect(StoreLocation("file:///x/y.sqlite") == .file(path: "/x/y.sqlite"))
    #expect(StoreLocation("notes/a://b") == .file(path: "notes/a://b"))
    #expect(
      StoreLocation("PostgreSQL://u@h:5432/db") == .server(url: "PostgreSQL://u@h:5432/db", scheme: "postgresql"))
    #expect(StoreLocation("postgres://u:secret@h/db").displayName == "postgres://u:***@h/db")
    #expect(StoreLocation("postgres://u@h/db").displayName == "postgres://u@h/db")
    // Passwords URLComponents cannot parse, and passwords in the query, are masked too.
    #expect(StoreLocation("postgres://u:pa/ss@h/db").displayName == "postgres://u:***@h/db")
    #expect(StoreLocation("postgres://u:p@ss@h:5432/db").displayName == "postgres://u:***@h:5432/db")
    #expect(
      StoreLocation("postgres://u@h/db?sslmode=require&PassWord=s3cret&x=1").displayName
        == "postgres://u@h/db?sslmode=require&PassWord=***&x=1")
    #expect(StoreLocation("postgres://h/db?password=p@ss").displayName == "postgres://h/db?password=***")
    let error = #expect(throws: StoreError.self) {
      try PostStore.open(StoreLocation("postgres://u:secret@h.invalid/db"), mode: .existingOnly)
    }
    #if Postgres
      // The engine is built and tries the server, which does not exist; the message keeps the password out.
      #expect(error?.kind == .failure)
      #expect(error?.description.hasPrefix("postgres://u:***@h.invalid/db: ") == true)
      #expect(error?.description.contains("secret") == false)
    #else
      #expect(error?.kind == .unsupported)
      #expect(
        error?.description
          == "postgres://u:***@h.invalid/db: this build has no PostgreSQL engine: build with --traits Postgres")
    #endif
  }

  /// `creator accounts` counts agree with the posts listed, on both engines, and the light listing has the
  /// same accounts, posts and dates without the metric pass.
  @Test(arguments: TestEngine.available) func accountCountsAgreeWithTheListedPosts(_ engine: TestEngine) throws {
    let store = try engine.makeStore()
    try importInto(
      store, fixtures.appendingPathComponent("instagram/bakerbee_20261120.zip"),
      fixtures.appendingPathComponent("tiktok/oventhyme-2024-11-01"))
    let before = try store.accounts().first { $0.account == "bakerbee" }
    // Insights for bakerbee's posts in a later import: its summary is counted again.
    try importInto(
      store, fixtures.appendingPathComponent("business-suite/Nov-01-2025_Dec-15-2025_17841400000000000.csv"))
    let summaries = try store.accounts()
    let after = try #require(summaries.first { $0.account == "bakerbee" })
    #expect(after.snapshotCount != before?.snapshotCount, "the later import's readings are counted")
    #expect(summaries.count >= 2)
    for summary in summaries {
      var query = PostQuery()
      query.platform = summary.platform
      query.account = summary.account
      let posts = try store.posts(query)
      #expect(summary.postCount == posts.count, "\(summary.account)")
      #expect(summary.postsWithMetrics == posts.filter { $0.metricsObservedAt != nil }.count)
      #expect(summary.lastPost == posts.map(\.published.date).max())
      let seen = Set(posts.flatMap { post in Metric.allCases.filter { post.metrics[$0] != nil } })
      #expect(
        Set(summary.metrics).isSuperset(of: seen) && (summary.snapshotCount ?? -1) >= (summary.postsWithMetrics ?? 0))
    }
    let light = try store.accounts(.posts)
    #expect(light.map(\.account) == summaries.map(\.account))
    #expect(light.map(\.postCount) == summaries.map(\.postCount))
    #expect(light.allSatisfy { $0.postsWithMetrics == nil && $0.snapshotCount == nil && $0.metrics.isEmpty })
  }

  @Test func findsItsDefaultPathFromTheEnvironment() {
    #expect(PostStore.defaultPath(environment: ["CREATOR_DATABASE": "/x/y.sqlite", "HOME": "/h"]) == "/x/y.sqlite")
    #expect(
      PostStore.defaultPath(environment: ["XDG_DATA_HOME": "/d", "HOME": "/h"]) == "/d/creatorkit/creator.sqlite")
    #expect(PostStore.defaultPath(environment: ["HOME": "/h"]) == "/h/.local/share/creatorkit/creator.sqlite")
  }

  @Test func dryRunWritesNothingButCountsEverything() throws {
    let folder = try TemporaryFolder()
    let store = try folder.store()
    let before = try dump(store)
    let report = try importInto(store, fixtures.appendingPathComponent("instagram/bakerbee_20261120.zip"), dryRun: true)
    #expect(report.accounts.first?.postsAdded == 8)
    #expect(report.importID == nil)
    #expect(try dump(store) == before)
  }

  @Test func recordsEachImportWithItsFilesAndSkips() throws {
    let folder = try TemporaryFolder()
    let store = try folder.store()
    try importInto(store, fixtures.appendingPathComponent("instagram/bakerbee_20261120.zip"))
    let row = try #require(
      try store.read { db in
        try Row.fetchOne(db, sql: "SELECT posts_read, posts_added, readings_unmatched, records_skipped FROM import")
      })
    #expect(row[0] as Int == 8)
    #expect(row[1] as Int == 8)
    #expect(row[2] as Int == 1)
    #expect(row[3] as Int == 2)
    let files = try store.read { try String.fetchAll($0, sql: "SELECT importer FROM import_file ORDER BY importer") }
    #expect(files == ["instagram-insights", "instagram-json", "instagram-json", "instagram-json"])
  }
}

@Suite struct PostQueryTests {
  @Test func readsDaysInTheGivenZone() {
    let berlin = TimeZone(identifier: "Europe/Berlin")!
    #expect(PostQuery.startOfDay("2026-11-20", in: berlin) == ISO8601DateFormatter().date(from: "2026-11-19T23:00:00Z"))
    #expect(PostQuery.startOfDay("2026-02-30", in: berlin) == nil)
    #expect(PostQuery.startOfDay("yesterday", in: berlin) == nil)
  }
}

@Suite struct CaptionSearchIndexTests {
  func checkIndex(_ store: PostStore) throws {
    // PostgreSQL's search column is generated from the caption: it cannot disagree with it.
    guard store.dialect == .sqlite else { return }
    // Compares the index with the captions; fails with SQLITE_CORRUPT_VTAB when they disagree.
    try store.write(dryRun: true) { db in
      try db.execute(sql: "INSERT INTO post_search(post_search, rank) VALUES ('integrity-check', 1)")
    }
  }

  func search(_ store: PostStore, _ text: String) throws -> [String] {
    var query = PostQuery()
    query.text = text
    return try store.posts(query).map(\.key)
  }

  @Test(arguments: TestEngine.available) func indexesPostsAddedAndEditedInOneImport(_ engine: TestEngine) throws {
    let folder = try TemporaryFolder()
    let store = try engine.makeStore()
    // The CSV edits nothing here, but it merges into posts the zip added moments before in the same import.
    try importInto(
      store, fixtures.appendingPathComponent("instagram/bakerbee_20261120.zip"),
      fixtures.appendingPathComponent("business-suite/Nov-01-2025_Dec-15-2025_17841400000000000.csv"))
    try checkIndex(store)
    #expect(try search(store, "lamination") == ["media:18077777777777777"])
    #expect(try search(store, "sourdough morning") == ["media:17881210856973858"])
  }

  @Test(arguments: TestEngine.available) func replacesTheEntryOfACaptionEditedByALaterImport(_ engine: TestEngine)
    throws
  {
    let folder = try TemporaryFolder()
    let store = try engine.makeStore()
    let first = try folder.file(
      "a.csv", "Post ID,Account username,Publish time,Description\n1111111111111,me,01/02/2026 10:00,old words here\n")
    try importInto(store, first)
    let second = try folder.file(
      "b.csv", "Post ID,Account username,Publish time,Description\n1111111111111,me,01/02/2026 10:00,new caption\n")
    try importInto(store, second)
    try checkIndex(store)
    #expect(try search(store, "old").isEmpty)
    #expect(try search(store, "caption") == ["media:1111111111111"])
  }
}

@Suite struct SampleReadingTests {
  /// A store in `folder` with two Instagram exports (one with posts out of time order) and a Business Suite
  /// CSV with metrics.
  static func threeExports(in folder: TemporaryFolder) throws -> PostStore {
    let store = try folder.store()
    try importInto(
      store, fixtures.appendingPathComponent("instagram/tacotruck_20240610"),
      fixtures.appendingPathComponent("instagram/bakerbee_20261120.zip"),
      fixtures.appendingPathComponent("business-suite/Nov-01-2025_Dec-15-2025_17841400000000000.csv"))
    return store
  }

  /// The statistics' read path (three range scans, sorted in memory) must give what a plain SQL join gives.
  @Test func samplesMatchAJoinInTimeOrderWithTheirNewestMetricsAndTags() throws {
    let folder = try TemporaryFolder()
    let store = try Self.threeExports(in: folder)
    let samples = try store.samples(SampleQuery(captions: true))
    #expect(samples.count > 10)
    #expect(zip(samples, samples.dropFirst()).allSatisfy { ($0.published, $0.id) <= ($1.published, $1.id) })
    let expected = try store.read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT p.id, m.reach, m.likes, (SELECT group_concat(h.tag, ' ') FROM post_hashtag ph
            JOIN hashtag h ON h.id = ph.hashtag_id WHERE ph.post_id = p.id) AS tags
          FROM post p LEFT JOIN metric_snapshot m ON m.id = p.latest_snapshot_id WHERE p.media_kind != 'story'
          ORDER BY p.published_at, p.id
          """)
    }
    #expect(samples.map(\.id) == expected.map { $0["id"] as Int64 })
    for (sample, row) in zip(samples, expected) {
      #expect(sample.metrics[.reach] == row["reach"] as Int64?)
      #expect(sample.metrics[.likes] == row["likes"] as Int64?)
      let tags = (row["tags"] as String?)?.split(separator: " ").map(String.init).sorted() ?? []
      #expect(sample.hashtags.sorted() == tags)
    }
    // A large store is read in two halves of its id range side by side: the same posts, metrics and tags.
    for query in [SampleQuery(captions: true), SampleQuery(account: "bakerbee"), SampleQuery(platform: .tiktok)] {
      #expect(try store.samples(query, halvesFrom: 0) == store.samples(query, halvesFrom: .max))
    }
    #expect(try store.samples(SampleQuery(captions: true), halvesFrom: 0) == samples)
    // The portable read PostgreSQL takes gives the same samples and the same statistics' table on SQLite.
    let queries = [
      SampleQuery(captions: true), SampleQuery(account: "bakerbee"), SampleQuery(platform: .tiktok),
      SampleQuery(since: Date(timeIntervalSince1970: 1_757_000_000), captions: true),
      SampleQuery(account: "tacotruck", stories: .only), SampleQuery(includesArchived: true),
    ]
    for query in queries {
      let fast = try store.table(query, allMetrics: true, halvesFrom: .max)
      let portable = try store.table(query, allMetrics: true, halvesFrom: .max, portable: true)
      #expect(portable.samples == fast.samples, "\(query)")
      let rated = try store.table(query, allMetrics: false, halvesFrom: .max, portable: true)
      #expect(rated.ids == fast.ids && rated.metrics.isEmpty)
      #expect(
        AccountStatistics(rated, options: StatsOptions(query: query, timeZone: .gmt))
          == AccountStatistics(fast, options: StatsOptions(query: query, timeZone: .gmt)))
    }
    #expect(try !store.table(SampleQuery(account: "bakerbee"), allMetrics: true, halvesFrom: .max).isEmpty)
    let taco = try store.samples(SampleQuery(account: "tacotruck"))
    #expect(!taco.isEmpty && taco.allSatisfy { $0.account == "tacotruck" })
    #expect(try store.samples(SampleQuery(account: "@TacoTruck")).map(\.id) == taco.map(\.id), "no case, no @")
    #expect(try store.samples(SampleQuery(platform: .instagram, account: "tacotruck")).count == taco.count)
    #expect(try store.samples(SampleQuery(platform: .tiktok, account: "tacotruck")).isEmpty)
    #expect(try store.samples(SampleQuery(account: "nobody")).isEmpty)
  }

  /// One account of an agency's store: its posts lie among every other account's, so its tags and counts
  /// are looked up post by post instead of scanning every account's range; the same table either way.
  @Test func oneAccountAmongManyReadsTheSameTableAsAJoin() throws {
    let folder = try TemporaryFolder()
    let store = try folder.store()
    try store.seedForBenchmark(posts: 6_000, accounts: 12)
    for query in [SampleQuery(account: "bench5", captions: true), SampleQuery(account: "bench12")] {
      let fast = try store.table(query, allMetrics: true, halvesFrom: 0)
      let portable = try store.table(query, allMetrics: true, halvesFrom: 0, portable: true)
      #expect(fast.count == 500 && (0..<fast.count).allSatisfy { fast.hashtags(of: $0).count == 2 })
      #expect(fast.samples == portable.samples)
    }
  }

  /// `creator stats` computes over the store's compact columns (the rates' counts only, tags as ids); the
  /// library's `PostSample` path must give the very same figures, whichever way the table was read.
  @Test func statisticsOverTheStoresColumnsEqualThoseOverItsSamples() throws {
    let folder = try TemporaryFolder()
    let store = try Self.threeExports(in: folder)
    let utc = TimeZone(identifier: "UTC")!
    #expect(MediaKind.allCases.indices.allSatisfy { MediaKind.allCases[$0].index == $0 }, "kinds group by index")
    for query in [SampleQuery(), SampleQuery(account: "bakerbee"), SampleQuery(platform: .instagram)] {
      let samples = try store.samples(query)
      let options = StatsOptions(query: query, timeZone: utc)
      let expected = AccountStatistics(PostTable(samples), options: options)
      #expect(expected.overall.n > 0 || query.account != nil)
      for halvesFrom in [0, Int64.max] {
        let table = try store.table(query, allMetrics: false, halvesFrom: halvesFrom)
        #expect(table.ids == samples.map(\.id))
        #expect(table.metrics.isEmpty, "the statistics' table keeps no full metrics")
        #expect((0..<table.count).map { table.hashtags(of: $0) } == samples.map(\.hashtags))
        #expect(AccountStatistics(table, options: options) == expected)
      }
      #expect(PostTable(samples).samples == samples, "a table made from samples gives them back")
    }
  }
}

@Suite struct PostStoreOpenModeTests {
  @Test func existingOnlyNeverCreatesAFileOrItsFolder() throws {
    let folder = try TemporaryFolder()
    let path = folder.url.appendingPathComponent("typo/creator.sqlite").path
    #expect {
      try PostStore(path: path, mode: .existingOnly)
    } throws: { error in
      let error = error as? StoreError
      return error?.kind == .missing
        && error?.description == "no store at \(path) (import an export first, or check --database)"
    }
    #expect(!FileManager.default.fileExists(atPath: folder.url.appendingPathComponent("typo").path))
    _ = try PostStore(path: path)
    #expect(try PostStore(path: path, mode: .existingOnly).accounts().isEmpty)
  }
}
