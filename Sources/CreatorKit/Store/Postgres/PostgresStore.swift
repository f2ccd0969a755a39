#if Postgres
  import Foundation

  /// A shared store on a PostgreSQL server, for a team or an agency: the same schema as the SQLite store
  /// (`StoreSchema`'s migrations in `StoreDialect.postgres`), plus teams: each person connects as their own
  /// role, and row-level security limits a role to the accounts granted to it (`grant`, `revoke`). The role
  /// that made the store owns its tables and sees everything.
  ///
  /// One connection, used by one thread at a time: `rows` and `run` take turns on a lock (a batch logs its
  /// model calls from many tasks), and an import holds it for its transaction.
  public final class PostgresStore: @unchecked Sendable {
    let connection: PostgresConnection
    private let url: String
    private let lock = NSLock()

    /// The server as the user may see it: the URL without its password.
    public var displayURL: String { connection.displayURL }

    /// Connects to `url` (`postgres://user@host:5432/db`) and brings the schema up to date when the role may
    /// (a team member's role finds it up to date; a store that is behind needs its owner to run a command).
    public init(url: String) throws {
      self.url = url
      connection = try PostgresConnection(url: url)
      do {
        try migrate()
      } catch let error as PostgresError {
        throw StoreError(path: connection.displayURL, message: error.message)
      }
    }

    /// The rows of a read written for both engines: its `?` marks become `$1`, `$2` … (outside quoted
    /// text and identifiers), its values libpq's text.
    func rows(_ sql: String, _ arguments: [StoreValue]) throws -> [StoreRow] {
      try lock.withLock {
        do {
          return try connection.execute(Self.numberingParameters(sql), arguments.map(\.text)).map(StoreRow.init(text:))
        } catch let error as PostgresError {
          throw StoreError(path: displayURL, message: error.message)
        }
      }
    }

    /// One writing statement in its own transaction (a statement outside `BEGIN` is one), with the rows it
    /// returns.
    func run(_ sql: String, _ arguments: [StoreValue]) throws -> [StoreRow] {
      try rows(sql, arguments)
    }

    /// `sql` with each `?` outside quotes turned into `$1`, `$2` …, in order.
    static func numberingParameters(_ sql: String) -> String {
      var out = ""
      out.reserveCapacity(sql.utf8.count + 16)
      var number = 0
      var quote: Character?
      for character in sql {
        if let open = quote {
          if character == open { quote = nil }
          out.append(character)
        } else if character == "'" || character == "\"" {
          quote = character
          out.append(character)
        } else if character == "?" {
          number += 1
          out += "$\(number)"
        } else {
          out.append(character)
        }
      }
      return out
    }

    /// Another connection to the same store (an import writes on its own).
    func reconnect() throws -> PostgresConnection { try PostgresConnection(url: url) }

    /// The PostgreSQL-only migrations, after `StoreSchema.migrations`: teams and who asked a model.
    static let teamMigrations: [StoreSchema.Migration] = [
      StoreSchema.Migration(name: "p1: teams with row-level security") { _ in
        """
        -- Which role may see and write which account; kept by `creator team grant|revoke`.
        CREATE TABLE team_grant (
          role_name TEXT NOT NULL,
          account_id BIGINT NOT NULL REFERENCES account(id) ON DELETE CASCADE,
          granted_at TIMESTAMPTZ NOT NULL DEFAULT now(),
          PRIMARY KEY (role_name, account_id)
        );
        ALTER TABLE team_grant ENABLE ROW LEVEL SECURITY;
        CREATE POLICY own_grants ON team_grant FOR SELECT USING (role_name = current_user);
        -- Who ran an import, asked a model, drafted a batch item.
        ALTER TABLE import ADD COLUMN started_by TEXT NOT NULL DEFAULT current_user;
        ALTER TABLE model_call ADD COLUMN asked_by TEXT NOT NULL DEFAULT current_user;
        ALTER TABLE batch_item ADD COLUMN asked_by TEXT NOT NULL DEFAULT current_user;
        \(policies)
        """
      },
      StoreSchema.Migration(name: "p2: shared tags, source files and views under row-level security") { _ in
        """
        -- PostgreSQL runs a view as its owner, past row-level security: the views read as whoever queries them.
        ALTER VIEW latest_metrics SET (security_invoker = true);
        ALTER VIEW post_overview SET (security_invoker = true);
        ALTER VIEW weekly_summary SET (security_invoker = true);
        -- Tags are shared ids: a member sees those their posts use. Members add tags only through
        -- creator_hashtag_id, which returns a tag's id without showing its row.
        ALTER TABLE hashtag ENABLE ROW LEVEL SECURITY;
        CREATE POLICY member_reads ON hashtag FOR SELECT USING (id IN (SELECT hashtag_id FROM post_hashtag));
        -- A source file (its path names the export, often the account) shows to whoever sees a post or a
        -- reading from it; only its export may be changed (grant keeps the path read-only), never deleted.
        ALTER TABLE source_file ENABLE ROW LEVEL SECURITY;
        CREATE POLICY member_reads ON source_file FOR SELECT USING (\(visibleSourceFile));
        CREATE POLICY member_notes_export ON source_file FOR UPDATE
          USING (\(visibleSourceFile)) WITH CHECK (\(visibleSourceFile));
        \(idFunction("creator_hashtag_id", table: "hashtag", column: "tag"))
        \(idFunction("creator_source_file_id", table: "source_file", column: "path"))
        """
      },
      StoreSchema.Migration(name: "p3: any role may open the store and sees nothing not granted") { _ in
        // A role not yet granted an account could not even open the store: it may not read the migrations
        // table. Every table but that one is under row-level security, so reading shows such a role no row.
        "GRANT SELECT ON ALL TABLES IN SCHEMA public TO PUBLIC"
      },
      StoreSchema.Migration(name: "p4: a member's posts, tags and source files found from their grants") { _ in
        // p1's and p2's policies asked "is this row's post one I may see?" through post's own policy, which
        // PostgreSQL answered by scanning every post: over an agency's 10 million posts a member's first read
        // of the tags ran for minutes and a report did not finish. These functions start from the member's
        // grants instead (index look-ups from their accounts), run once per statement as the owner, and
        // visit only the rows the member may see; each row is then one look-up in their result.
        """
        \(visibleIDsFunction("creator_visible_hashtag_ids", """
          SELECT h.hashtag_id FROM team_grant g JOIN post p ON p.account_id = g.account_id
            JOIN post_hashtag h ON h.post_id = p.id WHERE g.role_name = session_user
          """))
        \(visibleIDsFunction("creator_visible_source_file_ids", """
          SELECT p.source_file_id FROM team_grant g JOIN post p ON p.account_id = g.account_id
            WHERE g.role_name = session_user
          UNION SELECT s.source_file_id FROM team_grant g JOIN post p ON p.account_id = g.account_id
            JOIN metric_snapshot s ON s.post_id = p.id WHERE g.role_name = session_user
          UNION SELECT a.source_file_id FROM team_grant g JOIN account_snapshot a ON a.account_id = g.account_id
            WHERE g.role_name = session_user
          """))
        \(visibleIDsFunction("creator_visible_post_ids", """
          SELECT p.id FROM team_grant g JOIN post p ON p.account_id = g.account_id WHERE g.role_name = session_user
          """))
        \(["post_hashtag", "post_mention", "metric_snapshot"].map { table in
          """
          DROP POLICY member ON \(table);
          CREATE POLICY member ON \(table) USING (post_id IN (SELECT creator_visible_post_ids()))
            WITH CHECK (post_id IN (SELECT creator_visible_post_ids()));
          """
        }.joined(separator: "\n"))
        DROP POLICY member_reads ON hashtag;
        CREATE POLICY member_reads ON hashtag FOR SELECT USING (id IN (SELECT creator_visible_hashtag_ids()));
        DROP POLICY member_reads ON source_file;
        DROP POLICY member_notes_export ON source_file;
        CREATE POLICY member_reads ON source_file FOR SELECT
          USING (id IN (SELECT creator_visible_source_file_ids()));
        CREATE POLICY member_notes_export ON source_file FOR UPDATE
          USING (id IN (SELECT creator_visible_source_file_ids()))
          WITH CHECK (id IN (SELECT creator_visible_source_file_ids()));
        """
      },
      StoreSchema.Migration(name: "p5: each account's metric summary under row-level security") { _ in
        // v11's table, made after p1 to p4: a member sees and counts again only their accounts' rows.
        """
        ALTER TABLE account_summary ENABLE ROW LEVEL SECURITY;
        CREATE POLICY member ON account_summary
          USING (account_id IN (SELECT account_id FROM team_grant WHERE role_name = current_user))
          WITH CHECK (account_id IN (SELECT account_id FROM team_grant WHERE role_name = current_user));
        GRANT SELECT ON account_summary TO PUBLIC;
        """
      },
    ]

    /// A function, run as the store's owner, that returns the distinct ids `query` selects for the member
    /// logged in (`session_user`: inside the function `current_user` is the owner).
    private static func visibleIDsFunction(_ name: String, _ query: String) -> String {
      """
      CREATE FUNCTION \(name)() RETURNS SETOF BIGINT
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        \(query)
      $$;
      """
    }

    /// A source file a post or a reading the role may see came from.
    private static let visibleSourceFile = """
      id IN (SELECT source_file_id FROM post) OR id IN (SELECT source_file_id FROM metric_snapshot)
        OR id IN (SELECT source_file_id FROM account_snapshot)
      """

    /// A function that returns the id of the row of `table` whose `column` is its argument, adding the row
    /// when there is none. It runs as the store's owner, so a member learns an id (and, unavoidably, that
    /// the value was stored before) but never reads a row of another account's. Only roles granted an
    /// account may call it (`grant`).
    private static func idFunction(_ name: String, table: String, column: String) -> String {
      """
      CREATE FUNCTION \(name)(wanted TEXT) RETURNS BIGINT
      LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        INSERT INTO \(table)(\(column)) VALUES (wanted) ON CONFLICT (\(column)) DO NOTHING;
        -- A new snapshot: a row another import committed while this one waited on it shows here.
        SELECT id FROM \(table) WHERE \(column) = wanted;
      $$;
      REVOKE EXECUTE ON FUNCTION \(name)(TEXT) FROM PUBLIC;
      """
    }

    /// A policy per table: a member's rows are those of the accounts granted to them (posts and what hangs
    /// off a post through its post), their own imports, model calls and batch items. Tags and source files
    /// are shared ids, limited in `p2`.
    private static var policies: String {
      let granted = "(SELECT account_id FROM team_grant WHERE role_name = current_user)"
      let ofGrantedPost = "post_id IN (SELECT id FROM post)"
      let ofOwnImport = "import_id IN (SELECT id FROM import)"
      let rules: [(table: String, rule: String)] = [
        ("account", "id IN \(granted)"),
        ("post", "account_id IN \(granted)"),
        ("post_key", "account_id IN \(granted)"),
        ("account_snapshot", "account_id IN \(granted)"),
        ("post_hashtag", ofGrantedPost),
        ("post_mention", ofGrantedPost),
        ("metric_snapshot", ofGrantedPost),
        ("import", "started_by = current_user"),
        ("import_file", ofOwnImport),
        ("import_skip", ofOwnImport),
        ("model_call", "asked_by = current_user"),
        ("batch_item", "asked_by = current_user"),
      ]
      return rules.map { table, rule in
        """
        ALTER TABLE \(table) ENABLE ROW LEVEL SECURITY;
        CREATE POLICY member ON \(table) USING (\(rule)) WITH CHECK (\(rule));
        """
      }.joined(separator: "\n")
    }

    /// Every migration this engine runs, in order.
    static var migrations: [StoreSchema.Migration] { StoreSchema.migrations + teamMigrations }

    private func migrate() throws {
      // One process migrates at a time; the others wait for it and then find nothing to do.
      try connection.execute("SELECT pg_advisory_lock(7316001)")
      defer { _ = try? connection.execute("SELECT pg_advisory_unlock(7316001)") }
      if try connection.execute("SELECT to_regclass('creator_migration')").first?.first ?? nil == nil {
        try connection.execute(
          "CREATE TABLE creator_migration (name TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())")
      }
      let applied = Set(try connection.execute("SELECT name FROM creator_migration").compactMap { $0[0] })
      for migration in Self.migrations where !applied.contains(migration.name) {
        try connection.transaction {
          try connection.execute(migration.sql(.postgres))
          if migration.name.hasPrefix("p2:") || migration.name.hasPrefix("p5:") {
            // Members granted before it get what `grant` now gives them.
            let members = try connection.execute(
              "SELECT DISTINCT role_name FROM team_grant WHERE role_name IN (SELECT rolname FROM pg_roles)")
            for member in members.compactMap({ $0[0] }) { try grantPrivileges(to: member) }
          }
          try connection.execute("INSERT INTO creator_migration(name) VALUES ($1)", [migration.name])
        }
      }
    }

    /// The names of the migrations applied, in the order they were.
    func appliedMigrations() throws -> [String] {
      try connection.execute("SELECT name FROM creator_migration ORDER BY applied_at, name").compactMap { $0[0] }
    }
  }
#endif

#if Postgres
  extension PostgresStore: ImportTarget {
    /// One transaction per import: its history entry, the writer's rows (COPY for the bulk), committed when
    /// `body` returns, rolled back when it throws or the import is a dry run.
    public func importing<T>(inputs: [URL], options: ImportOptions, _ body: (any ImportWriter) throws -> T) throws -> T
    {
      lock.lock()
      defer { lock.unlock() }
      do {
        return try connection.transaction(commits: !options.dryRun) {
          guard
            let importID = try connection.integer(
              """
              INSERT INTO import(started_at, inputs, time_zone, account_option) VALUES ($1, $2, $3, $4)
              RETURNING id
              """,
              [
                String(Date().timeIntervalSince1970), inputs.map(\.path).joined(separator: "\n"), options.timeZone.name,
                options.account,
              ])
          else { throw PostgresError(message: "the import could not be recorded", state: nil) }
          return try body(
            PostgresWriter(connection: connection, importID: importID, keepsAssumedZones: !options.timeZoneGiven))
        }
      } catch let error as PostgresError {
        throw StoreError(path: displayURL, message: error.message)
      }
    }
  }
#endif
