import Foundation
import GRDB

/// A value a statement binds or a row holds, the same for both engines: SQLite hands back typed values,
/// PostgreSQL (libpq's text format) text, and `StoreRow` reads either as the type asked for.
enum StoreValue: Sendable, Equatable {
  case null
  case integer(Int64)
  case real(Double)
  case text(String)

  /// A value from anything a query binds: integers, doubles, text, booleans (as 0 and 1) and nil.
  init(_ value: (any StoreValueConvertible)?) {
    self = value?.storeValue ?? .null
  }

  /// The value as a GRDB statement binds it.
  var databaseValue: DatabaseValue {
    switch self {
    case .null: return .null
    case .integer(let number): return number.databaseValue
    case .real(let number): return number.databaseValue
    case .text(let text): return text.databaseValue
    }
  }

  /// The value as libpq's text format takes it; nil for null.
  var text: String? {
    switch self {
    case .null: return nil
    case .integer(let number): return String(number)
    case .real(let number): return String(number)
    case .text(let text): return text
    }
  }
}

/// What a statement may bind: `StoreValue(_:)` turns it into a `StoreValue`.
protocol StoreValueConvertible: Sendable {
  var storeValue: StoreValue { get }
}

extension Int64: StoreValueConvertible { var storeValue: StoreValue { .integer(self) } }
extension Int: StoreValueConvertible { var storeValue: StoreValue { .integer(Int64(self)) } }
extension Double: StoreValueConvertible { var storeValue: StoreValue { .real(self) } }
extension String: StoreValueConvertible { var storeValue: StoreValue { .text(self) } }
extension Bool: StoreValueConvertible { var storeValue: StoreValue { .integer(self ? 1 : 0) } }
extension StoreValue: StoreValueConvertible { var storeValue: StoreValue { self } }

/// One row a read returned, from either engine. A column is read as the type the caller asks for
/// (`row[0] as Int64?`); a value that is not of that type reads as nil (or the type's zero when the caller
/// asks for a value that cannot be nil), never a trap: a store written by another version must not crash a
/// report.
struct StoreRow: Sendable {
  let values: [StoreValue]

  init(_ values: [StoreValue]) {
    self.values = values
  }

  /// A SQLite row.
  init(_ row: Row) {
    values = row.databaseValues.map { value in
      switch value.storage {
      case .null: return .null
      case .int64(let number): return .integer(number)
      case .double(let number): return .real(number)
      case .string(let text): return .text(text)
      case .blob(let data): return .text(String(decoding: data, as: UTF8.self))
      }
    }
  }

  /// A PostgreSQL row in libpq's text format.
  init(text: [String?]) {
    values = text.map { $0.map(StoreValue.text) ?? .null }
  }

  subscript<Value: StoreColumn>(_ column: Int) -> Value? {
    column < values.count ? Value(values[column]) : nil
  }

  subscript<Value: StoreColumn>(_ column: Int) -> Value {
    self[column] ?? Value.zero
  }
}

/// A type a `StoreRow` column can be read as.
protocol StoreColumn {
  /// The value, or nil when it is null or not of this type.
  init?(_ value: StoreValue)
  /// What a column read as a non-optional value gives for null.
  static var zero: Self { get }
}

extension Int64: StoreColumn {
  init?(_ value: StoreValue) {
    switch value {
    case .integer(let number): self = number
    case .real(let number):
      guard let exact = Int64(exactly: number.rounded(.towardZero)) else { return nil }
      self = exact
    case .text(let text):
      if let number = Int64(text) {
        self = number
      } else if let number = Double(text), let exact = Int64(exactly: number.rounded(.towardZero)) {
        // PostgreSQL prints sums as numeric (`12.0` never, but `1e3` from a double may come back).
        self = exact
      } else {
        return nil
      }
    case .null: return nil
    }
  }
  static var zero: Int64 { 0 }
}

extension Int: StoreColumn {
  init?(_ value: StoreValue) {
    guard let number = Int64(value) else { return nil }
    self = Int(truncatingIfNeeded: number)
  }
  static var zero: Int { 0 }
}

extension Double: StoreColumn {
  init?(_ value: StoreValue) {
    switch value {
    case .integer(let number): self = Double(number)
    case .real(let number): self = number
    case .text(let text):
      guard let number = Double(text) else { return nil }
      self = number
    case .null: return nil
    }
  }
  static var zero: Double { 0 }
}

extension String: StoreColumn {
  init?(_ value: StoreValue) {
    guard let text = value.text else { return nil }
    self = text
  }
  static var zero: String { "" }
}

extension Bool: StoreColumn {
  /// SQLite keeps booleans as 0 and 1; PostgreSQL prints them `t` and `f`.
  init?(_ value: StoreValue) {
    switch value {
    case .text("t"), .text("true"): self = true
    case .text("f"), .text("false"): self = false
    default:
      guard let number = Int64(value) else { return nil }
      self = number != 0
    }
  }
  static var zero: Bool { false }
}
