import Foundation

/// What one import did to one account.
public struct AccountTally: Sendable, Equatable, Codable {
  public var platform: Platform
  public var account: String
  /// Posts read, by media kind.
  public var postsByKind: [MediaKind: Int] = [:]
  /// Posts read, by whose words they are (own posts, replies, reposts).
  public var postsByRelation: [PostRelation: Int] = [:]
  /// Posts read that their creator archived (counted in `postsByKind` too).
  public var postsArchived = 0
  public var postsAdded = 0
  public var postsUpdated = 0
  public var postsUnchanged = 0
  public var readingsJoined = 0
  public var readingsAdded = 0
  public var readingsUpdated = 0
  public var readingsUnmatched = 0
  /// Account-level readings (followers over a window).
  public var accountReadings = 0

  public var postsRead: Int { postsByKind.values.reduce(0, +) }
}
