import GRDB

/// The store's versioned migrations, written once for both engines: each is its SQL for a `StoreDialect`
/// (SQLite runs them through GRDB's migrator, PostgreSQL through `PostgresStore`). Add a new migration for
/// every change; never change what one that has shipped does.
enum StoreSchema {
  /// One migration: its name (the key both engines record it under) and its SQL in a dialect.
  struct Migration: Sendable {
    let name: String
    let sql: @Sendable (StoreDialect) -> String
  }

  static var migrator: DatabaseMigrator {
    var migrator = DatabaseMigrator()
    for migration in migrations {
      migrator.registerMigration(migration.name) { db in try db.execute(sql: migration.sql(.sqlite)) }
    }
    return migrator
  }

  static let migrations: [Migration] = [
    Migration(name: "v1: posts, keys, metric snapshots, imports, caption search") { d in
      d.ddl(
        """
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
          latest_snapshot_id INTEGER\(d.only(.sqlite, " REFERENCES metric_snapshot(id) ON DELETE SET NULL"))
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
        \(d.only(.postgres, """
            ALTER TABLE post ADD FOREIGN KEY (latest_snapshot_id) REFERENCES metric_snapshot(id) ON DELETE SET NULL
              DEFERRABLE INITIALLY DEFERRED;
            """))
        -- The newest reading of each post (ties between sources broken by the newest row).
        CREATE VIEW latest_metrics AS
          SELECT s.* FROM post p JOIN metric_snapshot s ON s.id = p.latest_snapshot_id;
        -- Caption search. Deleting a post removes its entry here; inserts and caption edits are indexed by
        -- StoreWriter, which adds an import's new posts in one set-based statement at the end (a trigger
        -- per row cost ten times as much on the 100,000-post benchmark).
        """) + "\n" + d.captionSearch
    },
    Migration(name: "v2: model call log and answer cache") { d in
      d.ddl(
        """
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
    },
    Migration(name: "v3: batch drafting state") { d in
      d.ddl(
        """
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
    },
    Migration(name: "v4: own posts, replies and reposts") { d in
      d.ddl(
        """
        ALTER TABLE post ADD COLUMN relation TEXT NOT NULL DEFAULT 'own'
          CHECK (relation IN ('own', 'reply', 'repost'));
        """)
    },
    Migration(name: "v5: fewer secondary indexes") { _ in
      // Each cost a B-tree insert per row on every import (340,000 hashtag links for 100,000 posts) for
      // look-ups nothing makes often: posts are never deleted one by one, and a tag filter scans the small
      // (post, tag) table in milliseconds.
      "DROP INDEX post_hashtag_by_tag; DROP INDEX post_key_by_post"
    },
    Migration(name: "v6: source files by id") { d in
      // The file a post or reading came from, once per file instead of its path on every row: a quarter of
      // a post row and half a snapshot row were that path. (PostgreSQL keeps a view's columns as they were
      // when it was made: latest_metrics is made again around the change.)
      d.ddl(
        """
        \(d.only(.postgres, "DROP VIEW latest_metrics;"))
        CREATE TABLE source_file (
          id INTEGER PRIMARY KEY,
          path TEXT NOT NULL UNIQUE
        );
        \(d.insertOrIgnore) source_file(path)
          SELECT source_file FROM post UNION SELECT source_file FROM metric_snapshot\(d.orIgnoreEnd);
        ALTER TABLE post ADD COLUMN source_file_id INTEGER REFERENCES source_file(id);
        UPDATE post SET source_file_id = (SELECT id FROM source_file WHERE path = post.source_file);
        ALTER TABLE post DROP COLUMN source_file;
        ALTER TABLE metric_snapshot ADD COLUMN source_file_id INTEGER REFERENCES source_file(id);
        UPDATE metric_snapshot SET source_file_id =
          (SELECT id FROM source_file WHERE path = metric_snapshot.source_file);
        ALTER TABLE metric_snapshot DROP COLUMN source_file;
        \(d.only(.postgres, "CREATE VIEW latest_metrics AS SELECT s.* FROM post p JOIN metric_snapshot s ON s.id = p.latest_snapshot_id;"))
        """)
    },
    Migration(name: "v7: account-level readings") { d in
      // Followers over a window, per export (Instagram's audience insights); one row per account, export
      // day and window, so the same export read again changes nothing.
      d.ddl(
        """
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
    },
    Migration(name: "v8: archived posts") { d in
      // Posts the creator archived (hidden from the profile): kept, listed, left out of statistics by default.
      d.ddl("ALTER TABLE post ADD COLUMN archived INTEGER NOT NULL DEFAULT 0")
    },
    Migration(name: "v9: friendly views for sqlite3 and Datasette") { d in
      // Read-only conveniences for people who open the store themselves (docs/store.md); nothing in
      // CreatorKit reads them. Dates are text in UTC and in the local time of whoever queries.
      friendlyViews(d)
    },
    Migration(name: "v10: where a post's first photo is") { _ in
      // The path inside the export on the post; the export's own path (zip or folder) once per source file.
      // The report reads the photo again for its thumbnail.
      """
      ALTER TABLE post ADD COLUMN media_path TEXT;
      ALTER TABLE source_file ADD COLUMN export TEXT;
      """
    },
    Migration(name: "v11: each account's metric readings, kept by its imports") { d in
      // `creator accounts` read every snapshot of every account for its metric columns: two minutes over an
      // agency's 10 million posts. Each import now counts again the accounts it touched (`refreshAccountSummary`).
      d.ddl(
        """
        CREATE TABLE account_summary (
          account_id INTEGER NOT NULL PRIMARY KEY REFERENCES account(id) ON DELETE CASCADE,
          posts_with_metrics INTEGER NOT NULL,
          snapshots INTEGER NOT NULL,
          \(Metric.allCases.map { "\($0.rawValue) INTEGER NOT NULL" }.joined(separator: ",\n    "))
        );
        """) + "\n" + refreshAccountSummary(nil)
    },
  ]

  /// Counts again the metric readings of the accounts with ids `accounts` (nil: every account) into
  /// `account_summary`: which metrics have a reading, how many posts have one, how many readings there are.
  /// One pass over those accounts' posts in the (account, time) index's order, each post's snapshots found by
  /// their index (SQLite keeps the order of a `CROSS JOIN`). Both engines' writers run it as an import ends,
  /// so `PostStore.accounts()` reads one row per account.
  static func refreshAccountSummary(_ accounts: [Int64]?) -> String {
    let list = accounts.map { $0.map(String.init).joined(separator: ", ") }
    let scope = list.map { " AND p.account_id IN (\($0))" } ?? ""
    return """
      DELETE FROM account_summary\(list.map { " WHERE account_id IN (\($0))" } ?? "");
      INSERT INTO account_summary (account_id, posts_with_metrics, snapshots, \(Metric.allCases.map(\.rawValue).joined(separator: ", ")))
      SELECT p.account_id, count(DISTINCT s.post_id), count(*), \(Metric.allCases.map { "count(s.\($0.rawValue))" }.joined(separator: ", "))
      FROM post p CROSS JOIN metric_snapshot s WHERE s.post_id = p.id\(scope) GROUP BY p.account_id;
      """
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
  static func friendlyViews(_ d: StoreDialect) -> String {
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
    let day = "CASE WHEN p.time_precision = 'day' THEN \(d.utcDay("p.published_at"))"
    return """
      CREATE VIEW post_overview AS
        SELECT p.id AS post_id, a.name AS account, a.platform AS platform, p.media_kind AS kind,
          p.relation AS relation, p.archived AS archived,
          \(day) ELSE \(d.minute("p.published_at", local: true)) END AS published_local,
          \(day) ELSE \(d.minute("p.published_at", local: false)) END AS published_utc,
          p.assumed_time_zone AS time_zone_assumed, p.caption AS caption, p.permalink AS permalink,
          \(metrics), \(d.minute("s.observed_at", local: false)) AS metrics_observed_utc,
          \(engagements) AS engagements, \(basis) AS rate_basis, \(denominator) AS rate_denominator,
          CASE WHEN (\(denominator)) > 0 THEN (\(engagements)) * 1.0 / (\(denominator)) END AS engagement_rate,
          p.published_at AS published_at
        FROM post p JOIN account a ON a.id = p.account_id
          LEFT JOIN metric_snapshot s ON s.id = p.latest_snapshot_id;
      CREATE VIEW weekly_summary AS
        SELECT account, platform,
          \(d.isoWeek("week_start")) AS iso_week,
          week_start, COUNT(*) AS posts,
          SUM(likes) AS likes, SUM(comments) AS comments, SUM(shares) AS shares, SUM(saves) AS saves,
          SUM(reach) AS reach, SUM(views) AS views, SUM(impressions) AS impressions,
          rate_basis, COUNT(engagement_rate) AS posts_with_rate,
          SUM(CASE WHEN engagement_rate IS NOT NULL THEN engagements END) * 1.0
            / SUM(CASE WHEN engagement_rate IS NOT NULL THEN rate_denominator END) AS pooled_engagement_rate
        FROM (
          SELECT *, \(d.weekStart("published_at")) AS week_start FROM post_overview
          WHERE relation != 'repost' AND archived = 0 AND kind != 'story')\(d.only(.postgres, " AS w"))
        GROUP BY account, platform, week_start\(d.only(.postgres, ", rate_basis"))
        ORDER BY account, platform, week_start;
      """
  }
}
