import Foundation
import GRDB

/// The creator's SQLite file: posts, their keys, dated metric snapshots, imports, caption search.
/// WAL mode and a busy timeout let two `creator` processes share one file.
public final class PostStore: Sendable {
  let pool: DatabasePool
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
      pool = try StoreWaiting.open(path, configuration: configuration)
      try StoreWaiting.migrate(pool)
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

  /// Runs `body` in one write transaction; rolls it back when `dryRun` is set or `body` throws.
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
