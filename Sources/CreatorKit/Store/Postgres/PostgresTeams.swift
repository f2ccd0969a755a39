#if Postgres
  import Foundation

  extension PostgresStore: TeamStore {
    /// Lets `role` (a login role on the server, one per person) see and write `account` on `platform`:
    /// its posts, snapshots, follower readings and what is drafted from them. Creates the account when no
    /// import has yet, so a member can import it. Only the store's owner may grant.
    public func grant(role: String, platform: Platform, account: String) throws {
      try run {
        guard try connection.integer("SELECT count(*) FROM pg_roles WHERE rolname = $1", [role]) == 1 else {
          throw PostgresError(
            message: "no role \(role) on the server (its administrator makes one per person: CREATE ROLE … LOGIN)",
            state: nil)
        }
        try connection.transaction {
          try connection.execute(
            "INSERT INTO account(platform, name) VALUES ($1, $2) ON CONFLICT DO NOTHING", [platform.rawValue, account])
          try connection.execute(
            """
            INSERT INTO team_grant(role_name, account_id)
              SELECT $1, id FROM account WHERE platform = $2 AND name = $3
            ON CONFLICT DO NOTHING
            """, [role, platform.rawValue, account])
          try grantPrivileges(to: role)
        }
      }
    }

    /// Takes `account` away from `role`; false when it had no such grant. The role keeps its table
    /// privileges, but row-level security no longer shows it the account's rows.
    @discardableResult
    public func revoke(role: String, platform: Platform, account: String) throws -> Bool {
      try run {
        let rows = try connection.execute(
          """
          DELETE FROM team_grant WHERE role_name = $1
            AND account_id = (SELECT id FROM account WHERE platform = $2 AND name = $3)
          RETURNING role_name
          """, [role, platform.rawValue, account])
        return !rows.isEmpty
      }
    }

    /// Every grant this connection's role may see (the owner: all of them; a member: their own), by role,
    /// platform and account.
    public func grants() throws -> [TeamGrant] {
      try run {
        try connection.execute(
          """
          SELECT g.role_name, a.platform, a.name FROM team_grant g JOIN account a ON a.id = g.account_id
          ORDER BY g.role_name, a.platform, a.name
          """
        ).compactMap { row in
          guard let role = row[0], let platform = row[1].flatMap(Platform.init(rawValue:)), let name = row[2] else {
            return nil
          }
          return TeamGrant(role: role, platform: platform, account: name)
        }
      }
    }

    /// The role this store is used as.
    public var role: String { connection.user }

    /// Table privileges for `role`; row-level security then limits it to its accounts. The schema's own
    /// bookkeeping is read-only to members; tags and source files are added through the schema's functions,
    /// and only a source file's export is changed.
    func grantPrivileges(to role: String) throws {
      let quoted = try quotedIdentifier(role)
      try connection.execute(
        """
        GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO \(quoted);
        REVOKE INSERT, UPDATE, DELETE ON creator_migration, team_grant, hashtag, source_file FROM \(quoted);
        GRANT UPDATE (export) ON source_file TO \(quoted);
        GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO \(quoted);
        GRANT EXECUTE ON FUNCTION creator_hashtag_id(TEXT), creator_source_file_id(TEXT) TO \(quoted);
        """)
    }

    private func quotedIdentifier(_ name: String) throws -> String {
      guard let quoted = try connection.execute("SELECT quote_ident($1)", [name]).first?.first ?? nil else {
        throw PostgresError(message: "role \(name) cannot be named in SQL", state: nil)
      }
      return quoted
    }

    /// Runs `body`, turning what the server said into a `StoreError` that names the server.
    func run<T>(_ body: () throws -> T) throws -> T {
      do {
        return try body()
      } catch let error as PostgresError {
        let message =
          error.isDenied
          ? "\(role) may not do this on \(displayURL): only the store's owner grants and revokes (\(error.message))"
          : error.message
        throw StoreError(path: displayURL, message: message)
      }
    }
  }
#endif
