import Foundation
import Synchronization

/// Hashtags and mentions found in caption text, Unicode-aware: `#café`, `#東京`, `🍰#cake`, `(#tag)`.
///
/// A hashtag starts with `#` or `＃` that does not follow a letter or digit, and runs over letters,
/// combining marks, digits and `_`; it must hold at least one character that is not a digit (`#2024` is
/// not a tag). Tags are compared in lower case, NFC-composed. A mention is `@` then an Instagram-style
/// handle (letters, digits, `.`, `_`), not inside an e-mail address.
public enum CaptionEntities {
  /// A tag as the store and every comparison hold it: without surrounding space and its `#` or `＃`,
  /// NFC-composed, lower-cased. The one home of that rule (a search for `＃sourdough` found nothing when a
  /// copy of it stripped only `#`).
  public static func normalizedTag(_ tag: String) -> String {
    var text = Substring(tag.trimmingCharacters(in: .whitespaces))
    while text.hasPrefix("#") || text.hasPrefix("＃") { text = text.dropFirst() }
    return String(text).precomposedStringWithCanonicalMapping.lowercased()
  }

  /// The distinct hashtags in `text`, lower-cased, without `#`, in order of first appearance.
  public static func hashtags(in text: String) -> [String] {
    entities(in: text, markers: ("#", "＃"), isBody: isTagScalar, needsNonDigit: true)
  }

  /// The distinct mentioned handles in `text`, lower-cased, without `@`, in order of first appearance.
  public static func mentions(in text: String) -> [String] {
    entities(in: text, markers: ("@", "＠"), isBody: isHandleScalar, needsNonDigit: false)
      .map { handle in String(handle.reversed().drop(while: { $0 == "." }).reversed()) }
      .filter { !$0.isEmpty }
  }

  /// Whether `text` may hold a hashtag or mention at all: a cheap byte scan before the real work.
  public static func mayContainEntities(_ text: String) -> Bool {
    // `#` and `@`, or the lead byte of the full-width forms (U+FF03, U+FF20).
    text.utf8.contains { $0 == 0x23 || $0 == 0x40 || $0 == 0xEF }
  }

  /// Finds markers by their bytes (the ASCII one, or the lead byte 0xEF of the full-width one) and decodes
  /// only around them: a caption is mostly text with no tag in it.
  private static func entities(
    in text: String,
    markers: (Unicode.Scalar, Unicode.Scalar),
    isBody: (Unicode.Scalar) -> Bool,
    needsNonDigit: Bool
  ) -> [String] {
    let utf8 = text.utf8
    let scalars = text.unicodeScalars
    let ascii = UInt8(markers.0.value)
    var found: [String] = []
    var index = utf8.startIndex
    // Where the last marker's body ended: a marker right there follows a marker, not a letter (`#ab#cd`).
    var lastBodyEnd: String.Index?
    while let marker = utf8[index...].firstIndex(where: { $0 == ascii || $0 == 0xEF }) {
      let scalar = scalars[marker]
      index = scalars.index(after: marker)
      guard scalar == markers.0 || scalar == markers.1 else { continue }
      if marker != utf8.startIndex && marker != lastBodyEnd {
        let previous = scalars[scalars.index(before: marker)]
        if isTagScalar(previous) || previous == "&" { continue }
      }
      let start = index
      var hasNonDigit = false
      while index != scalars.endIndex, isBody(scalars[index]) {
        let next = scalars[index]
        if !hasNonDigit {
          hasNonDigit = next.isASCII ? !(0x30...0x39).contains(next.value) : next.properties.numericType == nil
        }
        index = scalars.index(after: index)
      }
      lastBodyEnd = index
      guard start != index, hasNonDigit || !needsNonDigit else { continue }
      let body = text[start..<index]
      let normalized = body.utf8.allSatisfy { $0 < 0x80 } ? body.lowercased() : composedLowercase(String(body))
      if !found.contains(normalized) { found.append(normalized) }
    }
    return found
  }

  /// Non-ASCII tags composed (NFC) and lower-cased, remembered: Foundation's composition costs
  /// microseconds a call, and a creator uses the same few tags on thousands of posts.
  private static let composed = Mutex<[String: String]>([:])

  private static func composedLowercase(_ text: String) -> String {
    if let known = composed.withLock({ $0[text] }) { return known }
    let result = text.precomposedStringWithCanonicalMapping.lowercased()
    composed.withLock { cache in
      if cache.count >= 10_000 { cache.removeAll() }
      cache[text] = result
    }
    return result
  }

  /// Letters, digits, combining marks and `_`. Emoji and punctuation end a tag.
  private static func isTagScalar(_ scalar: Unicode.Scalar) -> Bool {
    if scalar.isASCII {
      let value = scalar.value
      return (0x30...0x39).contains(value) || (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value)
        || value == 0x5F
    }
    let properties = scalar.properties
    if properties.isAlphabetic || properties.numericType != nil { return true }
    switch properties.generalCategory {
    case .nonspacingMark, .spacingMark, .enclosingMark: return scalar.value != 0x20E3 && scalar.value != 0xFE0F
    default: return false
    }
  }

  private static func isHandleScalar(_ scalar: Unicode.Scalar) -> Bool {
    scalar.isASCII && (isTagScalar(scalar) || scalar == ".")
  }
}
