import Foundation
import Testing

/// `creator team` and `creator import` on a PostgreSQL store, run as the built binary; and the one line a
/// SQLite store gives.
@Suite struct TeamCommandTests {
  let sandbox = Sandbox()

  @Test func teamsOnASQLiteStoreSayTheyNeedPostgreSQL() throws {
    for arguments in [["team", "list"], ["team", "grant", "ana", "instagram:bakerbee"]] {
      let result = try sandbox.run(arguments)
      #expect(result.status == 64)
      #expect(result.stderr.contains("teams need a PostgreSQL store"))
      #expect(result.stderr.split(separator: "\n").count == 1)
    }
  }

  #if Postgres
    /// A database of its own on the test cluster, made and dropped with psql, with a member role.
    final class Server {
      let admin: String
      let name = "creator_cli_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(10).lowercased()
      var role: String { name + "_ana" }

      init?() throws {
        guard let url = ProcessInfo.processInfo.environment["CREATOR_TEST_POSTGRES_URL"], !url.isEmpty else {
          return nil
        }
        admin = url
        try psql("CREATE DATABASE \(name)")
        try psql("CREATE ROLE \(role) LOGIN")
      }

      deinit {
        try? psql("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
        try? psql("DROP ROLE IF EXISTS \(role)")
      }

      func url(as user: String? = nil) -> String {
        var parts = URLComponents(string: admin)!
        parts.path = "/" + name
        if let user { parts.user = user }
        return parts.string!
      }

      func psql(_ sql: String) throws { try TestDatabase.psql(sql, as: admin) }
    }

    static let fixtures = CreatorCLITests.fixtures

    @Test func aServerThatDoesNotAnswerIsOneLineNotACrash() throws {
      let result = try sandbox.run([
        "import", Self.fixtures.appendingPathComponent("instagram/bakerbee_20261120.zip").path, "--database",
        "postgres://nobody:secret@127.0.0.1:1/none",
      ])
      #expect(result.status != 0)
      #expect(result.stderr.hasPrefix("creator: error: postgres://nobody:***@127.0.0.1:1/none: "))
      #expect(!result.stderr.contains("secret"), "the password stays out of messages")
      #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test(.enabled(if: ProcessInfo.processInfo.environment["CREATOR_TEST_POSTGRES_URL"] != nil))
    func importsGrantsAndRefusesThroughTheCommands() throws {
      let server = try #require(try Server())
      let bakerbee = Self.fixtures.appendingPathComponent("instagram/bakerbee_20261120.zip").path
      let tacotruck = Self.fixtures.appendingPathComponent("instagram/tacotruck_20240610").path
      // The same summary as into a SQLite file.
      let intoSQLite = try sandbox.run(["import", bakerbee])
      let intoPostgres = try sandbox.run(["import", bakerbee, "--database", server.url()])
      #expect(intoPostgres.status == 0, "\(intoPostgres.stderr)")
      #expect(intoPostgres.stdout == intoSQLite.stdout)
      #expect(intoPostgres.stdout.contains("Instagram @bakerbee: 5 posts, 2 reels, 1 story"))
      #expect(try sandbox.run(["import", tacotruck, "--database", server.url()]).status == 0)
      // The owner grants; the member sees their grant and nothing else, and cannot grant.
      let granted = try sandbox.run(["team", "grant", server.role, "instagram:bakerbee", "--database", server.url()])
      #expect(granted.status == 0 && granted.stdout.contains("may see and write Instagram @bakerbee"))
      #expect(
        try sandbox.run(["team", "list", "--database", server.url()]).stdout
          == "\(server.role)\tinstagram:bakerbee\n")
      let asMember = server.url(as: server.role)
      let refused = try sandbox.run(["team", "grant", server.role, "instagram:tacotruck", "--database", asMember])
      #expect(refused.status != 0 && refused.stderr.contains("may not do this"))
      // Importing an account not granted to them stops with one line and writes nothing.
      let stopped = try sandbox.run(["import", tacotruck, "--database", asMember])
      #expect(stopped.status != 0)
      #expect(stopped.stderr.contains("\(server.role) may not write Instagram @tacotruck"))
      // Their own account imports: one stored before, and one granted before any import (its rows go
      // through row-level security's checks); a dry run changes nothing.
      #expect(try sandbox.run(["import", bakerbee, "--database", asMember]).status == 0)
      let brotzeit = Self.fixtures.appendingPathComponent("instagram/brotzeit_20220315").path
      #expect(
        try sandbox.run(["team", "grant", server.role, "instagram:brotzeit", "--database", server.url()]).status == 0)
      #expect(try sandbox.run(["import", brotzeit, "--dry-run", "--database", asMember]).status == 0)
      let added = try sandbox.run(["import", brotzeit, "--database", asMember])
      #expect(added.status == 0, "\(added.stderr)")
      #expect(added.stdout.contains("Instagram @brotzeit: 2 posts"))
      let revoked = try sandbox.run(["team", "revoke", server.role, "instagram:bakerbee", "--database", server.url()])
      #expect(revoked.status == 0 && revoked.stdout.contains("no longer sees Instagram @bakerbee"))
      #expect(
        try sandbox.run(["team", "list", "--database", asMember]).stdout == "\(server.role)\tinstagram:brotzeit\n")
      // Reading through the commands: the member sees only brotzeit, the owner all three accounts.
      let theirs = try sandbox.run(["accounts", "--database", asMember])
      #expect(theirs.status == 0 && theirs.stdout.contains("@brotzeit"), "\(theirs.stderr)")
      #expect(!theirs.stdout.contains("@bakerbee") && !theirs.stdout.contains("@tacotruck"))
      let all = try sandbox.run(["accounts", "--database", server.url()]).stdout
      #expect(["@bakerbee", "@brotzeit", "@tacotruck"].allSatisfy(all.contains), "\(all)")
      let listed = try sandbox.run(["posts", "--format", "json", "--database", asMember])
      #expect(listed.status == 0 && listed.stdout.contains("\"brotzeit\""))
      #expect(!listed.stdout.contains("\"tacotruck\"") && !listed.stdout.contains("\"bakerbee\""))
      for command in [["report", "--account", "tacotruck"], ["report", "--account", "bakerbee"]] {
        let refused = try sandbox.run(command + ["--database", asMember])
        #expect(refused.status == 65 && refused.stderr.contains("no posts for @"), "\(command): \(refused.stderr)")
      }
      let stats = try sandbox.run(["stats", "--account", "tacotruck", "--database", asMember])
      #expect(stats.stdout.hasPrefix("@tacotruck: 0 posts"), "\(stats.stdout)")
      #expect(
        try sandbox.run(["stats", "--account", "tacotruck", "--database", server.url()]).stdout.contains(
          "@tacotruck: 2 posts"))
      // A search finds only what the member may see.
      let found = try sandbox.run(["posts", "--account", "bakerbee", "--database", asMember])
      #expect(found.stdout == "No posts match.\n", "\(found.stdout)")
    }
  #endif
}
