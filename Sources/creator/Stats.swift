import ArgumentParser
import CreatorKit
import Foundation

extension Creator {
  /// `creator stats`: engagement and trend statistics.
  struct Stats: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Engagement rates, weekly trend, best times, hashtag performance, trending and rising tags.",
      discussion: """
        Every rate names its denominator and n, and says how many posts were left out for lack of it.

        Examples:
          creator stats --account bakerbee
          creator stats --platform instagram --since 2026-09-01 --rate impressions
          creator stats --account bakerbee --format json > stats.json
        """)

    @Option(help: "Only this platform (\(Platform.allCases.map(\.rawValue).joined(separator: ", "))).")
    var platform: Platform?

    @Option(help: "Only this account handle.")
    var account: String?

    @Option(help: ArgumentHelp("Posts published on or after this day (YYYY-MM-DD).", valueName: "date"))
    var since: String?

    @Option(help: ArgumentHelp("Posts published before this day (YYYY-MM-DD).", valueName: "date"))
    var until: String?

    @Option(help: "Denominator: reach, views, impressions or followers (default: the platform's).")
    var rate: RateBasis?

    @Option(
      help: ArgumentHelp(
        "Week to judge trending tags for, like 2026-W47 (default: the last with posts).", valueName: "week"))
    var week: String?

    @Option(help: "table, json or csv (the weekly figures) (default: table).")
    var format: StatsListing.Format = .table

    @Option(help: ArgumentHelp("Time zone for weeks, hours and days (default: this machine's).", valueName: "zone"))
    var timezone: TimeZoneOption?

    @OptionGroup var store: StoreOptions

    func validate() throws {
      for (name, value) in [("--since", since), ("--until", until)] {
        if let value, PostQuery.startOfDay(value, in: .current) == nil {
          throw ValidationError("\(name) takes a day like 2026-11-20, not '\(value)'")
        }
      }
      if let week, ISOWeek(week) == nil {
        throw ValidationError("--week takes an ISO week like 2026-W47, not '\(week)'")
      }
    }

    func run() throws {
      let store = try store.open()
      let zone = timezone?.zone ?? .current
      let query = SampleQuery(
        platform: platform, account: account, since: since.flatMap { PostQuery.startOfDay($0, in: zone) },
        until: until.flatMap { PostQuery.startOfDay($0, in: zone) })
      do {
        let stats = try store.statistics(
          StatsOptions(query: query, basis: rate, timeZone: zone, week: week.flatMap(ISOWeek.init)))
        print(StatsListing.render(stats, as: format))
      } catch {
        throw fail(error)
      }
    }
  }
}

extension RateBasis: ExpressibleByArgument {}
extension StatsListing.Format: ExpressibleByArgument {}
