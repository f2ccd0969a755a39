import Foundation
import GRDB

/// The synthetic store the statistics, report and agency benchmarks run on (Benchmarks/README.md), written
/// once for both engines (`PostStore.seedForBenchmark`, `PostgresStore.seedForBenchmark`): every value is a
/// function of the post's number `i` (1 … posts), so both engines store the same rows.
///
/// Posts are on Instagram, one every five minutes up to 2026-11-22 22:00 UTC. One account `bench`; with
/// more (an agency's store) the posts are dealt to `bench1` … `benchN` in turn, each account posting every
/// `5 × accounts` minutes. Post `i` has the key `media:i`, two hashtags (`tag1` … `tag50`, `tag51` … `tag57`),
/// and one metric snapshot with id `i`, its newest.
enum BenchmarkSeed {
  /// The newest post's time: 2026-11-22 22:00 UTC.
  static let last: Int64 = 1_795_305_600
  /// Tags `tag1` … `tag60` are stored; posts use the first 57.
  static let hashtags = 60

  /// The columns `postValues` fills, in order.
  static let postColumns =
    "id, account_id, key, published_at, time_precision, caption, media_kind, media_count, source_file_id"

  /// The account of number `i`: `bench` alone, else `bench1` … `benchN`.
  static func accountName(_ i: String, accounts: Int) -> String {
    accounts == 1 ? "'bench'" : "'bench' || \(i)"
  }

  /// The account id of post `i` (an integer column or expression).
  static func accountID(_ i: String, accounts: Int) -> String { "1 + \(i) % \(max(1, accounts))" }

  /// The key of post `i`, its only one.
  static func key(_ i: String) -> String { "'media:' || \(i)" }

  /// The ids of post `i`'s two hashtags (`tag1` … `tag50`, then `tag51` … `tag57`).
  static func hashtagIDs(_ i: String) -> [String] { ["1 + \(i) % 50", "51 + \(i) % 7"] }

  /// The values of post `i` for `postColumns`.
  static func postValues(_ i: String, posts: Int, accounts: Int) -> String {
    let tags = hashtagIDs(i).map { " || ' #tag' || (\($0))" }.joined()
    return """
      \(i), \(accountID(i, accounts: accounts)), \(key(i)), \(last) - (\(posts) - \(i)) * 300, 'time',
        'Bake number ' || \(i)\(tags),
        CASE \(i) % 3 WHEN 0 THEN 'image' WHEN 1 THEN 'reel' ELSE 'carousel' END, 1, 1
      """
  }

  /// The columns `snapshotValues` fills, in order.
  static let snapshotColumns =
    "id, post_id, source, source_file_id, observed_at, likes, comments, shares, saves, reach, views"

  /// The one metric snapshot of post `i` (its id is `i` too), observed at the newest post's time. The counts
  /// look random but are the post number hashed: likes 0 … 199, comments 0 … 19, shares 0 … 9, saves
  /// 0 … 29, reach 1,000 … 2,999, views 2,000 … 5,999.
  static func snapshotValues(_ i: String) -> String {
    let counts = [
      (2_654_435_761, 0, 200), (2_246_822_519, 0, 20), (3_266_489_917, 0, 10), (668_265_263, 0, 30),
      (374_761_393, 1000, 2000), (3_735_928_559, 2000, 4000),
    ].map { prime, base, range in
      // Knuth's multiplicative hash in 32 bits, its high half: 64-bit integers in both engines, no overflow
      // below 2 billion posts.
      "\(base) + ((\(i) * \(prime)) % 4294967296 / 65536) % \(range)"
    }
    return "\(i), \(i), 'benchmark', 1, \(last), " + counts.joined(separator: ", ")
  }
}

extension PostStore {
  /// Fills an empty store with `posts` synthetic posts of `accounts` accounts, each with a metric snapshot
  /// and two hashtags, in SQL (`BenchmarkSeed` says what they are): the statistics and report benchmarks run
  /// on it (Benchmarks/README.md). Not for real stores.
  package func seedForBenchmark(posts: Int, accounts: Int = 1) throws {
    #if Postgres
      if case .postgres(let store) = engine { return try store.seedForBenchmark(posts: posts, accounts: accounts) }
    #endif
    let accounts = max(1, accounts)
    let seed = BenchmarkSeed.self
    try write(dryRun: false) { db in
      guard try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM post") == 0 else {
        throw StoreError(path: path, message: "the benchmark seeds an empty store only")
      }
      func numbers(to count: Int) -> String {
        "WITH RECURSIVE n(i) AS (SELECT 1 WHERE \(count) >= 1 UNION ALL SELECT i + 1 FROM n WHERE i < \(count))"
      }
      let tagLinks = seed.hashtagIDs("id").map {
        "INSERT INTO post_hashtag(post_id, hashtag_id) SELECT id, \($0) FROM post;"
      }.joined(separator: "\n")
      try db.execute(
        sql: """
          \(numbers(to: accounts))
          INSERT INTO account(id, platform, name) SELECT i, 'instagram', \(seed.accountName("i", accounts: accounts)) FROM n;
          INSERT INTO source_file(id, path) VALUES (1, 'benchmark');
          \(numbers(to: seed.hashtags))
          INSERT INTO hashtag(id, tag) SELECT i, 'tag' || i FROM n;
          \(numbers(to: posts))
          INSERT INTO post(\(seed.postColumns)) SELECT \(seed.postValues("i", posts: posts, accounts: accounts)) FROM n;
          INSERT INTO post_key(account_id, key, post_id) SELECT account_id, key, id FROM post;
          \(tagLinks)
          INSERT INTO metric_snapshot(\(seed.snapshotColumns)) SELECT \(seed.snapshotValues("id")) FROM post;
          UPDATE post SET latest_snapshot_id = id;
          INSERT INTO post_search(post_search) VALUES ('rebuild');
          \(StoreSchema.refreshAccountSummary(nil))
          """)
    }
  }
}
