import Foundation

extension StoreLocation {
  /// The team store a `postgres://` URL names, for `creator team`; a SQLite file has no teams
  /// (`StoreError.Kind.unsupported`).
  public func openTeamStore() throws -> any TeamStore {
    #if Postgres
      if let url = postgresURL { return try PostgresStore(url: url) }
    #endif
    if case .file = self {
      throw StoreError(
        unsupported: displayName, message: "teams need a PostgreSQL store (--database postgres://…)"
      )
    }
    _ = try PostStore.open(self, mode: .existingOnly)
    throw StoreError(
      unsupported: displayName, message: "teams need a PostgreSQL store (--database postgres://…)")
  }

  /// The URL when this location names a PostgreSQL server (`postgres://` or `postgresql://`).
  var postgresURL: String? {
    guard case .server(let url, let scheme) = self, scheme == "postgres" || scheme == "postgresql"
    else { return nil }
    return url
  }
}
