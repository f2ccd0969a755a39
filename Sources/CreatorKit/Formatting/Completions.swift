import Foundation

/// What a shell completes for `--account` and `--timezone`: the store's account handles and the system's
/// time zone names, filtered by what has been typed. Never creates a store, never throws: a shell
/// completion that fails offers nothing.
public enum Completions {
  /// Handles in the store at `storePath` starting with `prefix` (case ignored); typed with `@`, offered
  /// with `@`.
  public static func accounts(storePath: String, prefix: String) -> [String] {
    let at = prefix.hasPrefix("@")
    let typed = AccountHandle.key(prefix)
    guard let store = try? PostStore.open(StoreLocation(storePath), mode: .existingOnly),
      let accounts = try? store.accounts(.posts)
    else { return [] }
    var seen = Set<String>()
    return accounts.map(\.account).filter { AccountHandle.key($0).hasPrefix(typed) && seen.insert($0).inserted }
      .map { at ? "@" + $0 : $0 }
  }

  /// Time zone names (`Europe/Berlin`, `UTC`) starting with `prefix`, case ignored.
  public static func timeZones(prefix: String) -> [String] {
    let typed = prefix.lowercased()
    return (["UTC"] + TimeZone.knownTimeZoneIdentifiers.sorted()).filter { $0.lowercased().hasPrefix(typed) }
      .reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
  }

  /// The store a command line's words name (`--database PATH` or `--database=PATH`), else the one
  /// `StoreChoice` finds (the environment, the configuration file, the default).
  public static func storePath(in words: [String]) -> String {
    var flag: String?
    for (index, word) in words.enumerated() {
      if word == "--database", index + 1 < words.count { flag = words[index + 1] }
      if word.hasPrefix("--database=") { flag = String(word.dropFirst("--database=".count)) }
    }
    guard let location = try? StoreChoice.location(flag: flag) else { return flag ?? PostStore.defaultPath() }
    switch location {
    case .file(let path): return path
    case .server(let url, _): return url
    }
  }
}
