import ArgumentParser
import CreatorKit
import Foundation

/// Where the SQLite store is, shared by every command.
struct StoreOptions: ParsableArguments {
  @Option(
    name: .customLong("database"),
    help: ArgumentHelp(
      "The SQLite file to use (default: $CREATOR_DATABASE, else $XDG_DATA_HOME/creatorkit/creator.sqlite).",
      valueName: "path"))
  var path: String?

  func open() throws -> PostStore {
    let path = path ?? PostStore.defaultPath()
    do {
      return try PostStore(path: path) {
        FileHandle.standardError.write(
          Data("creator: waiting for another creator process (an import?) to finish writing \(path)\n".utf8))
      }
    } catch {
      throw fail(error)
    }
  }
}

/// A time zone given by name (`Europe/Berlin`, `UTC`, `America/New_York`).
struct TimeZoneOption: ExpressibleByArgument {
  var zone: TimeZone

  init?(argument: String) {
    guard let zone = TimeZone(identifier: argument) ?? TimeZone(abbreviation: argument) else { return nil }
    self.zone = zone
  }

  static var defaultCompletionKind: CompletionKind { .default }
}
