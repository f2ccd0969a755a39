import Foundation

/// How account handles are written and compared, in one place. A handle is stored without `@` and
/// surrounding space (`@bakerbee ` and `bakerbee` name one account, wherever a handle is given: an export,
/// `--account`, a post file), and a handle asked for matches a stored one regardless of the case of ASCII
/// letters, exactly as the store's SQL compares names (`COLLATE NOCASE`); other letters keep their case.
public enum AccountHandle {
  /// `@bakerbee ` → `bakerbee`.
  public static func normalized(_ name: String) -> String {
    var name = name.trimmingCharacters(in: .whitespaces)
    if name.hasPrefix("@") { name.removeFirst() }
    return name
  }

  /// What handles compare by: normalized, ASCII letters in lower case.
  public static func key(_ name: String) -> String {
    String(decoding: normalized(name).utf8.map { (0x41...0x5A).contains($0) ? $0 + 0x20 : $0 }, as: UTF8.self)
  }

  /// Whether `a` and `b` name the same account (on one platform).
  public static func same(_ a: String, _ b: String) -> Bool {
    key(a) == key(b)
  }
}
