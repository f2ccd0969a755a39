import ArgumentParser
import CreatorKit
import Foundation

extension Creator {
  /// `creator team`: which accounts each person's database role may see and write (PostgreSQL stores).
  struct Team: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Give team members (PostgreSQL roles) the accounts they work on.",
      discussion: """
        A shared store on PostgreSQL (--database postgres://you@host/db): each person connects as their own \
        role, and row-level security shows a role only the accounts granted to it: their posts, statistics, \
        reports, and the role's own model calls and batch items. The store's owner grants and revokes.

        Examples:
          creator team grant ana instagram:bakerbee --database postgres://owner@db.example/agency
          creator team list
          creator team revoke ana instagram:bakerbee
        """,
      subcommands: [Grant.self, Revoke.self, List.self])

    struct Grant: ParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Let a role see and write an account.")
      @Argument(help: "The person's database role.") var role: String
      @Argument(help: "The account as platform:handle (instagram:bakerbee).") var account: TeamAccount
      @OptionGroup var store: StoreOptions

      func run() throws {
        let store = try TeamLocation.open(self.store)
        do {
          try store.grant(role: role, platform: account.platform, account: account.handle)
        } catch {
          throw fail(error)
        }
        print(
          "\(TerminalText.escaped(role)) may see and write \(TerminalText.escaped(account.display))"
        )
      }
    }

    struct Revoke: ParsableCommand {
      static let configuration = CommandConfiguration(abstract: "Take an account away from a role.")
      @Argument(help: "The person's database role.") var role: String
      @Argument(help: "The account as platform:handle (instagram:bakerbee).") var account: TeamAccount
      @OptionGroup var store: StoreOptions

      func run() throws {
        let store = try TeamLocation.open(self.store)
        let revoked: Bool
        do {
          revoked = try store.revoke(
            role: role, platform: account.platform, account: account.handle)
        } catch {
          throw fail(error)
        }
        print(
          revoked
            ? "\(TerminalText.escaped(role)) no longer sees \(TerminalText.escaped(account.display))"
            : "\(TerminalText.escaped(role)) had no grant for \(TerminalText.escaped(account.display))"
        )
      }
    }

    struct List: ParsableCommand {
      static let configuration = CommandConfiguration(abstract: "Show who may see which account.")
      @OptionGroup var store: StoreOptions

      func run() throws {
        let store = try TeamLocation.open(self.store)
        let grants: [TeamGrant]
        do {
          grants = try store.grants()
        } catch {
          throw fail(error)
        }
        if grants.isEmpty { print("No grants yet: creator team grant ROLE platform:handle") }
        for grant in grants {
          print(
            "\(TerminalText.escaped(grant.role))\t\(grant.platform.rawValue):\(TerminalText.escaped(grant.account))"
          )
        }
      }
    }
  }
}

/// An account named on the command line as `platform:handle`.
struct TeamAccount: ExpressibleByArgument {
  var platform: Platform
  var handle: String

  init?(argument: String) {
    guard let colon = argument.firstIndex(of: ":"),
      let platform = Platform(rawValue: argument[..<colon].lowercased())
    else { return nil }
    let handle = AccountHandle.normalized(String(argument[argument.index(after: colon)...]))
    guard !handle.isEmpty else { return nil }
    self.platform = platform
    self.handle = handle
  }

  var display: String { "\(platform.displayName) @\(handle)" }
}

/// Opens the PostgreSQL store `creator team` works on; any other store is one clear line and exit 64.
enum TeamLocation {
  static func open(_ options: StoreOptions) throws -> any TeamStore {
    let location = try options.location
    guard case .server = location else {
      FileHandle.standardError.write(
        Data(
          "creator: error: teams need a PostgreSQL store (--database postgres://…); \(TerminalText.escaped(location.displayName)) is a SQLite file\n"
            .utf8))
      throw ExitCode(ExitStatus.usage)
    }
    do {
      return try location.openTeamStore()
    } catch {
      throw fail(error)
    }
  }
}
