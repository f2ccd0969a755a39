import Foundation
import GRDB

extension PostStore {
  /// Fills an empty store with `posts` synthetic posts on Instagram, each with a metric snapshot and two
  /// hashtags, in SQL: the statistics and report benchmarks run on it (Benchmarks/README.md). One account
  /// `bench` posts every five minutes up to 2026-11-22; with `accounts` > 1 (an agency's store) the posts are
  /// dealt to `bench1` … `benchN` in turn, each account posting every `5 × accounts` minutes. Not for real stores.
  package func seedForBenchmark(posts: Int, accounts: Int = 1) throws {
    let accounts = max(1, accounts)
    let last: Int64 = 1_795_305_600  // 2026-11-22 22:00 UTC
    try write(dryRun: false) { db in
      guard try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM post") == 0 else {
        throw StoreError(path: path, message: "the benchmark seeds an empty store only")
      }
      if accounts == 1 {
        try db.execute(sql: "INSERT INTO account(id, platform, name) VALUES (1, 'instagram', 'bench')")
      } else {
        try db.execute(
          sql: """
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
            INSERT INTO account(id, platform, name) SELECT i, 'instagram', 'bench' || i FROM n
            """, arguments: [accounts])
      }
      try db.execute(sql: "INSERT INTO source_file(id, path) VALUES (1, 'benchmark')")
      try db.execute(
        sql: """
          WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 60)
          INSERT INTO hashtag(id, tag) SELECT i, 'tag' || i FROM n;
          WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
          INSERT INTO post(id, account_id, key, published_at, time_precision, caption, media_kind, media_count, source_file_id)
          SELECT i, 1 + i % ?, 'media:' || i, ? - (? - i) * 300, 'time',
            'Bake number ' || i || ' #tag' || (1 + i % 50) || ' #tag' || (51 + i % 7),
            CASE i % 3 WHEN 0 THEN 'image' WHEN 1 THEN 'reel' ELSE 'carousel' END, 1, 1 FROM n;
          INSERT INTO post_key(account_id, key, post_id) SELECT account_id, key, id FROM post;
          INSERT INTO post_hashtag(post_id, hashtag_id) SELECT id, 1 + id % 50 FROM post;
          INSERT INTO post_hashtag(post_id, hashtag_id) SELECT id, 51 + id % 7 FROM post;
          INSERT INTO metric_snapshot(post_id, source, source_file_id, observed_at, likes, comments, shares, saves, reach, views)
          SELECT id, 'benchmark', 1, ?, abs(random() % 200), abs(random() % 20), abs(random() % 10),
            abs(random() % 30), 1000 + abs(random() % 2000), 2000 + abs(random() % 4000) FROM post;
          UPDATE post SET latest_snapshot_id = (SELECT id FROM metric_snapshot WHERE post_id = post.id);
          INSERT INTO post_search(post_search) VALUES ('rebuild');
          """, arguments: [posts, accounts, last, posts, last])
    }
  }
}
