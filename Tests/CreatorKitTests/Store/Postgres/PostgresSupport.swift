#if Postgres
  import Foundation
  import GRDB
  import Testing

  @testable import CreatorKit

  /// The throwaway cluster `scripts/postgres start` made (`CREATOR_TEST_POSTGRES_URL`); without it the
  /// PostgreSQL tests are skipped, unless `CREATOR_REQUIRE_POSTGRES=1` (CI), which makes them fail.
  enum TestPostgres {
    static let url = ProcessInfo.processInfo.environment["CREATOR_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    static let required = ProcessInfo.processInfo.environment["CREATOR_REQUIRE_POSTGRES"] == "1"
    /// Run the PostgreSQL tests: a server is given, or one is required (and its absence fails them).
    static let enabled = url != nil || required
  }

  /// A database of its own for one test on the test cluster, dropped when the value is deinitialised; and
  /// login roles made for it (cluster-wide, so named after the database), dropped with it.
  final class TemporaryPostgresDatabase: @unchecked Sendable {
    let name: String
    private let admin: PostgresConnection
    private let serverURL: URLComponents
    private var roles: [String] = []

    init() throws {
      guard let url = TestPostgres.url, let parts = URLComponents(string: url) else {
        throw StoreError(
          path: "CREATOR_TEST_POSTGRES_URL", message: "not set: run `eval \"$(scripts/postgres start)\"`")
      }
      serverURL = parts
      admin = try PostgresConnection(url: url)
      name = "creator_t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
      try admin.execute("CREATE DATABASE \(name)")
    }

    deinit {
      _ = try? admin.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
      for role in roles { _ = try? admin.execute("DROP ROLE IF EXISTS \(role)") }
    }

    /// The database's URL as `user` (the owner: the cluster's test role).
    func url(as user: String? = nil) -> String {
      var parts = serverURL
      parts.path = "/" + name
      if let user { parts.user = user }
      return parts.string ?? ""
    }

    /// A new login role for a team member, named `<database>_<suffix>`.
    func makeRole(_ suffix: String) throws -> String {
      let role = "\(name)_\(suffix)"
      try admin.execute("CREATE ROLE \(role) LOGIN")
      roles.append(role)
      return role
    }
  }
#endif
