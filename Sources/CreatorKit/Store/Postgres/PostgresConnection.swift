#if Postgres
  import CLibPQ
  import Foundation

  /// One libpq connection, used from one thread at a time, synchronously like the SQLite store's GRDB code.
  /// Values travel as text (libpq's text format), so a row is `[String?]`.
  final class PostgresConnection {
    private let connection: OpaquePointer
    /// The server as the user may see it: the URL with its password masked (`StoreLocation.displayName`).
    let displayURL: String

    /// Connects to `url` (`postgres://user@host:port/database`, or any libpq connection string).
    init(url: String) throws {
      displayURL = StoreLocation(url).displayName
      // A server that never answers must not hang a command: 10 seconds unless the URL says otherwise
      // (`?connect_timeout=`; the URL, expanded after it, wins).
      let keywords = ["connect_timeout", "dbname"]
      let values = ["10", url]
      let made = keywords.withCStrings { keywords in
        values.withCStrings { values in PQconnectdbParams(keywords, values, 1) }
      }
      guard let connection = made else {
        throw StoreError(path: displayURL, message: "libpq could not allocate a connection")
      }
      self.connection = connection
      // A connection that failed is still finished once, by deinit (which runs when init throws here).
      guard PQstatus(connection) == CONNECTION_OK else {
        throw StoreError(path: displayURL, message: PostgresConnection.message(connection))
      }
      // Messages from the server in plain English, times as seconds: the store keeps seconds since 1970.
      try execute("SET client_min_messages = warning")
    }

    deinit { PQfinish(connection) }

    private static func message(_ connection: OpaquePointer?) -> String {
      guard let text = PQerrorMessage(connection) else { return "unknown PostgreSQL error" }
      return oneLine(String(cString: text))
    }

    /// libpq's message on one line: its lines (`ERROR:  …`, `HINT:  …`) joined by spaces.
    private static func oneLine(_ text: String) -> String {
      text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        .filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// The role this connection is logged in as.
    var user: String { PQuser(connection).map { String(cString: $0) } ?? "" }

    /// Runs `sql` (several statements when there are no parameters) and returns the rows of its last one.
    @discardableResult
    func execute(_ sql: String, _ parameters: [String?] = []) throws -> [[String?]] {
      let result: OpaquePointer?
      if parameters.isEmpty {
        result = PQexec(connection, sql)
      } else {
        // libpq takes parameters as C strings: a NUL byte would cut the value short without a word.
        if parameters.contains(where: { $0?.utf8.contains(0) ?? false }) {
          throw PostgresError(
            message: "a value with a NUL byte cannot be stored: PostgreSQL text cannot hold it", state: nil)
        }
        let copies = parameters.map { $0.map { strdup($0) } ?? nil }
        defer { copies.forEach { free($0) } }
        result = copies.map { UnsafePointer($0) }.withUnsafeBufferPointer { values in
          PQexecParams(connection, sql, Int32(parameters.count), nil, values.baseAddress, nil, nil, 0)
        }
      }
      defer { PQclear(result) }
      let status = PQresultStatus(result)
      guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else {
        throw PostgresError(message: PostgresConnection.resultMessage(result, connection), state: state(result))
      }
      let rows = PQntuples(result)
      let columns = PQnfields(result)
      var out: [[String?]] = []
      out.reserveCapacity(Int(rows))
      for row in 0..<rows {
        var values: [String?] = []
        for column in 0..<columns {
          values.append(
            PQgetisnull(result, row, column) == 1 ? nil : String(cString: PQgetvalue(result, row, column)))
        }
        out.append(values)
      }
      return out
    }

    /// Runs `body` in one transaction: committed when it returns (rolled back instead when `commits` is
    /// false: a dry run), rolled back when it throws.
    func transaction<T>(commits: Bool = true, _ body: () throws -> T) throws -> T {
      try execute("BEGIN")
      do {
        let result = try body()
        try execute(commits ? "COMMIT" : "ROLLBACK")
        return result
      } catch {
        _ = try? execute("ROLLBACK")
        throw error
      }
    }

    /// The first column of the first row, as a 64-bit integer.
    func integer(_ sql: String, _ parameters: [String?] = []) throws -> Int64? {
      guard let value = try execute(sql, parameters).first?.first, let text = value else { return nil }
      return Int64(text)
    }

    private func state(_ result: OpaquePointer?) -> String? {
      PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) }
    }

    private static func resultMessage(_ result: OpaquePointer?, _ connection: OpaquePointer) -> String {
      if let text = PQresultErrorMessage(result), text.pointee != 0 {
        return oneLine(String(cString: text))
      }
      return message(connection)
    }

    /// Streams rows into `table` with `COPY … FROM STDIN` (text format): the fast path for bulk rows.
    /// `rows` is the rows' text, each line made with `PostgresCopyText`.
    func copy(into table: String, columns: [String], rows: [UInt8]) throws {
      guard !rows.isEmpty else { return }
      let start = PQexec(connection, "COPY \(table) (\(columns.joined(separator: ", "))) FROM STDIN")
      defer { PQclear(start) }
      guard PQresultStatus(start) == PGRES_COPY_IN else {
        throw PostgresError(message: PostgresConnection.resultMessage(start, connection), state: state(start))
      }
      var offset = 0
      let chunk = 1 << 18
      while offset < rows.count {
        let end = min(offset + chunk, rows.count)
        let sent = rows[offset..<end].withUnsafeBufferPointer { part in
          part.withMemoryRebound(to: CChar.self) { PQputCopyData(connection, $0.baseAddress, Int32($0.count)) }
        }
        guard sent == 1 else { throw PostgresError(message: PostgresConnection.message(connection), state: nil) }
        offset = end
      }
      guard PQputCopyEnd(connection, nil) == 1 else {
        throw PostgresError(message: PostgresConnection.message(connection), state: nil)
      }
      var failure: PostgresError?
      while let result = PQgetResult(connection) {
        if PQresultStatus(result) != PGRES_COMMAND_OK, failure == nil {
          failure = PostgresError(message: PostgresConnection.resultMessage(result, connection), state: state(result))
        }
        PQclear(result)
      }
      if let failure { throw failure }
    }
  }

  extension Array where Element == String {
    /// The strings as a NULL-terminated array of C strings, alive during `body` (libpq's keyword lists).
    fileprivate func withCStrings<T>(_ body: (UnsafePointer<UnsafePointer<CChar>?>) -> T) -> T {
      let copies = map { strdup($0) }
      defer { copies.forEach { free($0) } }
      let pointers = copies.map { UnsafePointer($0) } + [nil]
      return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
  }

  /// What the server said when a statement failed, with its SQLSTATE (`42501`: not allowed).
  struct PostgresError: Error, CustomStringConvertible {
    var message: String
    var state: String?
    var description: String { message }
    /// Row-level security or a missing privilege refused the statement.
    var isDenied: Bool { state == "42501" }
  }

  /// Lines of `COPY … FROM STDIN` text: fields split by tabs, `\N` for null, backslash escapes.
  struct PostgresCopyText {
    private(set) var bytes: [UInt8] = []
    /// Fields whose NUL bytes were removed (PostgreSQL text cannot hold one), for the import's notes.
    private(set) var fieldsWithNUL = 0
    private var first = true

    /// Adds a field to the current line.
    mutating func add(_ value: String?) {
      if !first { bytes.append(0x09) }
      first = false
      guard let value else {
        bytes.append(contentsOf: [0x5C, 0x4E])
        return
      }
      var hadNUL = false
      for byte in value.utf8 {
        switch byte {
        case 0x5C: bytes.append(contentsOf: [0x5C, 0x5C])
        case 0x09: bytes.append(contentsOf: [0x5C, 0x74])
        case 0x0A: bytes.append(contentsOf: [0x5C, 0x6E])
        case 0x0D: bytes.append(contentsOf: [0x5C, 0x72])
        case 0x00: hadNUL = true
        default: bytes.append(byte)
        }
      }
      if hadNUL { fieldsWithNUL += 1 }
    }

    mutating func add(_ value: Int64?) { add(value.map { String($0) }) }
    mutating func add(_ value: Int?) { add(value.map { String($0) }) }

    /// Ends the current line.
    mutating func endRow() {
      bytes.append(0x0A)
      first = true
    }

    var isEmpty: Bool { bytes.isEmpty }
  }
#endif
