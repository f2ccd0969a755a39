import Foundation

/// A store shared by a team, where each person is a database role limited to the accounts granted to it
/// (PostgreSQL's row-level security; `PostgresStore` with the package trait `Postgres`).
public protocol TeamStore: AnyObject {
  /// The role this store is used as.
  var role: String { get }
  /// Lets `role` see and write `account` on `platform`; only the store's owner may.
  func grant(role: String, platform: Platform, account: String) throws
  /// Takes `account` away from `role`; false when it had no such grant.
  @discardableResult func revoke(role: String, platform: Platform, account: String) throws -> Bool
  /// The grants this role may see: all of them for the owner, their own for a member.
  func grants() throws -> [TeamGrant]
}

/// One account a team member's role may see and write.
public struct TeamGrant: Sendable, Equatable {
  /// The database role (one per person).
  public var role: String
  /// The account's platform.
  public var platform: Platform
  /// The account's handle, without `@`.
  public var account: String

  /// A grant of `platform`'s `account` to `role`.
  public init(role: String, platform: Platform, account: String) {
    self.role = role
    self.platform = platform
    self.account = account
  }
}
