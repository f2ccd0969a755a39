import CreatorKit
import Dispatch
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Ctrl-C and SIGTERM during an import: the archives' unpacked copies are removed before the process
/// exits (the store's open transaction is rolled back by SQLite), so nothing is left in `$TMPDIR`.
enum Interrupts {
  nonisolated(unsafe) private static var sources: [any DispatchSourceSignal] = []

  static func removeScratchFoldersOnExit() {
    guard sources.isEmpty else { return }
    for signalNumber in [SIGINT, SIGTERM] {
      signal(signalNumber, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
      source.setEventHandler {
        ScratchFolders.removeAll()
        FileHandle.standardError.write(Data("\ncreator: interrupted\n".utf8))
        exit(128 + signalNumber)
      }
      source.resume()
      sources.append(source)
    }
  }
}
