import Foundation

/// How a platform counts the length of a text.
public enum TextMeasure: String, Sendable, Codable, CaseIterable {
  /// Unicode scalars after NFC.
  case characters
  /// UTF-16 code units: most emoji are 2.
  case utf16
  /// Bytes of UTF-8: 1 for ASCII, 2-4 beyond.
  case utf8Bytes = "utf8_bytes"
  /// User-perceived characters (extended grapheme clusters).
  case graphemes
  /// X's weighted length (twitter-text v3): NFC first; every URL 23; an emoji sequence 2; code points in
  /// U+0000-U+10FF, U+2000-U+200D, U+2010-U+201F and U+2032-U+2037 1; everything else (CJK, ...) 2.
  case xWeighted = "x_weighted"

  /// The length of `text` counted this way.
  public func length(of text: String) -> Int {
    switch self {
    case .characters: text.precomposedStringWithCanonicalMapping.unicodeScalars.count
    case .utf16: text.utf16.count
    case .utf8Bytes: text.utf8.count
    case .graphemes: text.count
    case .xWeighted: Self.weightedLength(text)
    }
  }

  /// What one unit is called in a message.
  public var unit: String {
    switch self {
    case .characters, .graphemes: "characters"
    case .utf16: "characters (UTF-16)"
    case .utf8Bytes: "bytes"
    case .xWeighted: "weighted characters"
    }
  }

  static let urlLength = 23

  /// URLs as X finds them: with a scheme, or `www.`, or a bare domain with a common ending.
  static let urlPattern = try! NSRegularExpression(
    pattern:
      #"(?:https?://|www\.)[^\s]+|\b[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:com|net|org|io|co|app|dev|ly|me|shop|store|info|biz|uk|de|se|fr|es|nl)(?:/[^\s]*)?"#,
    options: [.caseInsensitive])

  static func weightedLength(_ text: String) -> Int {
    let normal = text.precomposedStringWithCanonicalMapping
    let nsText = normal as NSString
    var total = 0
    var cursor = 0
    for match in urlPattern.matches(in: normal, range: NSRange(location: 0, length: nsText.length)) {
      total += weighted(nsText.substring(with: NSRange(location: cursor, length: match.range.location - cursor)))
      total += urlLength
      cursor = match.range.location + match.range.length
    }
    total += weighted(nsText.substring(from: cursor))
    return total
  }

  private static func weighted(_ text: String) -> Int {
    var total = 0
    for character in text {
      if isEmoji(character) {
        total += 2
        continue
      }
      for scalar in character.unicodeScalars {
        let value = scalar.value
        let light =
          value <= 0x10FF || (0x2000...0x200D).contains(value) || (0x2010...0x201F).contains(value)
          || (0x2032...0x2037).contains(value)
        total += light ? 1 : 2
      }
    }
    return total
  }

  /// An emoji as a reader sees it: a pictograph shown as emoji by default, or made one by U+FE0F, a skin
  /// tone, a keycap or a joiner sequence.
  static func isEmoji(_ character: Character) -> Bool {
    let scalars = character.unicodeScalars
    guard let first = scalars.first else { return false }
    if first.properties.isEmojiPresentation { return true }
    if first.properties.isEmoji && scalars.count > 1 {
      return scalars.contains { $0.value == 0xFE0F || $0.value == 0x200D || $0.value == 0x20E3 }
        || scalars.contains { $0.properties.isEmojiModifier }
    }
    return false
  }
}
