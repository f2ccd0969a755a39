import Foundation

/// An account one import touches, as either engine's writer keeps it: its id, the keys of its stored
/// posts, what the import did to it, and the zone its earlier imports assumed for times without one.
final class ImportedAccount {
  let id: Int64
  var keys: [String: Int64]
  var tally: AccountTally
  /// The zone the newest stored post with an assumed zone was read in, if any.
  let storedZone: String?
  /// Posts of this import read in another zone than `storedZone`: kept in it, or re-timed as asked.
  private(set) var keptInStoredZone = 0
  private(set) var retimed = 0

  init(id: Int64, keys: [String: Int64], tally: AccountTally, storedZone: String?) {
    self.id = id
    self.keys = keys
    self.tally = tally
    self.storedZone = storedZone
  }

  /// `post` with a time read in the default zone moved to the zone earlier imports assumed, when
  /// `keepsAssumedZones` (no `--timezone`); counts what it kept or re-timed, for `zoneNotes`.
  func placedInStoredZone(_ post: Post, keepsAssumedZones: Bool, offsets: inout [String: ZoneOffsets]) -> Post {
    guard let zone = post.published.assumedTimeZone, let stored = storedZone, zone != stored,
      let assumed = TimeZone(identifier: zone), let target = TimeZone(identifier: stored)
    else { return post }
    guard keepsAssumedZones else {
      retimed += 1
      return post
    }
    var post = post
    let zoneOffsets = offsets[stored] ?? ZoneOffsets(target)
    offsets[stored] = zoneOffsets
    post.published.date = zoneOffsets.sameWallClock(as: post.published.date, in: assumed)
    post.published.assumedTimeZone = stored
    keptInStoredZone += 1
    return post
  }

  /// A note per account whose times without a zone were kept in, or moved from, the zone its earlier
  /// imports assumed, in the order of platform and name.
  static func zoneNotes(_ accounts: some Sequence<ImportedAccount>) -> [String] {
    accounts.sorted {
      ($0.tally.platform.rawValue, $0.tally.account) < ($1.tally.platform.rawValue, $1.tally.account)
    }
    .flatMap { account -> [String] in
      guard let stored = account.storedZone else { return [] }
      let who = "\(account.tally.platform.displayName) @\(account.tally.account)"
      var notes: [String] = []
      if account.keptInStoredZone > 0 {
        notes.append(
          "\(account.keptInStoredZone) time\(account.keptInStoredZone == 1 ? "" : "s") without a zone read in \(stored), "
            + "the zone earlier imports of \(who) assumed (pass --timezone to change it)")
      }
      if account.retimed > 0 {
        notes.append(
          "\(account.retimed) time\(account.retimed == 1 ? "" : "s") of \(who) read in the zone --timezone gave, "
            + "not \(stored) as before: posts already stored move to it")
      }
      return notes
    }
  }
}
