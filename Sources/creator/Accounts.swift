import ArgumentParser
import CreatorKit
import Foundation

extension Creator {
  /// `creator accounts`: what the store holds per account.
  struct Accounts: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "List accounts with their platform, post count, date range and the metrics their exports carry.",
      discussion: """
        Example:
          creator accounts
          creator accounts --format json
        """)

    @Option(help: "How to print the list.")
    var format: AccountListing.Format = .table

    @OptionGroup var store: StoreOptions

    func run() throws {
      let store = try store.open()
      do {
        print(AccountListing.render(try store.accounts(), as: format))
      } catch {
        throw fail(error)
      }
    }
  }
}

extension AccountListing.Format: ExpressibleByArgument {}
