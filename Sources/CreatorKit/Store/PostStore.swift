import Foundation
import GRDB

/// The creator's store, on either engine: a SQLite file for one creator (WAL mode and a busy timeout let two
/// `creator` processes share it), or a PostgreSQL server for a team (`PostgresStore`, built with the package
/// trait `Postgres`). Posts, their keys, dated metric snapshots, imports, caption search, the model log.
/// Every read and the logs go through `rows` and `run`, written once for both engines (`StoreDialect` holds
/// what differs); only an import and the statistics' bulk read take each engine's fast path.
public final class PostStore: Sendable {
  /// The engine behind the store.
  enum Engine: Sendable {
    case sqlite(DatabasePool)
    #if Postgres
      case postgres(PostgresStore)
    #endif
  }

  let engine: Engine
  /// The SQLite file, or the PostgreSQL server's URL without its password.
  public let path: String

  /// Whether opening a store may create it.
  public enum OpenMode: Sendable {
    /// Create the file (and its folder) when there is none: for commands that write, such as an import.
    case createIfMissing
    /// Only open a store that exists: a mistyped path is an error (`StoreError.Kind.missing`), not a new,
    /// empty store that looks as if the data were gone.
    case existingOnly
  }

  /// Opens the store at `path` (creating it when needed, unless `mode` is `.existingOnly`) and brings its
  /// schema up to date. A write waits for another process's write to finish (up to `StoreWaiting.longest`);
  /// `waiting` is called once, about a second into the first such wait, so a user can be told why nothing
  /// moves.
  public init(path: String, mode: OpenMode = .createIfMissing, waiting: (@Sendable () -> Void)? = nil) throws {
    self.path = path
    switch mode {
    case .existingOnly:
      guard FileManager.default.fileExists(atPath: path) else { throw StoreError(missing: path) }
    case .createIfMissing:
      let folder = (path as NSString).deletingLastPathComponent
      if !folder.isEmpty {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
      }
    }
    var configuration = Configuration()
    configuration.busyMode = .callback(StoreWaiting(onWait: waiting).callback)
    configuration.foreignKeysEnabled = true
    configuration.prepareDatabase { db in
      // Larger pages for new stores: fewer, fuller B-tree pages for the long runs of rows imports append
      // and statistics scan (no effect on a store that exists: its page size is fixed).
      try db.execute(sql: "PRAGMA page_size = 16384")
      try db.execute(sql: "PRAGMA synchronous = NORMAL")
      // A 64 MiB page cache keeps a large import's index pages in memory instead of spilling them.
      try db.execute(sql: "PRAGMA cache_size = -65536")
      // Reads through a memory map instead of copying pages with read(): statistics scan whole tables.
      try db.execute(sql: "PRAGMA mmap_size = 1073741824")
    }
    do {
      let pool = try StoreWaiting.open(path, configuration: configuration)
      try StoreWaiting.migrate(pool)
      engine = .sqlite(pool)
    } catch let error as DatabaseError {
      throw StoreError(path: path, message: error.message ?? "\(error)")
    }
  }

  /// `CREATOR_DATABASE`, else `$XDG_DATA_HOME/creatorkit/creator.sqlite`, else
  /// `~/.local/share/creatorkit/creator.sqlite`.
  public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
    if let path = environment["CREATOR_DATABASE"], !path.isEmpty { return path }
    let dataHome =
      environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
      ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.local/share"
    return dataHome + "/creatorkit/creator.sqlite"
  }

  #if Postgres
    /// The store on a PostgreSQL server.
    init(_ postgres: PostgresStore) {
      engine = .postgres(postgres)
      path = postgres.displayURL
    }
  #endif

  /// The SQL dialect of the store's engine.
  var dialect: StoreDialect {
    switch engine {
    case .sqlite: return .sqlite
    #if Postgres
      case .postgres: return .postgres
    #endif
    }
  }

  /// The SQLite file's connections; a PostgreSQL store has none (`StoreError.Kind.unsupported`).
  var pool: DatabasePool {
    get throws {
      switch engine {
      case .sqlite(let pool): return pool
      #if Postgres
        case .postgres:
          throw StoreError(unsupported: path, message: "this needs a SQLite store, not a PostgreSQL one")
      #endif
      }
    }
  }

  /// The rows of a read, on either engine. `sql` marks its parameters `?`; PostgreSQL's `$1` … are put in
  /// by its engine.
  func rows(_ sql: String, _ arguments: [StoreValue] = []) throws -> [StoreRow] {
    switch engine {
    case .sqlite(let pool):
      return try Self.sqlite(path) {
        try pool.read { db in
          try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments.map(\.databaseValue)))
            .map(StoreRow.init)
        }
      }
    #if Postgres
      case .postgres(let store): return try store.rows(sql, arguments)
    #endif
    }
  }

  /// Runs one writing statement in its own transaction, on either engine, and returns the rows it returns
  /// (`RETURNING id`).
  @discardableResult
  func run(_ sql: String, _ arguments: [StoreValue] = []) throws -> [StoreRow] {
    switch engine {
    case .sqlite(let pool):
      return try Self.sqlite(path) {
        try pool.write { db in
          try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments.map(\.databaseValue)))
            .map(StoreRow.init)
        }
      }
    #if Postgres
      case .postgres(let store): return try store.run(sql, arguments)
    #endif
    }
  }

  /// The first column of the first row of a read.
  func value<Value: StoreColumn>(_ sql: String, _ arguments: [StoreValue] = []) throws -> Value? {
    try rows(sql, arguments).first?[0]
  }

  /// `body`, with SQLite's errors as `StoreError`s naming the file.
  static func sqlite<T>(_ path: String, _ body: () throws -> T) throws -> T {
    do {
      return try body()
    } catch let error as DatabaseError {
      throw StoreError(path: path, message: error.message ?? "\(error)")
    }
  }

  /// Runs `body` in one write transaction of the SQLite file; rolls it back when `dryRun` is set or `body`
  /// throws.
  func write<T>(dryRun: Bool, checksForeignKeys: Bool = true, _ body: (Database) throws -> T) throws -> T {
    try pool.writeWithoutTransaction { db in
      // SQLite only changes this outside a transaction.
      if !checksForeignKeys { try db.execute(sql: "PRAGMA foreign_keys = OFF") }
      defer { if !checksForeignKeys { try? db.execute(sql: "PRAGMA foreign_keys = ON") } }
      var result: T?
      try db.inTransaction(.immediate) {
        result = try body(db)
        return dryRun ? .rollback : .commit
      }
      return result!
    }
  }

  func read<T>(_ body: (Database) throws -> T) throws -> T {
    try pool.read(body)
  }
}

/// The store cannot be opened or written, or there is none where one was expected.
public struct StoreError: Error, Sendable, CustomStringConvertible {
  /// What went wrong.
  public enum Kind: Sendable {
    /// The file exists but cannot be opened, read or written.
    case failure
    /// There is no store at the path (opened with `PostStore.OpenMode.existingOnly`).
    case missing
    /// The location names an engine this build does not have (`postgres://` without the Postgres trait).
    case unsupported
  }

  /// The store's file.
  public var path: String
  /// What SQLite or the file system said.
  public var message: String
  /// Whether the store is broken or absent.
  public var kind: Kind

  /// A store that cannot be opened or written.
  public init(path: String, message: String) {
    self.path = path
    self.message = message
    self.kind = .failure
  }

  /// No store at `path`.
  public init(missing path: String) {
    self.path = path
    self.message = "no store at \(path) (import an export first, or check --database)"
    self.kind = .missing
  }

  /// A location (shown as `StoreLocation.displayName`) whose engine this build does not have.
  public init(unsupported location: String, message: String) {
    self.path = location
    self.message = message
    self.kind = .unsupported
  }

  public var description: String { kind == .missing ? message : "\(path): \(message)" }
}
