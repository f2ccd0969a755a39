import ArgumentParser
import CreatorKit
import Foundation

extension Creator {
  /// `creator logs`: every model call, searchable, and what they used.
  struct Logs: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Show logged model calls (newest first), or token usage and estimated cost per model.",
      discussion: """
        Every request and answer is a row in the store: provider, model, messages (images by hash), options,
        answer, tokens, duration, status and error. Keys are never logged.

        Examples:
          creator logs -n 5
          creator logs --search sourdough --format json
          creator logs --usage
        """)

    @Option(name: .short, help: "How many calls to show.")
    var n: Int = 20

    @Option(help: "Only calls whose prompt, answer, model or error contains this text.")
    var search: String?

    @Flag(help: "Totals per model: calls, cached answers, errors, tokens, estimated cost.")
    var usage = false

    @Option(help: "How to print the calls.")
    var format: ModelCallListing.Format = .table

    @OptionGroup var config: ConfigOption
    @OptionGroup var store: StoreOptions

    func validate() throws {
      guard n > 0 else { throw ValidationError("-n takes a positive number") }
    }

    func run() throws {
      let store = try store.open()
      do {
        if usage {
          let prices = try config.load().prices
          print(ModelCallListing.renderUsage(try store.modelUsage(), prices: prices, as: format))
        } else {
          print(ModelCallListing.render(try store.modelCalls(limit: n, search: search), as: format))
        }
      } catch {
        throw fail(error)
      }
    }
  }
}

extension ModelCallListing.Format: ExpressibleByArgument {}
