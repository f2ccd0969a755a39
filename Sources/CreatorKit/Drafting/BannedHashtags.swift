import Foundation

/// Tags never suggested: the bundled list (`templates/banned-hashtags.txt`) plus the user's
/// `$XDG_CONFIG_HOME/creator/banned-hashtags.txt`. One tag a line, `#` optional, `#` comments.
public struct BannedHashtags: Sendable, Equatable {
  public var tags: Set<String>

  /// A list of `tags`, written as `normalized` gives them.
  public init(tags: Set<String>) { self.tags = tags }

  public static func load(environment: [String: String] = ProcessInfo.processInfo.environment) -> BannedHashtags {
    var tags = parse(DraftingResources.bannedHashtags)
    let path = ModelConfiguration.configFolder(environment: environment) + "/banned-hashtags.txt"
    if let text = try? String(contentsOfFile: path, encoding: .utf8) { tags.formUnion(parse(text)) }
    return BannedHashtags(tags: tags)
  }

  static func parse(_ text: String) -> Set<String> {
    Set(
      text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        .filter { !$0.isEmpty && !$0.hasPrefix("# ") && $0 != "#" && !$0.hasPrefix("#!") }
        .map { HashtagStrategist.normalized($0) })
  }

  public func contains(_ tag: String) -> Bool { tags.contains(HashtagStrategist.normalized(tag)) }
}
