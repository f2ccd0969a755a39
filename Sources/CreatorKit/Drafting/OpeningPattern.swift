import Foundation

/// How a caption opens, read from its first sentence: the built-in engine writes each variant in a
/// different one, led by the patterns the creator's own best posts open with.
public enum OpeningPattern: String, Sendable, Codable, CaseIterable {
  /// "Ever tried rye with caraway?"
  case question
  /// "30 loaves only." / "3 things to know"
  case number
  /// "Best crust in town!" / "Stop buying sliced bread."
  case claim = "bold claim"
  /// "We started at 4 am." / "Yesterday a neighbour asked ..."
  case story
  /// "How to shape a boule" / "Here's how it works"
  case howTo = "how-to"
  /// Anything else: a plain statement.
  case statement

  /// The patterns the built-in engine writes, in the order it tries them when the data does not choose.
  public static let written: [OpeningPattern] = [.question, .number, .story, .howTo, .claim]

  /// The pattern of `caption`'s first sentence.
  public static func of(_ caption: String) -> OpeningPattern {
    let hook = PlatformRules.hook(of: caption)
    // Leading emoji, symbols and spaces do not change how a sentence opens.
    let text = String(hook.drop { !$0.isLetter && !$0.isNumber }).lowercased()
    guard !text.isEmpty else { return .statement }
    let words = text.split(whereSeparator: { !$0.isLetter && !$0.isNumber && $0 != "'" && $0 != "’" }).map {
      $0.replacingOccurrences(of: "’", with: "'")
    }
    let first = words.first ?? ""
    let opening = words.prefix(2).joined(separator: " ")
    if ["how to", "here's how", "here is", "step 1", "how i", "how we"].contains(opening)
      || ["tip", "tips", "recipe", "guide", "tutorial"].contains(first)
    {
      return .howTo
    }
    if hook.contains("?") { return .question }
    if first.first?.isNumber == true || numberWords.contains(first) { return .number }
    if storyOpenings.contains(first)
      || ["this morning", "last week", "last night", "it started", "one day", "the story"].contains(
        opening)
    {
      return .story
    }
    if hook.hasSuffix("!") || claimOpenings.contains(first)
      || ["the best", "the only", "this is", "no one", "nothing beats", "big news"].contains(opening)
    {
      return .claim
    }
    return .statement
  }

  static let numberWords: Set<String> = [
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twelve", "first", "hundreds",
    "dozens",
  ]
  static let storyOpenings: Set<String> = [
    "i", "i'm", "i've", "we", "we're", "we've", "my", "our", "yesterday", "today", "tonight", "once", "when",
    "story", "remember",
  ]
  static let claimOpenings: Set<String> = ["stop", "never", "always", "everyone", "best", "forget", "nobody"]

  /// How the pattern reads in a sentence: "a question", "a bold claim".
  public var phrase: String {
    switch self {
    case .question: "a question"
    case .number: "a number"
    case .claim: "a bold claim"
    case .story: "a story"
    case .howTo: "a how-to"
    case .statement: "a plain statement"
    }
  }
}
