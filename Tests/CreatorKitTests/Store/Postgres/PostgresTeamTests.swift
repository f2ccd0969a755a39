#if Postgres
  import Foundation
  import Testing

  @testable import CreatorKit

  /// Two team members and three accounts on one PostgreSQL store: each member reads and writes only the
  /// accounts granted to them, at the SQL level and through the store's own import.
  @Suite(.enabled(if: TestPostgres.enabled, "no PostgreSQL test cluster (scripts/postgres start)"))
  struct PostgresTeamTests {
    /// A store with bakerbee, brotzeit and tacotruck imported by the owner; ana is granted bakerbee and
    /// brotzeit, ben tacotruck.
    final class Team {
      let database: TemporaryPostgresDatabase
      let owner: PostgresStore
      let ana: String
      let ben: String

      init() throws {
        database = try TemporaryPostgresDatabase()
        owner = try PostgresStore(url: database.url())
        for path in ["instagram/bakerbee_20261120.zip", "instagram/brotzeit_20220315", "instagram/tacotruck_20240610"] {
          _ = try Importer(store: owner, options: ImportOptions(timeZone: TimeZone(identifier: "UTC")!)).run([
            fixtures.appendingPathComponent(path)
          ])
        }
        ana = try database.makeRole("ana")
        ben = try database.makeRole("ben")
        try owner.grant(role: ana, platform: .instagram, account: "bakerbee")
        try owner.grant(role: ana, platform: .instagram, account: "brotzeit")
        try owner.grant(role: ben, platform: .instagram, account: "tacotruck")
      }

      /// A connection as `role`.
      func connect(_ role: String) throws -> PostgresConnection { try PostgresConnection(url: database.url(as: role)) }

      /// The owner's count of rows of `table` that belong to `accounts` (by the account's name).
      func ownerCount(_ sql: String) throws -> Int64 { try owner.connection.integer(sql) ?? -1 }
    }

    /// Per table, the SQL that counts its rows and the account each row belongs to.
    static let readPaths: [(table: String, accountsOf: String)] = [
      ("account", "SELECT name FROM account"),
      ("post", "SELECT a.name FROM post p JOIN account a ON a.id = p.account_id"),
      ("post_key", "SELECT a.name FROM post_key k JOIN account a ON a.id = k.account_id"),
      (
        "post_hashtag",
        "SELECT a.name FROM post_hashtag h JOIN post p ON p.id = h.post_id JOIN account a ON a.id = p.account_id"
      ),
      (
        "post_mention",
        "SELECT a.name FROM post_mention m JOIN post p ON p.id = m.post_id JOIN account a ON a.id = p.account_id"
      ),
      (
        "metric_snapshot",
        "SELECT a.name FROM metric_snapshot s JOIN post p ON p.id = s.post_id JOIN account a ON a.id = p.account_id"
      ),
      ("account_snapshot", "SELECT a.name FROM account_snapshot s JOIN account a ON a.id = s.account_id"),
    ]

    @Test func eachMemberReadsOnlyTheAccountsGrantedToThem() throws {
      let team = try Team()
      let ana = try team.connect(team.ana)
      let ben = try team.connect(team.ben)
      for path in Self.readPaths {
        let all = Set(try team.owner.connection.execute(path.accountsOf).compactMap { $0[0] })
        let anaSees = Set(try ana.execute(path.accountsOf).compactMap { $0[0] })
        let benSees = Set(try ben.execute(path.accountsOf).compactMap { $0[0] })
        #expect(anaSees.isSubset(of: ["bakerbee", "brotzeit"]), "ana reads only her accounts in \(path.table)")
        #expect(benSees.isSubset(of: ["tacotruck"]), "ben reads only his account in \(path.table)")
        // Every row the owner sees of their accounts, they see too (the policy hides nothing of their own).
        #expect(anaSees == all.intersection(["bakerbee", "brotzeit"]), "\(path.table)")
        #expect(benSees == all.intersection(["tacotruck"]), "\(path.table)")
      }
      #expect(
        try ana.integer("SELECT count(*) FROM post")
          == team.ownerCount(
            "SELECT count(*) FROM post p JOIN account a ON a.id = p.account_id WHERE a.name IN ('bakerbee', 'brotzeit')"
          ))
      // The owner's imports are not the members'.
      #expect(try ana.integer("SELECT count(*) FROM import") == 0)
      #expect(try ana.integer("SELECT count(*) FROM import_file") == 0)
      #expect(try ana.integer("SELECT count(*) FROM import_skip") == 0)
    }

    @Test func sharedTagsSourceFilesAndViewsShowAMemberOnlyTheirAccounts() throws {
      let team = try Team()
      let ana = try team.connect(team.ana)
      let hers = "('bakerbee', 'brotzeit')"
      let tagsOfHerPosts = Set(
        try team.owner.connection.execute(
          """
          SELECT DISTINCT t.tag FROM hashtag t JOIN post_hashtag h ON h.hashtag_id = t.id JOIN post p ON p.id = h.post_id
            JOIN account a ON a.id = p.account_id WHERE a.name IN \(hers)
          """
        ).compactMap { $0[0] })
      let allTags = Set(try team.owner.connection.execute("SELECT tag FROM hashtag").compactMap { $0[0] })
      #expect(!allTags.subtracting(tagsOfHerPosts).isEmpty, "tacotruck has tags of its own")
      #expect(Set(try ana.execute("SELECT tag FROM hashtag").compactMap { $0[0] }) == tagsOfHerPosts)
      let filesOfHerRows = Set(
        try team.owner.connection.execute(
          """
          SELECT f.path FROM source_file f WHERE f.id IN (
            SELECT p.source_file_id FROM post p JOIN account a ON a.id = p.account_id WHERE a.name IN \(hers)
            UNION SELECT s.source_file_id FROM metric_snapshot s JOIN post p ON p.id = s.post_id
              JOIN account a ON a.id = p.account_id WHERE a.name IN \(hers)
            UNION SELECT s.source_file_id FROM account_snapshot s JOIN account a ON a.id = s.account_id
              WHERE a.name IN \(hers))
          """
        ).compactMap { $0[0] })
      let anaFiles = Set(try ana.execute("SELECT path FROM source_file").compactMap { $0[0] })
      #expect(!filesOfHerRows.isEmpty && anaFiles == filesOfHerRows)
      #expect(!anaFiles.contains { $0.contains("tacotruck") })
      // Another account's files she can neither change nor delete; her own files' paths stay as they are.
      let before = try team.owner.connection.execute("SELECT id, path, export FROM source_file ORDER BY id")
      try ana.execute("UPDATE source_file SET export = 'elsewhere.zip' WHERE path LIKE 'tacotruck%'")
      #expect(throws: PostgresError.self) { try ana.execute("DELETE FROM source_file WHERE path LIKE 'tacotruck%'") }
      #expect(throws: PostgresError.self) { try ana.execute("UPDATE source_file SET path = 'renamed'") }
      #expect(throws: PostgresError.self) { try ana.execute("INSERT INTO hashtag(tag) VALUES ('probe')") }
      #expect(throws: PostgresError.self) { try ana.execute("DELETE FROM hashtag") }
      #expect(try team.owner.connection.execute("SELECT id, path, export FROM source_file ORDER BY id") == before)
      // The friendly views read as she does, not as their owner.
      for view in ["post_overview", "weekly_summary"] {
        let accounts = Set(try ana.execute("SELECT DISTINCT account FROM \(view)").compactMap { $0[0] })
        #expect(accounts == ["bakerbee", "brotzeit"], "\(view)")
      }
      #expect(
        try ana.integer("SELECT count(*) FROM latest_metrics")
          == team.ownerCount(
            """
            SELECT count(*) FROM latest_metrics s JOIN post p ON p.id = s.post_id JOIN account a ON a.id = p.account_id
            WHERE a.name IN \(hers)
            """))
    }

    @Test func aMembersImportAddsSharedTagsWithoutSeeingOthers() throws {
      let team = try Team()
      // ben's new account: brotzeit's export under another name, so its posts use tags ana's posts use.
      let folder = try TemporaryFolder()
      let export = folder.url.appendingPathComponent("benbakes_20221201")
      try FileManager.default.copyItem(at: fixtures.appendingPathComponent("instagram/brotzeit_20220315"), to: export)
      let profile = export.appendingPathComponent("personal_information/personal_information.json")
      try String(contentsOf: profile, encoding: .utf8).replacingOccurrences(of: "\"brotzeit\"", with: "\"benbakes\"")
        .write(to: profile, atomically: true, encoding: .utf8)
      try team.owner.grant(role: team.ben, platform: .instagram, account: "benbakes")
      let ben = try PostgresStore(url: team.database.url(as: team.ben))
      let report = try Importer(store: ben, options: ImportOptions(timeZone: TimeZone(identifier: "UTC")!)).run([
        export
      ])
      #expect(report.accounts.map(\.account) == ["benbakes"])
      #expect((report.accounts.first?.postsAdded ?? 0) > 0)
      // The tags his posts use are the same rows as ana's (shared ids), and only those and tacotruck's show.
      let tagsOf = { (names: String) in
        Set(
          try team.owner.connection.execute(
            """
            SELECT t.tag || ':' || t.id FROM hashtag t JOIN post_hashtag h ON h.hashtag_id = t.id
              JOIN post p ON p.id = h.post_id JOIN account a ON a.id = p.account_id WHERE a.name IN \(names)
            """
          ).compactMap { $0[0] })
      }
      let his = try tagsOf("('benbakes', 'tacotruck')")
      #expect(!his.isDisjoint(with: try tagsOf("('brotzeit')")))
      #expect(try tagsOf("('benbakes')") == tagsOf("('brotzeit')"))
      #expect(
        Set(try ben.connection.execute("SELECT tag || ':' || id FROM hashtag").compactMap { $0[0] }) == his)
      // His source files keep their export, as the owner's import of the same files does.
      let exports = { (prefix: String) in
        try team.owner.connection.execute(
          "SELECT count(export) FROM source_file WHERE path LIKE $1", [prefix + "%"]
        ).first?.first ?? nil
      }
      #expect(try exports("benbakes") == exports("brotzeit"))
      #expect(
        Set(try ben.connection.execute("SELECT path FROM source_file").compactMap { $0[0] }).allSatisfy {
          $0.hasPrefix("benbakes") || $0.hasPrefix("tacotruck")
        })
    }

    @Test func aMemberCannotWriteAnAccountNotGrantedToThem() throws {
      let team = try Team()
      let ana = try team.connect(team.ana)
      let taco = try #require(try team.ownerCount("SELECT id FROM account WHERE name = 'tacotruck'"))
      let tacoPost = try #require(
        try team.owner.connection.integer("SELECT min(id) FROM post WHERE account_id = \(taco)"))
      // Rows she cannot see, she cannot change or delete: nothing happens.
      try ana.execute("UPDATE post SET caption = 'changed' WHERE account_id = \(taco)")
      try ana.execute("DELETE FROM metric_snapshot WHERE post_id = \(tacoPost)")
      try ana.execute("DELETE FROM post_hashtag WHERE post_id = \(tacoPost)")
      try ana.execute("UPDATE account SET name = 'stolen' WHERE id = \(taco)")
      #expect(try team.ownerCount("SELECT count(*) FROM post WHERE caption = 'changed'") == 0)
      #expect(try team.ownerCount("SELECT count(*) FROM account WHERE name = 'tacotruck'") == 1)
      // Rows she would add to it are refused.
      let refused: [String] = [
        """
        INSERT INTO post(account_id, key, published_at, caption, media_kind, source_file_id)
          VALUES (\(taco), 'x:1', 0, 'hi', 'photo', NULL)
        """,
        "INSERT INTO post_key(account_id, key, post_id) VALUES (\(taco), 'x:2', \(tacoPost))",
        "INSERT INTO metric_snapshot(post_id, source, observed_at, likes) VALUES (\(tacoPost), 'x', 1, 5)",
        "INSERT INTO post_mention(post_id, handle) VALUES (\(tacoPost), 'someone')",
        "INSERT INTO account_snapshot(account_id, source, observed_at, period) VALUES (\(taco), 'x', 1, 'day')",
        "INSERT INTO account(platform, name) VALUES ('instagram', 'newaccount')",
        "INSERT INTO team_grant(role_name, account_id) VALUES ('\(team.ana)', \(taco))",
        "INSERT INTO creator_migration(name) VALUES ('v99')",
      ]
      for sql in refused {
        #expect(throws: PostgresError.self, "\(sql)") { try ana.execute(sql) }
      }
      // Moving one of her posts to another account is refused too.
      #expect(throws: PostgresError.self) { try ana.execute("UPDATE post SET account_id = \(taco)") }
    }

    @Test func importsAsAMemberReachOnlyTheirAccounts() throws {
      let team = try Team()
      let ben = try PostgresStore(url: team.database.url(as: team.ben))
      let options = ImportOptions(timeZone: TimeZone(identifier: "UTC")!)
      // His own account: read again, nothing changes, and the import is his.
      let report = try Importer(store: ben, options: options).run([
        fixtures.appendingPathComponent("instagram/tacotruck_20240610")
      ])
      #expect(report.accounts.map(\.account) == ["tacotruck"])
      #expect(report.accounts.first?.postsAdded == 0 && (report.accounts.first?.postsUnchanged ?? 0) > 0)
      #expect(try team.ownerCount("SELECT count(*) FROM import WHERE started_by = '\(team.ben)'") == 1)
      // Another's: refused with one line naming the role and the account, and nothing written.
      let before = try team.ownerCount("SELECT count(*) FROM import")
      #expect {
        try Importer(store: ben, options: options).run([fixtures.appendingPathComponent("instagram/brotzeit_20220315")])
      } throws: { error in
        "\(error)".contains("\(team.ben) may not write Instagram @brotzeit")
      }
      #expect(try team.ownerCount("SELECT count(*) FROM import") == before)
    }

    @Test func aRoleWithNoGrantConnectsAndSeesNothing() throws {
      let team = try Team()
      let cal = try team.database.makeRole("cal")
      let store = try PostgresStore(url: team.database.url(as: cal))
      #expect(try store.grants().isEmpty)
      for table in Self.readPaths.map(\.table) + ["hashtag", "source_file", "import", "model_call", "batch_item"] {
        #expect(try store.connection.integer("SELECT count(*) FROM \(table)") == 0, "\(table)")
      }
      #expect(throws: PostgresError.self) { try store.connection.execute("INSERT INTO hashtag(tag) VALUES ('probe')") }
      #expect(throws: PostgresError.self) { try store.connection.execute("SELECT creator_hashtag_id('probe')") }
      // Every role may read every table: each but the migrations' list must be under row-level security.
      let open = try team.owner.connection.execute(
        """
        SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r'
          AND NOT relrowsecurity ORDER BY relname
        """)
      #expect(open == [["creator_migration"]])
    }

    @Test func grantsAreTheOwnersToGiveAndRevokingHidesTheAccount() throws {
      let team = try Team()
      let ana = try PostgresStore(url: team.database.url(as: team.ana))
      #expect(try ana.grants().map(\.account) == ["bakerbee", "brotzeit"])
      #expect(try team.owner.grants().count == 3)
      #expect(throws: StoreError.self) { try ana.grant(role: team.ana, platform: .instagram, account: "tacotruck") }
      #expect(throws: StoreError.self) { try ana.revoke(role: team.ben, platform: .instagram, account: "tacotruck") }
      #expect(try team.owner.grants().count == 3)
      #expect(try team.owner.revoke(role: team.ana, platform: .instagram, account: "brotzeit"))
      #expect(try !team.owner.revoke(role: team.ana, platform: .instagram, account: "brotzeit"))
      let names = Set(
        try ana.connection.execute("SELECT a.name FROM post p JOIN account a ON a.id = p.account_id").compactMap {
          $0[0]
        })
      #expect(names == ["bakerbee"])
      #expect(throws: StoreError.self) { try team.owner.grant(role: "nobody_here", platform: .instagram, account: "x") }
    }

    @Test func modelCallsAndBatchItemsKeepWhoAskedAndShowOnlyToThem() throws {
      let team = try Team()
      let ana = try team.connect(team.ana)
      let ben = try team.connect(team.ben)
      let call = """
        INSERT INTO model_call(started_at, provider, endpoint, model, messages, options, streamed, cache_key, status,
          duration_ms, attempts)
        VALUES (1, 'builtin', '', 'm', '[]', '{}', 0, 'k', 'ok', 1, 1)
        """
      try ana.execute(call)
      try ana.execute(
        """
        INSERT INTO batch_item(key, input, brief_id, platform, task, engine, status, finished_at)
        VALUES ('a', 'in', 'b', 'instagram', 'captions', 'builtin', 'done', 1)
        """)
      #expect(try ana.execute("SELECT asked_by FROM model_call") == [[team.ana]])
      #expect(try ben.integer("SELECT count(*) FROM model_call") == 0)
      #expect(try ben.integer("SELECT count(*) FROM batch_item") == 0)
      #expect(try team.ownerCount("SELECT count(*) FROM model_call WHERE asked_by = '\(team.ana)'") == 1)
      // His own call he may log, but not make it look like hers.
      try ben.execute(call)
      #expect(throws: PostgresError.self) { try ben.execute("UPDATE model_call SET asked_by = '\(team.ana)'") }
      #expect(try team.ownerCount("SELECT count(*) FROM model_call WHERE asked_by = '\(team.ben)'") == 1)
    }
  }
#endif
