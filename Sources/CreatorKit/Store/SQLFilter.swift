import Foundation
import GRDB

/// WHERE conditions with their values, built once and bound to a GRDB statement or a `FastStatement`.
/// Every query over posts starts from `scope`, so a filter means the same thing in each.
struct SQLFilter: Sendable {
  enum Value: Sendable {
    case text(String)
    case integer(Int64)
  }

  private(set) var conditions: [String] = []
  private(set) var values: [Value] = []

  mutating func add(_ condition: String, _ value: Value) {
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

  var arguments: StatementArguments {
    StatementArguments(
      values.map { value -> (any DatabaseValueConvertible)? in
        switch value {
        case .text(let text): text
        case .integer(let number): number
        }
      })
  }

  func bind(to statement: FastStatement) {
    for (offset, value) in values.enumerated() {
      switch value {
      case .text(let text): statement.bind(Int32(offset + 1), text)
      case .integer(let number): statement.bind(Int32(offset + 1), number)
      }
    }
  }

  /// Posts (`p`) of an account (`a`) on a platform, published in [since, until).
  static func scope(platform: Platform?, account: String?, since: Date? = nil, until: Date? = nil) -> SQLFilter {
    var filter = SQLFilter()
    if let platform { filter.add("a.platform = ?", .text(platform.rawValue)) }
    if let account { filter.add("a.name = ? COLLATE NOCASE", .text(AccountHandle.normalized(account))) }
    if let since { filter.add("p.published_at >= ?", .integer(Int64(since.timeIntervalSince1970))) }
    if let until { filter.add("p.published_at < ?", .integer(Int64(until.timeIntervalSince1970))) }
    return filter
  }
}
