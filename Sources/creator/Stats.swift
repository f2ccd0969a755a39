import ArgumentParser
import CreatorKit
import Foundation

extension Creator {
  /// `creator stats`: engagement and trend statistics.
  struct Stats: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract:
        "Engagement rates (or likes and views per post), weekly trend, best times, hashtag performance, tag usage.",
      discussion: """
        Every rate names its denominator and n, and says how many posts were left out for lack of it.

        Examples:
          creator stats --account bakerbee
          creator stats --platform instagram --since 2026-09-01 --rate impressions
          creator stats --account bakerbee --format json > stats.json
        """)

    @OptionGroup var scope: ScopeOptions

    @Option(help: "Denominator: reach, views, impressions or followers (default: the platform's).")
    var rate: RateBasis?

    @Option(
      help: ArgumentHelp(
        "Week to judge trending tags for, like 2026-W47 (default: the last with posts).", valueName: "week"))
    var week: String?

    @Flag(help: "Count posts you archived (hidden from your profile) too; they are left out by default.")
    var includeArchived = false

    @Flag(help: "Statistics over stories instead of feed posts (the two are never counted together).")
    var stories = false

    @Option(help: "How to print the statistics (csv: the weekly figures).")
    var format: StatsListing.Format = .table

    @OptionGroup var store: StoreOptions

    func validate() throws {
      if let week, ISOWeek(week) == nil {
        throw ValidationError("--week takes an ISO week like 2026-W47, not '\(week)'")
      }
    }

    func run() throws {
      let store = try store.open()
      let zone = scope.zone
      let query = SampleQuery(
        platform: scope.platform, account: scope.account, since: scope.sinceDate, until: scope.untilDate,
        includesArchived: includeArchived, stories: stories ? .only : .excluded)
      do {
        let stats = try store.statistics(
          StatsOptions(query: query, basis: rate, timeZone: zone, week: week.flatMap(ISOWeek.init)))
        // Blocks only where a person reads them: a terminal, without NO_COLOR.
        let terminal = StandardOutput.drawsBlocks
        print(StatsListing.render(stats, as: format, sparklines: terminal))
        // Rates of several accounts pooled are rarely what was meant: said once, on standard error.
        if scope.account == nil {
          let accounts = try store.accountsWithPosts(platform: scope.platform)
          if accounts.count > 1 {
            let names = accounts.map { "@\($0.name) on \($0.platform.displayName)" }.joined(separator: ", ")
            let line = "creator: these figures pool \(accounts.count) accounts (\(names)); --account NAME for one"
            FileHandle.standardError.write(Data((TerminalText.escaped(line) + "\n").utf8))
          }
        }
      } catch {
        throw fail(error)
      }
    }
  }
}

extension RateBasis: ExpressibleByArgument {}
extension StatsListing.Format: ExpressibleByArgument {}
