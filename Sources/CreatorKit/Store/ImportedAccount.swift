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

  /// Counts `post` (placed in the stored zone) in the tally by kind, relation and whether it is archived, and
  /// finds the stored post it is by any of its keys: the first step of adding a post, for both engines'
  /// writers. `keys` are the post's keys, for the writer to store the new ones.
  func lookUp(counting post: Post) -> (existing: Int64?, keys: [String]) {
    tally.postsByKind[post.mediaKind, default: 0] += 1
    tally.postsByRelation[post.relation, default: 0] += 1
    if post.archived { tally.postsArchived += 1 }
    // Most posts have one key: look it up without building the list of all of them.
    let keys = post.alternateKeys.isEmpty ? [post.key] : post.allKeys
    return (keys.lazy.compactMap { self.keys[$0] }.first, keys)
  }

  /// The stored post `reading` is of, counted as joined; nil when neither this import nor the store has it,
  /// counted as unmatched and added to `skipped` with the reason.
  func postID(of reading: MetricReading, skipped: inout [SkippedRecord]) -> Int64? {
    guard let postID = keys[reading.postKey] else {
      tally.readingsUnmatched += 1
      skipped.append(
        SkippedRecord(
          file: reading.sourceFile, place: reading.place,
          reason: "no post with \(reading.postKey) in this import or the store"))
      return nil
    }
    tally.readingsJoined += 1
    return postID
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
