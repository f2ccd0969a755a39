import Foundation

/// WHERE conditions with their values, built once and bound to a statement of either engine or a
/// `FastStatement`. Every query over posts starts from `scope`, so a filter means the same thing in each.
struct SQLFilter: Sendable {
  private(set) var conditions: [String] = []
  private(set) var values: [StoreValue] = []

  mutating func add(_ condition: String, _ value: StoreValue) {
    conditions.append(condition)
    values.append(value)
  }

  /// A condition with two values (`p.id BETWEEN ? AND ?`).
  mutating func add(_ condition: String, _ first: Int64, _ second: Int64) {
    conditions.append(condition)
    values += [.integer(first), .integer(second)]
  }

  /// A condition without a value.
  mutating func add(_ condition: String) {
    conditions.append(condition)
  }

  /// `WHERE a AND b`, or nothing.
  var whereClause: String {
    conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
  }

  func bind(to statement: FastStatement) {
    for (offset, value) in values.enumerated() {
      statement.bind(Int32(offset + 1), value)
    }
  }

  /// Posts (`p`) published in [since, until). The accounts of a scope are picked by
  /// `PostStore.scope`, which compares handles by `AccountHandle.key`.
  static func scope(since: Date? = nil, until: Date? = nil) -> SQLFilter {
    var filter = SQLFilter()
    if let since { filter.add("p.published_at >= ?", .integer(Int64(since.timeIntervalSince1970))) }
    if let until { filter.add("p.published_at < ?", .integer(Int64(until.timeIntervalSince1970))) }
    return filter
  }
}
