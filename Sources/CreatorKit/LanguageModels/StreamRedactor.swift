/// Takes a provider's key out of answer text that arrives in pieces. A key can be cut across two pieces, so
/// the end of the text that could still be the start of the key is held back until the next piece shows
/// whether it is; every whole occurrence becomes the key's masked form (`sk-...abcd`).
struct StreamRedactor: Sendable {
  private let key: APIKey?
  private var pending = ""

  init(key: APIKey?) { self.key = key }

  /// The text safe to pass on after `piece`; may be empty while a possible key start is held back.
  mutating func feed(_ piece: String) -> String {
    guard let key else { return piece }
    pending += piece
    pending = Optional(key).redact(pending)
    let held = Self.heldLength(of: pending, secret: key.secret)
    let safe = String(pending.dropLast(held))
    pending = String(pending.suffix(held))
    return safe
  }

  /// What is still held back, at the end of the answer. A key's start longer than its masked prefix is
  /// shown masked, never as written.
  mutating func flush() -> String {
    defer { pending = "" }
    guard let key, pending.count > 3 else { return pending }
    return "\(key.secret.prefix(3))..."
  }

  /// The length of the longest end of `text` that is a proper start of `secret`.
  private static func heldLength(of text: String, secret: String) -> Int {
    guard let first = secret.first, text.suffix(secret.count - 1).contains(first) else { return 0 }
    var length = min(text.count, secret.count - 1)
    while length > 0 {
      if text.hasSuffix(secret.prefix(length)) { return length }
      length -= 1
    }
    return 0
  }
}
