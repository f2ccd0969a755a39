import Foundation

/// A provider key. It prints as `sk-...abcd`, so it cannot leak through string interpolation into a log, an
/// error or a report, and `redact` removes it from any text a server sends back.
public struct APIKey: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
  /// The key itself, for the one place it belongs: a request header.
  public let secret: String

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
