import Foundation

/// Which store a command uses, in one place for the commands and for shell completion: `--database`, else
/// `CREATOR_DATABASE`, else `database:` in the configuration file, else `PostStore.defaultPath`.
public enum StoreChoice {
  /// The store named by `flag` (the `--database` value), the environment or the configuration file. A
  /// configuration file that cannot be read throws.
  public static func location(flag: String?, environment: [String: String] = ProcessInfo.processInfo.environment)
    throws -> StoreLocation
  {
    if let flag { return StoreLocation(flag) }
    if let named = environment["CREATOR_DATABASE"], !named.isEmpty { return StoreLocation(named) }
    let configuration = try ModelConfiguration.load(environment: environment)
    guard let configured = configuration.database else {
      return StoreLocation(PostStore.defaultPath(environment: environment))
    }
    return StoreLocation(resolved(configured, configurationFile: configuration.path, environment: environment))
  }

  /// A `database:` value as the configuration file means it: `~/…` from the home folder, a relative path
  /// from the file's own folder (not the current one), a URL (`postgres://…`) or an absolute path as written.
  public static func resolved(_ text: String, configurationFile: String?, environment: [String: String]) -> String {
    if text.contains("://") || text.hasPrefix("/") { return text }
    if text == "~" || text.hasPrefix("~/") {
      return (environment["HOME"] ?? NSHomeDirectory()) + text.dropFirst()
    }
    guard let configurationFile else { return text }
    return URL(fileURLWithPath: configurationFile).deletingLastPathComponent().appendingPathComponent(text).path
  }
}
