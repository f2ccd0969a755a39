import Foundation

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
    var found: [String: BatchRecord] = [:]
    for chunk in stride(from: 0, to: keys.count, by: 500).map({ Array(keys[$0..<min($0 + 500, keys.count)]) }) {
      let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
      let rows = try rows(
        """
        SELECT key, input, brief_id, platform, task, engine, result, error FROM batch_item
        WHERE status = 'done' AND key IN (\(marks))
        """, chunk.map(StoreValue.text))
      for row in rows {
        let record = BatchRecord(
          key: row[0], input: row[1], briefID: row[2], platform: Platform(rawValue: row[3]) ?? .other, task: row[4],
          engine: row[5], status: .done, result: row[6], error: row[7])
        found[record.key] = record
      }
    }
    return found
  }

  /// Records a finished item in its own transaction: once this returns, a crash loses nothing of it.
  func record(_ item: BatchRecord) throws {
    try run(
      """
      INSERT INTO batch_item (key, input, brief_id, platform, task, engine, status, result, error, finished_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT(key) DO UPDATE SET status = excluded.status, result = excluded.result, error = excluded.error,
        finished_at = excluded.finished_at
      """,
      [
        StoreValue(item.key), StoreValue(item.input), StoreValue(item.briefID), StoreValue(item.platform.rawValue),
        StoreValue(item.task), StoreValue(item.engine), StoreValue(item.status.rawValue), StoreValue(item.result),
        StoreValue(item.error), StoreValue(Date().timeIntervalSince1970),
      ])
  }
}
