import Foundation

/// Hashtags and mentions found in caption text, Unicode-aware: `#café`, `#東京`, `🍰#cake`, `(#tag)`.
///
/// A hashtag starts with `#` or `＃` that does not follow a letter or digit, and runs over letters,
/// combining marks, digits and `_`; it must hold at least one character that is not a digit (`#2024` is
/// not a tag). Tags are compared in lower case, NFC-composed. A mention is `@` then an Instagram-style
/// handle (letters, digits, `.`, `_`), not inside an e-mail address.
public enum CaptionEntities {
  /// The distinct hashtags in `text`, lower-cased, without `#`, in order of first appearance.
  public static func hashtags(in text: String) -> [String] {
    entities(in: text, markers: ["#", "＃"], isBody: isTagCharacter, minimumHasNonDigit: true)
  }

  /// The distinct mentioned handles in `text`, lower-cased, without `@`, in order of first appearance.
  public static func mentions(in text: String) -> [String] {
    entities(in: text, markers: ["@", "＠"], isBody: isHandleCharacter, minimumHasNonDigit: false)
      .map { handle in String(handle.reversed().drop(while: { $0 == "." }).reversed()) }
      .filter { !$0.isEmpty }
  }

  private static func entities(
    in text: String,
    markers: Set<Character>,
    isBody: (Character) -> Bool,
    minimumHasNonDigit: Bool
  ) -> [String] {
    guard text.contains(where: { markers.contains($0) }) else { return [] }
    let characters = Array(text.precomposedStringWithCanonicalMapping)
    var found: [String] = []
    var seen: Set<String> = []
    var index = 0
    while index < characters.count {
      let character = characters[index]
      index += 1
      guard markers.contains(character) else { continue }
      if index >= 2 && isWordCharacter(characters[index - 2]) { continue }
      var body = ""
      while index < characters.count && isBody(characters[index]) {
        body.append(characters[index])
        index += 1
      }
      guard !body.isEmpty else { continue }
      if minimumHasNonDigit && body.allSatisfy({ $0.isNumber }) { continue }
      let normalized = body.lowercased()
      if seen.insert(normalized).inserted { found.append(normalized) }
    }
    return found
  }

  private static func isTagCharacter(_ character: Character) -> Bool {
    guard let first = character.unicodeScalars.first else { return false }
    if first == "_" { return true }
    guard first.properties.isAlphabetic || first.properties.numericType != nil else { return false }
    // Emoji presentation sequences and the like are not tag characters; combining marks are.
    return character.unicodeScalars.dropFirst().allSatisfy { scalar in
      switch scalar.properties.generalCategory {
      case .nonspacingMark, .spacingMark, .enclosingMark: true
      default: scalar.properties.isAlphabetic
      }
    }
  }

  private static func isHandleCharacter(_ character: Character) -> Bool {
    character.isASCII && (character.isLetter || character.isNumber || character == "." || character == "_")
  }

  private static func isWordCharacter(_ character: Character) -> Bool {
    isTagCharacter(character) || character == "&"
  }
}
