import Foundation

/// A provider key. It prints as `sk-...abcd`, so it cannot leak through string interpolation into a log, an
/// error or a report, and `redact` removes it from any text a server sends back.
public struct APIKey: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
  /// The key itself, for the one place it belongs: a request header.
  public let secret: String

  /// A key from `secret`, trimmed; nil when there is none.
  public init?(_ secret: String?) {
    guard let secret = secret?.trimmingCharacters(in: .whitespacesAndNewlines), !secret.isEmpty else { return nil }
    self.secret = secret
  }

  /// The first three and last four characters, or only `...` for a short key.
  public var masked: String {
    secret.count >= 12 ? "\(secret.prefix(3))...\(secret.suffix(4))" : "..."
  }

  public var description: String { masked }
  public var debugDescription: String { masked }
}

extension Optional where Wrapped == APIKey {
  /// `text` with every occurrence of the key replaced by its masked form.
  func redact(_ text: String) -> String {
    guard let key = self, text.contains(key.secret) else { return text }
    return text.replacingOccurrences(of: key.secret, with: key.masked)
  }
}

extension APIKey {
  /// `text` with every word that looks like a provider key masked (`sk-...abcd`), for messages that quote
  /// what a user wrote where a key may have landed by mistake (a key as a YAML key, in `key_env`): a word
  /// that starts like a known provider's key, or one holding a run of 32 or more letters, digits and `_`
  /// mixing letters and digits.
  public static func maskingKeyLike(_ text: String) -> String {
    var output = ""
    var word = ""
    func flush() {
      if looksLikeKey(word), let key = APIKey(word) { output += key.masked } else { output += word }
      word = ""
    }
    for character in text {
      if character.isASCII && (character.isLetter || character.isNumber || character == "-" || character == "_") {
        word.append(character)
      } else {
        flush()
        output.append(character)
      }
    }
    flush()
    return output
  }

  static func looksLikeKey(_ word: String) -> Bool {
    let prefixes = ["sk-", "sk_", "AIza", "xai-", "gsk_", "hf_", "ghp_", "glpat-", "r8_", "pplx-", "nvapi-"]
    if word.count >= 16 && prefixes.contains(where: word.hasPrefix) { return true }
    // A hyphen-free run, so a path's UUID (`creatorkit-test-002904BF-C212-...`) is not taken for a key.
    return word.split(separator: "-").contains { part in
      part.count >= 32 && part.contains(where: \.isLetter) && part.contains(where: \.isNumber)
    }
  }
}
