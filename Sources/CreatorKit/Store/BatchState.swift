import Foundation
import GRDB

/// One finished batch item as the store keeps it, so a rerun skips what is done.
public struct BatchRecord: Sendable, Equatable {
  /// How the item ended: drafted, or failed (a rerun tries it again).
  public enum Status: String, Sendable { case done, failed }

  public var key: String
  public var input: String
  public var briefID: String
  public var platform: Platform
  public var task: String
  public var engine: String
  public var status: Status
  /// The result as JSON text, for a done item.
  public var result: String?
  public var error: String?
}

extension PostStore {
  /// The done items among `keys`, by key.
  func doneBatchItems(_ keys: [String]) throws -> [String: BatchRecord] {
    try read { db in
      var found: [String: BatchRecord] = [:]
      for chunk in stride(from: 0, to: keys.count, by: 500).map({ Array(keys[$0..<min($0 + 500, keys.count)]) }) {
        let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
        let rows = try Row.fetchAll(
          db, sql: "SELECT * FROM batch_item WHERE status = 'done' AND key IN (\(marks))",
          arguments: StatementArguments(chunk))
        for row in rows {
          let record = BatchRecord(
            key: row["key"], input: row["input"], briefID: row["brief_id"],
            platform: Platform(rawValue: row["platform"]) ?? .other, task: row["task"], engine: row["engine"],
            status: .done, result: row["result"], error: row["error"])
          found[record.key] = record
        }
      }
      return found
    }
  }

  /// Records a finished item in its own transaction: once this returns, a crash loses nothing of it.
  func record(_ item: BatchRecord) throws {
    try pool.write { db in
      try db.execute(
        sql: """
          INSERT INTO batch_item (key, input, brief_id, platform, task, engine, status, result, error, finished_at)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
          ON CONFLICT(key) DO UPDATE SET status = excluded.status, result = excluded.result, error = excluded.error,
            finished_at = excluded.finished_at
          """,
        arguments: [
          item.key, item.input, item.briefID, item.platform.rawValue, item.task, item.engine, item.status.rawValue,
          item.result, item.error, Date().timeIntervalSince1970,
        ])
    }
  }
}
