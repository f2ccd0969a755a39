import ArgumentParser
import CreatorKit
import Foundation

/// Where the store is, shared by every command.
struct StoreOptions: ParsableArguments {
  @Option(
    name: .customLong("database"),
    help: ArgumentHelp(
      "The SQLite file to use, or a postgres:// URL (default: $CREATOR_DATABASE, else $XDG_DATA_HOME/creatorkit/creator.sqlite).",
      valueName: "path"), completion: .file(extensions: ["sqlite", "db"]))
  var path: String?

  /// `--database`, else `CREATOR_DATABASE`, else `database:` in the configuration file, else the default file:
  /// a path, or a URL that selects an engine. A configuration that cannot be read is an error here too.
  var location: StoreLocation {
    get throws {
      do { return try StoreChoice.location(flag: path) } catch { throw fail(error) }
    }
  }

  /// The store, created when missing only for `import`; a command that reads fails with exit 66 when there
  /// is none, so a mistyped `--database` does not look like lost data.
  func open(creating: Bool = false) throws -> PostStore {
    let location = try self.location
    do {
      return try PostStore.open(location, mode: creating ? .createIfMissing : .existingOnly) {
        FileHandle.standardError.write(
          Data(
            "creator: waiting for another creator process (an import?) to finish writing \(location.displayName)\n"
              .utf8))
      }
    } catch {
      throw fail(error)
    }
  }
}

extension StoreOptions {
  /// For `ask` and `models --check`, which log their calls in the store when there is one: nil when there is
  /// none (the calls are then neither logged nor cached, and standard error says so once), so asking a model
  /// never creates a store.
  func openIfPresent() throws -> PostStore? {
    guard case .file(let path) = try location else { return try open() }
    guard FileManager.default.fileExists(atPath: path) else {
      let line = "creator: no store at \(TerminalText.escaped(path)): calls are not logged or cached"
      FileHandle.standardError.write(Data((line + " (import an export first, or check --database)\n").utf8))
      return nil
    }
    return try open()
  }

  /// The store `creator import` writes to: a SQLite file (created when missing, or for `--dry-run` the
  /// throwaway of `openForDryRun`), or the PostgreSQL server a `postgres://` URL names, whose dry run rolls
  /// its transaction back. The second value is the scratch folder to remove.
  func openForImport(dryRun: Bool) throws -> (any ImportTarget, URL?) {
    let location = try self.location
    guard case .server = location else {
      return dryRun ? try openForDryRun() : (try open(creating: true), nil)
    }
    do {
      return (try PostStore.open(location), nil)
    } catch {
      throw fail(error)
    }
  }

  /// For `import --dry-run`: the store when there is one, else a throwaway store in a scratch folder (the
  /// second value, for `ScratchFolders.remove`), so a dry run never creates the store it only pretends to
  /// write to.
  func openForDryRun() throws -> (PostStore, URL?) {
    guard case .file(let path) = try location else { return (try open(), nil) }
    if FileManager.default.fileExists(atPath: path) { return (try open(), nil) }
    do {
      let folder = try ScratchFolders.make()
      var scratch = self
      scratch.path = folder.appendingPathComponent("dry-run.sqlite").path
      return (try scratch.open(creating: true), folder)
    } catch let exit as ExitCode {
      throw exit
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

  static var defaultCompletionKind: CompletionKind {
    .custom { _, _, prefix in Completions.timeZones(prefix: prefix) }
  }
}

extension CompletionKind {
  /// The account handles in the store the command line names (or the default one).
  static var accounts: CompletionKind {
    .custom { words, _, prefix in Completions.accounts(storePath: Completions.storePath(in: words), prefix: prefix) }
  }
}
