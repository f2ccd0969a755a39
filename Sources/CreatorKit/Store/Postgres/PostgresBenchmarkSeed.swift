#if Postgres
  extension PostgresStore {
    /// The tables the seed fills in bulk: their foreign keys and secondary indexes are dropped while it
    /// writes and made again from their own definitions when it is done, as a restore does.
    private static let seededTables = ["post", "post_key", "post_hashtag", "metric_snapshot"]

    /// Fills an empty store with the same `posts` synthetic posts of `accounts` accounts as
    /// `PostStore.seedForBenchmark` (`BenchmarkSeed` says what they are), server-side in one transaction:
    /// rows from `generate_series`, foreign keys checked and secondary indexes (the caption search's among
    /// them) built once at the end instead of row by row, the id sequences moved past the seeded ids so
    /// imports into the store go on from there, and the planner's statistics gathered. Not for real stores.
    package func seedForBenchmark(posts: Int, accounts: Int = 1) throws {
      let accounts = max(1, accounts)
      let seed = BenchmarkSeed.self
      do {
        try connection.transaction {
          guard try connection.integer("SELECT count(*) FROM (SELECT 1 FROM post LIMIT 1) AS any_post") == 0 else {
            throw StoreError(path: displayURL, message: "the benchmark seeds an empty store only")
          }
          // Sorting for the index builds and hashing for the key checks in memory (this transaction only).
          try connection.execute("SET LOCAL maintenance_work_mem = '512MB'; SET LOCAL work_mem = '256MB'")
          let tables = Self.seededTables.map { "'\($0)'::regclass" }.joined(separator: ", ")
          let foreignKeys = try connection.execute(
            """
            SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', conrelid::regclass, conname),
              format('ALTER TABLE %s ADD CONSTRAINT %I %s', conrelid::regclass, conname, pg_get_constraintdef(oid))
            FROM pg_constraint WHERE contype = 'f' AND conrelid IN (\(tables)) ORDER BY conrelid, conname
            """)
          let indexes = try connection.execute(
            """
            SELECT format('DROP INDEX %s', indexrelid::regclass), pg_get_indexdef(indexrelid)
            FROM pg_index WHERE indrelid IN (\(tables))
              AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conindid = indexrelid)
            ORDER BY indexrelid
            """)
          for statement in (foreignKeys + indexes).compactMap({ $0[0] }) { try connection.execute(statement) }
          let numbers = "generate_series(1::bigint, \(posts)) AS n(i)"
          let tagLinks = seed.hashtagIDs("i").map { "(\($0))" }.joined(separator: ", ")
          let rows = [
            """
            INSERT INTO account(id, platform, name)
              SELECT i, 'instagram', \(seed.accountName("i", accounts: accounts))
              FROM generate_series(1::bigint, \(accounts)) AS n(i)
            """,
            "INSERT INTO source_file(id, path) VALUES (1, 'benchmark')",
            "INSERT INTO hashtag(id, tag) SELECT i, 'tag' || i FROM generate_series(1::bigint, \(seed.hashtags)) AS n(i)",
            """
            INSERT INTO post(\(seed.postColumns), latest_snapshot_id)
              SELECT \(seed.postValues("i", posts: posts, accounts: accounts)), i FROM \(numbers)
            """,
            """
            INSERT INTO post_key(account_id, key, post_id)
              SELECT \(seed.accountID("i", accounts: accounts)), \(seed.key("i")), i FROM \(numbers)
            """,
            """
            INSERT INTO post_hashtag(post_id, hashtag_id)
              SELECT i, tag FROM \(numbers) CROSS JOIN LATERAL (VALUES \(tagLinks)) AS t(tag)
            """,
            "INSERT INTO metric_snapshot(\(seed.snapshotColumns)) SELECT \(seed.snapshotValues("i")) FROM \(numbers)",
          ]
          // One statement at a time, so the server's log times each.
          for statement in rows { try connection.execute(statement) }
          for statement in (foreignKeys + indexes).compactMap({ $0[1] }) { try connection.execute(statement) }
          for table in ["account", "source_file", "hashtag", "post", "metric_snapshot"] {
            try connection.execute(
              "SELECT setval(pg_get_serial_sequence('\(table)', 'id'), coalesce(max(id), 0) + 1, false) FROM \(table)"
            )
          }
          try connection.execute(StoreSchema.refreshAccountSummary(nil))
          try connection.execute("ANALYZE account, source_file, hashtag, \(Self.seededTables.joined(separator: ", "))")
        }
      } catch let error as PostgresError {
        throw StoreError(path: displayURL, message: error.message)
      }
    }
  }
#endif
