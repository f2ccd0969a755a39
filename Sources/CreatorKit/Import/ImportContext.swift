import Foundation

/// What an importer needs to know beyond the files: what the user said and what the export is.
public struct ImportContext: Sendable {
  /// `--account`: the handle to file posts under when the export does not say, or to override it.
  public var account: String?
  /// The zone for times the export writes without one (`--timezone`).
  public var timeZone: TimeZone
  /// When the export was made: the date metric readings are filed under.
  public var observedAt: Date

  public init(account: String? = nil, timeZone: TimeZone = .current, observedAt: Date = Date()) {
    self.account = account.map(AccountHandle.normalized)
    self.timeZone = timeZone
    self.observedAt = observedAt
  }
}
