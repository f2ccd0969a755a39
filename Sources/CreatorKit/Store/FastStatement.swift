import GRDB

#if canImport(GRDBSQLite)
  import GRDBSQLite
#else
  import SQLite3
#endif

/// A prepared statement that binds and steps through SQLite's C interface directly, for the few
/// statements an import runs once per record: GRDB's `StatementArguments` box every value, which cost more
/// than SQLite's own work on the 100,000-post benchmark. Parameters are bound by position, from 1.
struct FastStatement {
  private let statement: Statement
  private let connection: SQLiteConnection?

  /// SQLite copies the text before `bind` returns (SQLITE_TRANSIENT).
  private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

  init(_ db: Database, sql: String) throws {
    statement = try db.makeStatement(sql: sql)
    connection = db.sqliteConnection
  }

  private var handle: SQLiteStatement { statement.sqliteStatement }

  func bind(_ index: Int32, _ value: Int64?) {
    if let value { sqlite3_bind_int64(handle, index, value) } else { sqlite3_bind_null(handle, index) }
  }

  func bind(_ index: Int32, _ value: Int?) {
    bind(index, value.map(Int64.init))
  }

  func bind(_ index: Int32, _ value: String?) {
    guard var value else {
      sqlite3_bind_null(handle, index)
      return
    }
    value.withUTF8 { bytes in
      _ = sqlite3_bind_text(handle, index, bytes.baseAddress, Int32(bytes.count), Self.transient)
    }
  }

  /// Runs the statement once with the values bound, then resets it for the next row.
  func run() throws {
    let code = sqlite3_step(handle)
    sqlite3_reset(handle)
    sqlite3_clear_bindings(handle)
    guard code == SQLITE_DONE || code == SQLITE_ROW else {
      let message = connection.map { String(cString: sqlite3_errmsg($0)) }
      throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
    }
  }
}
