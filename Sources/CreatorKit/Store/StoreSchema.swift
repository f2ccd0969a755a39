import GRDB

/// The store's versioned migrations. Add a new `registerMigration` for every change; never edit one that
/// has shipped.
enum StoreSchema {
  static var migrator: DatabaseMigrator {
    var migrator = DatabaseMigrator()
    migrator.registerMigration("v1: posts, keys, metric snapshots, imports, caption search") { db in
      try db.execute(
        sql: """
          CREATE TABLE import (
            id INTEGER PRIMARY KEY,
            started_at REAL NOT NULL,
            finished_at REAL,
            inputs TEXT NOT NULL,
            time_zone TEXT NOT NULL,
            account_option TEXT,
            posts_read INTEGER NOT NULL DEFAULT 0,
            posts_added INTEGER NOT NULL DEFAULT 0,
            posts_updated INTEGER NOT NULL DEFAULT 0,
            posts_unchanged INTEGER NOT NULL DEFAULT 0,
            readings_read INTEGER NOT NULL DEFAULT 0,
            readings_added INTEGER NOT NULL DEFAULT 0,
            readings_updated INTEGER NOT NULL DEFAULT 0,
            readings_unmatched INTEGER NOT NULL DEFAULT 0,
            records_skipped INTEGER NOT NULL DEFAULT 0
          );
          CREATE TABLE import_file (
            import_id INTEGER NOT NULL REFERENCES import(id) ON DELETE CASCADE,
            file TEXT NOT NULL,
            importer TEXT NOT NULL,
            size INTEGER NOT NULL
          );
          CREATE TABLE import_skip (
            import_id INTEGER NOT NULL REFERENCES import(id) ON DELETE CASCADE,
            file TEXT NOT NULL,
            place TEXT NOT NULL,
            reason TEXT NOT NULL
          );
          -- One row per account on a platform; posts and keys refer to it by id.
          CREATE TABLE account (
            id INTEGER PRIMARY KEY,
            platform TEXT NOT NULL,
            name TEXT NOT NULL,
            UNIQUE (platform, name)
          );
          CREATE TABLE post (
            id INTEGER PRIMARY KEY,
            account_id INTEGER NOT NULL REFERENCES account(id),
            key TEXT NOT NULL,
            published_at INTEGER NOT NULL,
            assumed_time_zone TEXT,
            time_precision TEXT NOT NULL DEFAULT 'time',
            caption TEXT NOT NULL,
            media_kind TEXT NOT NULL,
            media_count INTEGER,
            permalink TEXT,
            source_file TEXT NOT NULL,
            first_import_id INTEGER REFERENCES import(id) ON DELETE SET NULL,
            last_import_id INTEGER REFERENCES import(id) ON DELETE SET NULL,
            -- The newest metric snapshot (by observed_at, then id), kept by StoreWriter so statistics join
            -- it directly instead of searching a million posts' snapshots.
            latest_snapshot_id INTEGER REFERENCES metric_snapshot(id) ON DELETE SET NULL
          );
          -- post.key is the post's main key; post_key holds it and every other key, and is the unique index.
          CREATE INDEX post_by_account_time ON post(account_id, published_at);
          CREATE TABLE post_key (
            account_id INTEGER NOT NULL REFERENCES account(id),
            key TEXT NOT NULL,
            post_id INTEGER NOT NULL REFERENCES post(id) ON DELETE CASCADE,
            PRIMARY KEY (account_id, key)
          ) WITHOUT ROWID;
          CREATE INDEX post_key_by_post ON post_key(post_id);
          -- Each distinct tag once (lower-cased, NFC); posts refer to it by id, which keeps the per-post rows
          -- and their index small.
          CREATE TABLE hashtag (
            id INTEGER PRIMARY KEY,
            tag TEXT NOT NULL UNIQUE
          );
          CREATE TABLE post_hashtag (
            post_id INTEGER NOT NULL REFERENCES post(id) ON DELETE CASCADE,
            hashtag_id INTEGER NOT NULL REFERENCES hashtag(id),
            PRIMARY KEY (post_id, hashtag_id)
          ) WITHOUT ROWID;
          CREATE INDEX post_hashtag_by_tag ON post_hashtag(hashtag_id, post_id);
          CREATE TABLE post_mention (
            post_id INTEGER NOT NULL REFERENCES post(id) ON DELETE CASCADE,
            handle TEXT NOT NULL,
            PRIMARY KEY (post_id, handle)
          ) WITHOUT ROWID;
          CREATE TABLE metric_snapshot (
            id INTEGER PRIMARY KEY,
            post_id INTEGER NOT NULL REFERENCES post(id) ON DELETE CASCADE,
            import_id INTEGER REFERENCES import(id) ON DELETE SET NULL,
            source TEXT NOT NULL,
            source_file TEXT NOT NULL,
            observed_at INTEGER NOT NULL,
            likes INTEGER, comments INTEGER, shares INTEGER, saves INTEGER, reach INTEGER, views INTEGER,
            impressions INTEGER, follows INTEGER, profile_visits INTEGER, link_taps INTEGER,
            UNIQUE (post_id, source, observed_at)
          );
          -- The newest reading of each post (ties between sources broken by the newest row).
          CREATE VIEW latest_metrics AS
            SELECT s.* FROM post p JOIN metric_snapshot s ON s.id = p.latest_snapshot_id;
          -- Caption search. Deleting a post removes its entry here; inserts and caption edits are indexed by
          -- StoreWriter, which adds an import's new posts in one set-based statement at the end (a trigger
          -- per row cost ten times as much on the 100,000-post benchmark).
          CREATE VIRTUAL TABLE post_search USING fts5(
            caption, content='post', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
          CREATE TRIGGER post_search_delete AFTER DELETE ON post BEGIN
            INSERT INTO post_search(post_search, rowid, caption) VALUES ('delete', old.id, old.caption);
          END;
          """)
    }
    migrator.registerMigration("v2: model call log and answer cache") { db in
      try db.execute(
        sql: """
          CREATE TABLE model_call (
            id INTEGER PRIMARY KEY,
            started_at REAL NOT NULL,
            provider TEXT NOT NULL,
            endpoint TEXT NOT NULL,
            model TEXT NOT NULL,
            messages TEXT NOT NULL,
            options TEXT NOT NULL,
            streamed INTEGER NOT NULL,
            cache_key TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('ok', 'error', 'cached', 'cancelled')),
            response TEXT,
            reasoning TEXT,
            finish_reason TEXT,
            input_tokens INTEGER,
            output_tokens INTEGER,
            duration_ms INTEGER NOT NULL,
            attempts INTEGER NOT NULL,
            http_status INTEGER,
            error TEXT,
            cached_from INTEGER REFERENCES model_call(id)
          );
          CREATE INDEX model_call_cache ON model_call(cache_key) WHERE status = 'ok';
          CREATE INDEX model_call_started ON model_call(started_at);
          """)
    }
    migrator.registerMigration("v3: batch drafting state") { db in
      try db.execute(
        sql: """
          CREATE TABLE batch_item (
            key TEXT PRIMARY KEY,
            input TEXT NOT NULL,
            brief_id TEXT NOT NULL,
            platform TEXT NOT NULL,
            task TEXT NOT NULL CHECK (task IN ('captions', 'hashtags')),
            engine TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('done', 'failed')),
            result TEXT,
            error TEXT,
            finished_at REAL NOT NULL
          );
          """)
    }
    migrator.registerMigration("v4: own posts, replies and reposts") { db in
      try db.execute(
        sql: """
          ALTER TABLE post ADD COLUMN relation TEXT NOT NULL DEFAULT 'own'
            CHECK (relation IN ('own', 'reply', 'repost'));
          """)
    }
    migrator.registerMigration("v5: fewer secondary indexes") { db in
      // Each cost a B-tree insert per row on every import (340,000 hashtag links for 100,000 posts) for
      // look-ups nothing makes often: posts are never deleted one by one, and a tag filter scans the small
      // (post, tag) table in milliseconds.
      try db.execute(sql: "DROP INDEX post_hashtag_by_tag; DROP INDEX post_key_by_post")
    }
    migrator.registerMigration("v6: source files by id") { db in
      // The file a post or reading came from, once per file instead of its path on every row: a quarter of
      // a post row and half a snapshot row were that path.
      try db.execute(
        sql: """
          CREATE TABLE source_file (
            id INTEGER PRIMARY KEY,
            path TEXT NOT NULL UNIQUE
          );
          INSERT OR IGNORE INTO source_file(path)
            SELECT source_file FROM post UNION SELECT source_file FROM metric_snapshot;
          ALTER TABLE post ADD COLUMN source_file_id INTEGER REFERENCES source_file(id);
          UPDATE post SET source_file_id = (SELECT id FROM source_file WHERE path = post.source_file);
          ALTER TABLE post DROP COLUMN source_file;
          ALTER TABLE metric_snapshot ADD COLUMN source_file_id INTEGER REFERENCES source_file(id);
          UPDATE metric_snapshot SET source_file_id =
            (SELECT id FROM source_file WHERE path = metric_snapshot.source_file);
          ALTER TABLE metric_snapshot DROP COLUMN source_file;
          """)
    }
    migrator.registerMigration("v7: account-level readings") { db in
      // Followers over a window, per export (Instagram's audience insights); one row per account, export
      // day and window, so the same export read again changes nothing.
      try db.execute(
        sql: """
          CREATE TABLE account_snapshot (
            id INTEGER PRIMARY KEY,
            account_id INTEGER NOT NULL REFERENCES account(id),
            import_id INTEGER REFERENCES import(id) ON DELETE SET NULL,
            source TEXT NOT NULL,
            source_file_id INTEGER REFERENCES source_file(id),
            observed_at INTEGER NOT NULL,
            period TEXT NOT NULL,
            followers INTEGER, follows INTEGER, unfollows INTEGER, net_followers INTEGER,
            UNIQUE (account_id, source, observed_at, period)
          );
          """)
    }
    migrator.registerMigration("v8: archived posts") { db in
      // Posts the creator archived (hidden from the profile): kept, listed, left out of statistics by default.
      try db.execute(sql: "ALTER TABLE post ADD COLUMN archived INTEGER NOT NULL DEFAULT 0")
    }
    migrator.registerMigration("v9: friendly views for sqlite3 and Datasette") { db in
      // Read-only conveniences for people who open the store themselves (docs/store.md); nothing in
      // CreatorKit reads them. Dates are text in UTC and in the local time of whoever queries.
      try db.execute(sql: friendlyViews)
    }
    migrator.registerMigration("v10: where a post's first photo is") { db in
      // The path inside the export on the post; the export's own path (zip or folder) once per source file.
      // The report reads the photo again for its thumbnail.
      try db.execute(
        sql: """
          ALTER TABLE post ADD COLUMN media_path TEXT;
          ALTER TABLE source_file ADD COLUMN export TEXT;
          """)
    }
    return migrator
  }

  /// Likes + comments + shares + saves of the `metric_snapshot` row aliased `snapshot`, from the parts it
  /// has, and NULL when it has none of them (not 0): `MetricValues.engagements` in SQL, the one rule every
  /// query that sums engagements uses.
  static func engagementsSQL(snapshot: String) -> String {
    let parts = Metric.engagementParts.map { "\(snapshot).\($0.rawValue)" }
    return "CASE WHEN coalesce(\(parts.joined(separator: ", "))) IS NULL THEN NULL ELSE "
      + parts.map { "coalesce(\($0), 0)" }.joined(separator: " + ") + " END"
  }

  /// `post_overview` (one readable row per post with its newest metrics and engagement rate by the
  /// platform's default denominator) and `weekly_summary` (feed posts per account and ISO week). The rate
  /// rules come from `RateBasis.default(for:)` and `Metric.engagementParts`, so the views and the statistics
  /// agree.
  static var friendlyViews: String {
    let engagements = engagementsSQL(snapshot: "s")
    let fallback = RateBasis.default(for: nil)
    var basisCases: [String] = []
    var denominatorCases: [String] = []
    for basis in RateBasis.allCases where basis != fallback {
      let platforms = Platform.allCases.filter { RateBasis.default(for: $0) == basis }
      guard let metric = basis.metric, !platforms.isEmpty else { continue }
      let list = platforms.map { "'\($0.rawValue)'" }.joined(separator: ", ")
      basisCases.append("WHEN a.platform IN (\(list)) THEN '\(basis.rawValue)'")
      denominatorCases.append("WHEN a.platform IN (\(list)) THEN s.\(metric.rawValue)")
    }
    let basis = "CASE " + basisCases.joined(separator: " ") + " ELSE '\(fallback.rawValue)' END"
    let denominator =
      "CASE " + denominatorCases.joined(separator: " ") + " ELSE s.\(fallback.metric?.rawValue ?? "reach") END"
    let metrics = Metric.allCases.map { "s.\($0.rawValue) AS \($0.rawValue)" }.joined(separator: ", ")
    let day = "CASE WHEN p.time_precision = 'day' THEN date(p.published_at, 'unixepoch')"
    return """
      CREATE VIEW post_overview AS
        SELECT p.id AS post_id, a.name AS account, a.platform AS platform, p.media_kind AS kind,
          p.relation AS relation, p.archived AS archived,
          \(day) ELSE strftime('%Y-%m-%d %H:%M', p.published_at, 'unixepoch', 'localtime') END AS published_local,
          \(day) ELSE strftime('%Y-%m-%d %H:%M', p.published_at, 'unixepoch') END AS published_utc,
          p.assumed_time_zone AS time_zone_assumed, p.caption AS caption, p.permalink AS permalink,
          \(metrics), strftime('%Y-%m-%d %H:%M', s.observed_at, 'unixepoch') AS metrics_observed_utc,
          \(engagements) AS engagements, \(basis) AS rate_basis, \(denominator) AS rate_denominator,
          CASE WHEN (\(denominator)) > 0 THEN (\(engagements)) * 1.0 / (\(denominator)) END AS engagement_rate,
          p.published_at AS published_at
        FROM post p JOIN account a ON a.id = p.account_id
          LEFT JOIN metric_snapshot s ON s.id = p.latest_snapshot_id;
      CREATE VIEW weekly_summary AS
        SELECT account, platform,
          printf('%s-W%02d', strftime('%Y', week_start, '+3 days'),
            (CAST(strftime('%j', week_start, '+3 days') AS INTEGER) - 1) / 7 + 1) AS iso_week,
          week_start, COUNT(*) AS posts,
          SUM(likes) AS likes, SUM(comments) AS comments, SUM(shares) AS shares, SUM(saves) AS saves,
          SUM(reach) AS reach, SUM(views) AS views, SUM(impressions) AS impressions,
          rate_basis, COUNT(engagement_rate) AS posts_with_rate,
          SUM(CASE WHEN engagement_rate IS NOT NULL THEN engagements END) * 1.0
            / SUM(CASE WHEN engagement_rate IS NOT NULL THEN rate_denominator END) AS pooled_engagement_rate
        FROM (
          SELECT *, date(published_at, 'unixepoch', 'weekday 0', '-6 days') AS week_start FROM post_overview
          WHERE relation != 'repost' AND archived = 0 AND kind != 'story')
        GROUP BY account, platform, week_start
        ORDER BY account, platform, week_start;
      """
  }
}
