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

  func bind(_ index: Int32, _ value: StoreValue) {
    switch value {
    case .null: sqlite3_bind_null(handle, index)
    case .integer(let number): bind(index, number)
    case .real(let number): sqlite3_bind_double(handle, index, number)
    case .text(let text): bind(index, text)
    }
  }

  /// Steps a query: true while there is a row to read with the `column` accessors. Call `reset()` after.
  func step() throws -> Bool {
    let code = sqlite3_step(handle)
    if code == SQLITE_ROW { return true }
    guard code == SQLITE_DONE else {
      let message = connection.map { String(cString: sqlite3_errmsg($0)) }
      sqlite3_reset(handle)
      throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
    }
    return false
  }

  func reset() {
    sqlite3_reset(handle)
    sqlite3_clear_bindings(handle)
  }

  /// Column `index` (from 0) of the current row as an integer; nil for NULL.
  func int64(_ index: Int32) -> Int64? {
    sqlite3_column_type(handle, index) == SQLITE_NULL ? nil : sqlite3_column_int64(handle, index)
  }

  /// Column `index` as an integer, with one call into SQLite: for columns that are never NULL, or that the
  /// query maps NULL to a sentinel with `ifnull` (half the calls of `int64(_:)`, which matters a million rows
  /// at a time).
  func integer(_ index: Int32) -> Int64 {
    sqlite3_column_int64(handle, index)
  }

  /// Column `index` (from 0) of the current row as text; nil for NULL.
  func text(_ index: Int32) -> String? {
    guard let bytes = sqlite3_column_text(handle, index) else { return nil }
    let count = Int(sqlite3_column_bytes(handle, index))
    return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
  }

  /// Runs the statement once with the values bound, then resets it for the next row. The bindings stay:
  /// callers bind every parameter before each run.
  func run() throws {
    let code = sqlite3_step(handle)
    sqlite3_reset(handle)
    guard code == SQLITE_DONE || code == SQLITE_ROW else {
      let message = connection.map { String(cString: sqlite3_errmsg($0)) }
      throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
    }
  }
}
