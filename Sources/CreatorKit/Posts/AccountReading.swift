import Foundation

/// Account-level numbers an export gives for one window (Instagram's audience insights): followers at its
/// end, and the follows, unfollows and net change in it. Kept as dated snapshots like `MetricReading`, so
/// two exports of the same account show growth between them.
public struct AccountReading: Sendable, Equatable {
  /// The platform the account is on.
  public var platform: Platform
  /// The account's handle, without `@`.
  public var account: String
  /// When the export was made.
  public var observedAt: Date
  /// The window in the export's own words (`Feb 6 - May 6`: Instagram gives no year); empty when unnamed.
  public var period: String
  /// Followers at the window's end; nil when the export does not say.
  public var followers: Int64?
  /// New followers in the window.
  public var follows: Int64?
  /// Followers lost in the window.
  public var unfollows: Int64?
  /// The net change over the window (`Overall followers`, which can be negative).
  public var netFollowers: Int64?
  /// Which kind of file the numbers came from, e.g. `instagram-audience`.
  public var source: String
  /// The file inside the export, for provenance.
  public var sourceFile: String

  /// A reading with every field given; nil where the export has no such number.
  public init(
    platform: Platform, account: String, observedAt: Date, period: String, followers: Int64?, follows: Int64?,
    unfollows: Int64?, netFollowers: Int64?, source: String, sourceFile: String
  ) {
    self.platform = platform
    self.account = account
    self.observedAt = observedAt
    self.period = period
    self.followers = followers
    self.follows = follows
    self.unfollows = unfollows
    self.netFollowers = netFollowers
    self.source = source
    self.sourceFile = sourceFile
  }
}
