/// An import that cannot go on: the file, the place in it and what is wrong, on one line.
/// Nothing of the import is written when one is thrown.
public struct ImportError: Error, Sendable, Equatable, CustomStringConvertible {
  /// What kind of problem it is, which decides the exit code.
  public enum Kind: Sendable, Equatable {
    /// The input is not what it claims to be: truncated, wrong types, unknown layout, unsafe archive.
    case badData
    /// The input cannot be read at all (missing file, permissions).
    case unreadable
    /// The user must say something the export does not (the account, the time zone).
    case needsOption
  }

  /// What kind of problem it is.
  public var kind: Kind
  /// The file as the user knows it: `export.zip:your_instagram_activity/media/posts_1.json`.
  public var file: String
  /// A JSON path with line and column, or a CSV line; nil when the whole file is at fault.
  public var place: String?
  /// What is wrong, in words.
  public var message: String

  /// An error in `file` at `place`.
  public init(_ kind: Kind = .badData, file: String, place: String? = nil, message: String) {
    self.kind = kind
    self.file = file
    self.place = place
    self.message = message
  }

  /// `file: place: message` on one line.
  public var description: String {
    if let place { return "\(file): \(place): \(message)" }
    return "\(file): \(message)"
  }

  init(file: String, _ error: JSONReadError) {
    self.init(file: file, place: error.place.description, message: error.message)
  }
}
