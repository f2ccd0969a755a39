import ArgumentParser
import CreatorKit
import Foundation

extension Creator {
  /// `creator posts`: list stored posts.
  struct Posts: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "List stored posts with their newest metrics.",
      discussion: """
        A table on a terminal; --format json or csv for scripts (stable fields, see the README).

        Examples:
          creator posts --platform instagram --since 2026-10-01 --sort reach --limit 10
          creator posts --search "sourdough" --kind reel
          creator posts --hashtag baking --format csv > baking.csv
        """)

    @Option(help: "Only this platform (\(Platform.allCases.map(\.rawValue).joined(separator: ", "))).")
    var platform: Platform?

    @Option(help: "Only this account handle.")
    var account: String?

    @Option(help: ArgumentHelp("Posts published on or after this day (YYYY-MM-DD).", valueName: "date"))
    var since: String?

    @Option(help: ArgumentHelp("Posts published before this day (YYYY-MM-DD).", valueName: "date"))
    var until: String?

    @Option(help: "Only this media kind (\(MediaKind.allCases.map(\.rawValue).joined(separator: ", "))).")
    var kind: MediaKind?

    @Option(help: "Words that must all appear in the caption (accents ignored).")
    var search: String?

    @Option(help: "Only posts with this hashtag.")
    var hashtag: String?

    @Option(help: "Order: \(PostQuery.Order.allCases.map(\.rawValue).joined(separator: ", ")).")
    var sort: PostQuery.Order = .newest

    @Option(help: "At most this many posts.")
    var limit: Int?

    @Option(help: "table, json or csv (default: table).")
    var format: PostListing.Format = .table

    @Option(
      help: ArgumentHelp("Time zone for --since, --until and the table (default: this machine's).", valueName: "zone"))
    var timezone: TimeZoneOption?

    @OptionGroup var store: StoreOptions

    func validate() throws {
      if let limit, limit < 1 { throw ValidationError("--limit must be 1 or more") }
      for (name, value) in [("--since", since), ("--until", until)] {
        if let value, day(value) == nil { throw ValidationError("\(name) takes a day like 2026-11-20, not '\(value)'") }
      }
    }

    private func day(_ text: String) -> Date? {
      PostQuery.startOfDay(text, in: timezone?.zone ?? .current)
    }

    func run() throws {
      let store = try store.open()
      var query = PostQuery()
      query.platform = platform
      query.account = account
      query.since = since.flatMap(day)
      query.until = until.flatMap(day)
      query.mediaKind = kind
      query.text = search
      query.hashtag = hashtag
      query.order = sort
      query.limit = limit
      do {
        let posts = try store.posts(query)
        print(PostListing.render(posts, as: format, timeZone: timezone?.zone ?? .current))
      } catch {
        throw fail(error)
      }
    }
  }
}

extension Platform: ExpressibleByArgument {}
extension MediaKind: ExpressibleByArgument {}
extension PostQuery.Order: ExpressibleByArgument {}
extension PostListing.Format: ExpressibleByArgument {}
