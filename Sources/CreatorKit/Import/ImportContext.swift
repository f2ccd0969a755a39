import Foundation

/// What an importer needs to know beyond the files: what the user said and what the export is.
public struct ImportContext: Sendable {
  /// `--account`: the handle to file posts under when the export does not say, or to override it.
  public var account: String?
  /// The zone for times the export writes without one (`--timezone`).
  public var timeZone: TimeZone
  /// When the export was made: the date metric readings are filed under.
  public var observedAt: Date

  /// The account to use when a file does not name one, the zone for times written without one, and the date readings
  /// are recorded on.
  public init(account: String? = nil, timeZone: TimeZone = .current, observedAt: Date = Date()) {
    self.account = account.map(Self.normalizedAccount)
    self.timeZone = timeZone
    self.observedAt = observedAt
  }

  /// Handles are stored without `@` and surrounding space: `@bakerbee ` and `bakerbee` name one account,
  /// wherever a handle is given (an export, `--account`, a post file).
  public static func normalizedAccount(_ name: String) -> String {
    var name = name.trimmingCharacters(in: .whitespaces)
    if name.hasPrefix("@") { name.removeFirst() }
    return name
  }
}
