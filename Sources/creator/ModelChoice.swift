import ArgumentParser
import CreatorKit
import Foundation

/// Which model to ask and how, shared by every command that asks one.
struct ModelChoice: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "A model alias from the configuration file, or PROVIDER:MODEL such as ollama:llama3.2 or "
        + "anthropic:claude-sonnet-4-5 (default: $CREATOR_MODEL, else the file's default).",
      valueName: "model"))
  var model: String?

  @Option(
    name: .customLong("config"),
    help: ArgumentHelp(
      "The configuration file (default: $CREATOR_CONFIG, else $XDG_CONFIG_HOME/creator/config.yaml).",
      valueName: "path"))
  var configPath: String?

  @Flag(help: "Send the request even when an identical one is in the log.")
  var noCache = false

  func configuration() throws -> ModelConfiguration {
    do {
      var configuration = try ModelConfiguration.load(path: configPath)
      // Notices quote servers: control characters (a terminal's escape sequences) are left out.
      configuration.notices = { notice in
        let safe = String(
          String.UnicodeScalarView(notice.unicodeScalars.filter { $0.properties.generalCategory != .control }))
        FileHandle.standardError.write(Data("creator: \(safe)\n".utf8))
      }
      return configuration
    } catch {
      throw fail(error)
    }
  }
}

/// Where to read the configuration, for commands that list models without asking one.
struct ConfigOption: ParsableArguments {
  @Option(
    name: .customLong("config"),
    help: ArgumentHelp(
      "The configuration file (default: $CREATOR_CONFIG, else $XDG_CONFIG_HOME/creator/config.yaml).",
      valueName: "path"))
  var path: String?

  func load() throws -> ModelConfiguration {
    do { return try ModelConfiguration.load(path: path) } catch { throw fail(error) }
  }
}

/// Cancels `body` on Ctrl-C (SIGINT) while it runs, so an in-flight request stops cleanly and is logged as
/// cancelled instead of the process dying mid-write. The handler is in place before the work starts, so a
/// Ctrl-C right after the first output is never missed.
func cancellingOnInterrupt<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
  let interrupt = Interrupt()
  signal(SIGINT, SIG_IGN)
  let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
  source.setEventHandler { interrupt.fire() }
  source.resume()
  defer {
    source.cancel()
    signal(SIGINT, SIG_DFL)
  }
  let task = Task { try await body() }
  interrupt.watch(task)
  return try await task.value
}

/// A Ctrl-C that may come before or after the task it cancels exists.
private final class Interrupt: @unchecked Sendable {
  private let lock = NSLock()
  private var fired = false
  private var cancel: (@Sendable () -> Void)?

  func fire() {
    let cancel = lock.withLock {
      fired = true
      return self.cancel
    }
    cancel?()
  }

  func watch<T>(_ task: Task<T, any Error>) {
    let firedAlready = lock.withLock {
      cancel = { task.cancel() }
      return fired
    }
    if firedAlready { task.cancel() }
  }
}
