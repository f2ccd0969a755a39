import Foundation

/// Where a store is, as `--database` or `CREATOR_DATABASE` name it: a SQLite file, or a database server's URL
/// (`postgres://user@host:5432/db`), which selects another engine. Text that starts with a scheme
/// (`letters://`) is always a URL, never a path: such a URL once became a folder named `postgres:` holding
/// a new SQLite file.
public enum StoreLocation: Sendable, Equatable {
  /// A SQLite file (created with its folder by commands that write).
  case file(path: String)
  /// A database server, by URL; `scheme` is lower case (`postgres`).
  case server(url: String, scheme: String)

  /// Reads `text`: a URL when it starts with a scheme and `://`, else a path. `file://` URLs are paths.
  public init(_ text: String) {
    guard let separator = text.range(of: "://"), let first = text.first, first.isASCII, first.isLetter,
      text[..<separator.lowerBound].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) })
    else {
      self = .file(path: text)
      return
    }
    let scheme = text[..<separator.lowerBound].lowercased()
    if scheme == "file" {
      self = .file(path: URL(string: text)?.path ?? String(text[separator.upperBound...]))
    } else {
      self = .server(url: text, scheme: scheme)
    }
  }

  /// The location for messages: the path, or the URL without its password, wherever it is written: in the
  /// user part (`user:***@host`, up to the last `@`, so a password holding `/` or `@` is masked whole) and in
  /// query items whose name holds `password` or `secret` (`?password=***`).
  public var displayName: String {
    switch self {
    case .file(let path): return path
    case .server(let url, _):
      // Query items first, so an `@` inside a masked value cannot be taken for the end of the user part.
      let masked = url.replacing(
        /(?i)([?&][^=&#]*(?:password|secret)[^=&#]*=)[^&#]*/, with: { "\($0.output.1)***" })
      guard let separator = masked.range(of: "://") else { return "***" }
      let rest = masked[separator.upperBound...]
      guard let at = rest.lastIndex(of: "@"), rest[..<at].contains(":") else { return masked }
      return String(masked[..<separator.upperBound]) + rest[..<at].prefix { $0 != ":" } + ":***" + rest[at...]
    }
  }
}

extension PostStore {
  /// The one place a store location selects its engine: a path opens the SQLite store; a server URL
  /// (`postgres://…`) the engine built for its scheme, or fails with `StoreError.Kind.unsupported` when this
  /// build has none (the PostgreSQL engine is built with `--traits Postgres`).
  public static func open(
    _ location: StoreLocation, mode: OpenMode = .createIfMissing, waiting: (@Sendable () -> Void)? = nil
  ) throws -> PostStore {
    switch location {
    case .file(let path):
      return try PostStore(path: path, mode: mode, waiting: waiting)
    case .server(let url, let scheme) where scheme == "postgres" || scheme == "postgresql":
      #if Postgres
        return PostStore(try PostgresStore(url: url))
      #else
        _ = url
        throw StoreError(
          unsupported: location.displayName,
          message: "this build has no PostgreSQL engine: build with --traits Postgres")
      #endif
    case .server(_, let scheme):
      throw StoreError(
        unsupported: location.displayName,
        message: "no store engine for \(scheme):// URLs (a path names a SQLite file, postgres:// a PostgreSQL server)")
    }
  }
}
