import Foundation
import Yams

/// The caption and hashtag rules drafts are checked against, loaded from the bundled, dated rules file
/// (`templates/platform-rules.yaml`) with a user's copy laid over it.
public struct PlatformRules: Sendable, Equatable {
  /// A length rule for one text field.
  public struct TextRule: Sendable, Equatable {
    public var limit: Int
    public var measure: TextMeasure
    /// Characters the field may not contain (YouTube: `<` and `>`).
    public var forbidden: String
  }

  /// One platform's rules.
  public struct Rule: Sendable, Equatable {
    public var caption: TextRule?
    public var title: TextRule?
    /// The most hashtags a post may carry, when the platform caps them.
    public var hashtagLimit: Int?
    /// How many tags a strategy offers.
    public var suggestedHashtags: Int
    /// Where "See more" cuts the text: the hook must end before it.
    public var fold: Int?
    /// The most links a post may carry.
    public var linkLimit: Int?
  }

  /// When the rules were last checked against the platforms.
  public var updated: String
  public var source: String
  public var platforms: [Platform: Rule]
  /// The user's file, when one was laid over the bundled rules.
  public var overridePath: String?

  public func rule(for platform: Platform) -> Rule {
    platforms[platform] ?? Rule(suggestedHashtags: 3)
  }

  /// The bundled rules with `$XDG_CONFIG_HOME/creator/platform-rules.yaml` over them when it exists.
  public static func load(environment: [String: String] = ProcessInfo.processInfo.environment) throws
    -> PlatformRules
  {
    var rules = try parse(DraftingResources.platformRules, source: "templates/platform-rules.yaml")
    let path = ModelConfiguration.configFolder(environment: environment) + "/platform-rules.yaml"
    if FileManager.default.fileExists(atPath: path) {
      let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
      let user = try parse(text, source: path)
      rules.platforms.merge(user.platforms) { $1 }
      if !user.updated.isEmpty { rules.updated = user.updated }
      rules.overridePath = path
    }
    return rules
  }

  /// Parses a rules file; errors name the file, line and key.
  public static func parse(_ text: String, source: String) throws -> PlatformRules {
    func fail(_ node: Node?, _ key: String, _ message: String) -> BriefError {
      BriefError(source: source, field: key, line: node?.mark.map(\.line), message: message)
    }
    if let (line, column) = YAMLAliasScan.firstAnchorOrAlias(in: text) {
      throw BriefError(source: source, line: line, message: "column \(column): YAML anchors and aliases are not read")
    }
    let root: Node?
    do { root = try Yams.compose(yaml: text) } catch {
      throw BriefError(source: source, message: "not valid YAML: \("\(error)".split(separator: "\n").first ?? "")")
    }
    guard let top = root?.mapping else { throw BriefError(source: source, message: "expected a mapping") }
    var rules = PlatformRules(
      updated: top["updated"]?.string ?? "", source: top["source"]?.string ?? source, platforms: [:])
    for (key, node) in top["platforms"]?.mapping ?? [:] {
      let name = key.string ?? ""
      guard let platform = Platform(rawValue: name), let values = node.mapping else {
        throw fail(key, "platforms.\(name)", "unknown platform or not a mapping")
      }
      func textRule(_ field: String) throws -> TextRule? {
        guard let entry = values[field] else { return nil }
        guard let limit = entry["limit"]?.int else {
          throw fail(entry, "platforms.\(name).\(field).limit", "needs a whole-number limit")
        }
        let measureName = entry["count"]?.string ?? "characters"
        guard let measure = TextMeasure(rawValue: measureName) else {
          throw fail(
            entry, "platforms.\(name).\(field).count",
            "unknown count '\(measureName)' (known: \(TextMeasure.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        return TextRule(limit: limit, measure: measure, forbidden: entry["forbidden"]?.string ?? "")
      }
      let hashtags = values["hashtags"]
      let limit = hashtags?["limit"]?.int
      rules.platforms[platform] = Rule(
        caption: try textRule("caption"), title: try textRule("title"), hashtagLimit: limit,
        suggestedHashtags: hashtags?["suggested"]?.int ?? min(limit ?? 3, 3), fold: values["fold"]?.int,
        linkLimit: values["links"]?.int)
    }
    return rules
  }

  /// Every rule `caption` breaks on `platform`, with the overshoot.
  public func check(_ caption: String, on platform: Platform) -> [RuleViolation] {
    let rule = rule(for: platform)
    var violations: [RuleViolation] = []
    let name = platform.rawValue
    if let text = rule.caption {
      let length = text.measure.length(of: caption)
      if length > text.limit {
        violations.append(
          RuleViolation(
            rule: "\(name) caption: at most \(text.limit.formatted()) \(text.measure.unit)", actual: length,
            limit: text.limit))
      }
      let forbidden = caption.filter { text.forbidden.contains($0) }
      if !forbidden.isEmpty {
        violations.append(
          RuleViolation(
            rule: "\(name) caption: no \(text.forbidden.map { "'\($0)'" }.joined(separator: " or "))",
            actual: forbidden.count, limit: 0))
      }
    }
    if let limit = rule.hashtagLimit {
      let count = CaptionEntities.hashtags(in: caption).count
      if count > limit {
        violations.append(RuleViolation(rule: "\(name): at most \(limit) hashtags", actual: count, limit: limit))
      }
    }
    if let limit = rule.linkLimit {
      let count = TextMeasure.urlPattern.numberOfMatches(
        in: caption, range: NSRange(location: 0, length: (caption as NSString).length))
      if count > limit {
        violations.append(RuleViolation(rule: "\(name): at most \(limit) links", actual: count, limit: limit))
      }
    }
    if let fold = rule.fold {
      let hook = Self.hook(of: caption)
      let length = rule.caption?.measure.length(of: hook) ?? hook.count
      if length > fold {
        violations.append(
          RuleViolation(
            rule: "\(name): the hook (first sentence) must fit before the fold at \(fold)", actual: length, limit: fold)
        )
      }
    }
    return violations
  }

  /// The first line, cut at the end of its first sentence.
  public static func hook(of caption: String) -> String {
    let firstLine =
      caption.trimmingCharacters(in: .whitespacesAndNewlines).split(
        separator: "\n", maxSplits: 1, omittingEmptySubsequences: false
      ).first.map(String.init) ?? ""
    var sentence = ""
    for character in firstLine {
      sentence.append(character)
      if ".!?…".contains(character) && sentence.count > 1 { break }
    }
    return sentence
  }
}

/// A rule a draft breaks, and by how much.
public struct RuleViolation: Sendable, Equatable, Codable, CustomStringConvertible {
  public var rule: String
  public var actual: Int
  public var limit: Int

  public var overshoot: Int { actual - limit }
  public var description: String { "\(rule): has \(actual), \(overshoot) over" }
}
