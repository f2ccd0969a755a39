import ArgumentParser
import CreatorKit
import Foundation

/// `creator`: import social-media exports into a SQLite file you own, and look at them.
@main
struct Creator: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "creator",
    abstract: "Your social-media exports in one SQLite file you own: import, report, draft captions and hashtags.",
    discussion: """
      Examples:
        creator import ~/Downloads/instagram-bakerbee-2026-11-20.zip
        creator posts --platform instagram --sort reach --limit 10
        creator accounts
        creator report --last --format html --output week.html
        creator ask "Three hooks for a sourdough reel" --model ollama:llama3.2
      """,
    version: CreatorKitVersion.string,
    subcommands: [
      Import.self, Posts.self, Accounts.self, Stats.self, Report.self, Caption.self, Hashtags.self, Batch.self,
      Models.self,
      Ask.self,
      Logs.self,
      Team.self,
    ]
  )

  @OptionGroup var store: StoreOptions

  /// `creator` alone: the main jobs and the next step for this store (which it never creates).
  func run() throws {
    let location = try store.location
    let path = location.displayName
    let accounts: [AccountSummary]?
    do {
      accounts = try PostStore.open(location, mode: .existingOnly).accounts(.posts)
    } catch let error as StoreError where error.kind == .missing {
      accounts = nil
    } catch {
      throw fail(error)
    }
    print(FirstSteps.text(path: path, accounts: accounts, namesPath: store.path != nil))
  }

  /// Parses and runs as ArgumentParser does, after answering a mistyped command with the closest one.
  static func main() async {
    let arguments = Array(CommandLine.arguments.dropFirst())
    let names = configuration.subcommands.map { $0._commandName } + ["help"]
    if let word = arguments.first, !word.hasPrefix("-"), !names.contains(word) {
      // An export given without a command: say how to import it.
      let hint =
        FileManager.default.fileExists(atPath: word)
        ? "to read it into the store: creator import \(word)"
        : Suggestion.closest(to: word, among: names).map { "did you mean `\($0)`?" }
          ?? "the commands are " + names.joined(separator: ", ")
      FileHandle.standardError.write(
        Data("creator: error: unknown command '\(TerminalText.escaped(word))'; \(TerminalText.escaped(hint))\n".utf8))
      Foundation.exit(ExitStatus.usage)
    }
    do {
      var command = try parseAsRoot(arguments)
      if var command = command as? any AsyncParsableCommand {
        try await command.run()
      } else {
        try command.run()
      }
    } catch {
      exit(withError: error)
    }
  }
}

/// Exit codes by kind of failure, after sysexits.h: scripts can tell a typo from a broken export.
enum ExitStatus {
  /// Bad arguments, or an option the export needs (ArgumentParser uses 64 too).
  static let usage: Int32 = 64
  /// The input is not a valid export: truncated, wrong types, unknown layout, unsafe archive.
  static let badData: Int32 = 65
  /// The input cannot be read.
  static let noInput: Int32 = 66
  /// A model or its server failed: unreachable, refused, timed out, or answered nonsense.
  static let unavailable: Int32 = 69
  /// The store cannot be opened or written.
  static let storeFailure: Int32 = 74
  /// The model configuration is missing or wrong.
  static let configuration: Int32 = 78
}

/// Prints `creator: error: ...` on one line and exits with the code for its kind.
func fail(_ error: any Error) -> ExitCode {
  let (message, code) = explained(error)
  // Whatever the message quotes (file names, fields, server text) reaches the terminal escaped, on one line.
  FileHandle.standardError.write(Data("creator: error: \(TerminalText.escaped(message))\n".utf8))
  return ExitCode(code)
}

/// Prints one `creator: error: PART: ...` line for each part of a drafting run that failed while the rest was
/// printed, and returns the exit code of the first (nil when nothing failed).
func failedParts(_ failures: [DraftFailure]) -> ExitCode? {
  for failure in failures {
    FileHandle.standardError.write(Data("creator: error: \(TerminalText.escaped(failure.line))\n".utf8))
  }
  guard let first = failures.first else { return nil }
  let kind = first.kind.flatMap(ModelError.Kind.init(rawValue:)) ?? .server
  return ExitCode(explained(ModelError(kind, first.message)).code)
}

/// The one-line message and the exit code for an error.
func explained(_ error: any Error) -> (message: String, code: Int32) {
  let message: String
  let code: Int32
  switch error {
  case let error as ImportError:
    message = error.description
    switch error.kind {
    case .badData: code = ExitStatus.badData
    case .unreadable: code = ExitStatus.noInput
    case .needsOption: code = ExitStatus.usage
    }
  case let error as ModelError:
    message = error.description
    switch error.kind {
    case .configuration: code = ExitStatus.configuration
    case .unsupported, .badRequest, .contextTooLong: code = ExitStatus.usage
    case .invalidStructuredOutput: code = ExitStatus.badData
    default: code = ExitStatus.unavailable
    }
  case let error as BriefError:
    message = error.description
    code = error.kind == .unreadable ? ExitStatus.noInput : ExitStatus.badData
  case let error as StoreError:
    message = error.description
    switch error.kind {
    case .missing: code = ExitStatus.noInput
    case .unsupported: code = ExitStatus.usage
    case .failure: code = ExitStatus.storeFailure
    }
  case let error as CocoaError:
    // Foundation's own description is a dump of its domain and user info: say what failed instead.
    let path = (error.userInfo[NSFilePathErrorKey] as? String) ?? error.errorUserInfo[NSFilePathErrorKey] as? String
    message =
      (path.map { "\($0): " } ?? "") + (error.userInfo[NSLocalizedDescriptionKey] as? String ?? "cannot be read")
    code = error.isFileError ? ExitStatus.noInput : 70
  default:
    message = "\(error)"
    code = 70
  }
  return (message, code)
}
