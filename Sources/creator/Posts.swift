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

    @OptionGroup var scope: ScopeOptions

    @Option(help: "Only this media kind.")
    var kind: MediaKind?

    @Option(help: "Words that must all appear in the caption (accents ignored).")
    var search: String?

    @Option(help: "Only posts with this hashtag.")
    var hashtag: String?

    @Option(help: "The order of the list.")
    var sort: PostQuery.Order = .newest

    @Option(help: "At most this many posts.")
    var limit: Int?

    @Option(help: "How to print the list.")
    var format: PostListing.Format = .table

    @OptionGroup var store: StoreOptions

    func validate() throws {
      if let limit, limit < 1 { throw ValidationError("--limit must be 1 or more") }
    }

    func run() throws {
      let store = try store.open()
      var query = PostQuery()
      query.platform = scope.platform
      query.account = scope.account
      query.since = scope.sinceDate
      query.until = scope.untilDate
      query.mediaKind = kind
      query.text = search
      query.hashtag = hashtag
      query.order = sort
      query.limit = limit
      do {
        let posts = try store.posts(query)
        print(PostListing.render(posts, as: format, timeZone: scope.zone))
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
