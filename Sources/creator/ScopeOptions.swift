import ArgumentParser
import CreatorKit
import Foundation

/// Which posts a command looks at, and the time zone its days, weeks and hours are in: shared by
/// `posts` and `stats`.
struct ScopeOptions: ParsableArguments {
  @Option(help: "Only this platform.")
  var platform: Platform?

  @Option(
    help: "Only this account handle (with or without @).", completion: .accounts,
    transform: AccountHandle.normalized)
  var account: String?

  @Option(help: ArgumentHelp("Posts published on or after this day (YYYY-MM-DD).", valueName: "date"))
  var since: String?

  @Option(help: ArgumentHelp("Posts published before this day (YYYY-MM-DD).", valueName: "date"))
  var until: String?

  @Option(help: ArgumentHelp("Time zone for days, weeks and hours (default: this machine's).", valueName: "zone"))
  var timezone: TimeZoneOption?

  var zone: TimeZone { timezone?.zone ?? .current }
  var sinceDate: Date? { since.flatMap { PostQuery.startOfDay($0, in: zone) } }
  var untilDate: Date? { until.flatMap { PostQuery.startOfDay($0, in: zone) } }

  func validate() throws {
    for (name, value) in [("--since", since), ("--until", until)] {
      if let value, PostQuery.startOfDay(value, in: zone) == nil {
        throw ValidationError("\(name) takes a day like 2026-11-20, not '\(value)'")
      }
    }
  }
}
