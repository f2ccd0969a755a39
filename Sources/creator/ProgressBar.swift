import CreatorKit
import Foundation

/// A one-line progress bar on standard error, drawn only when it is a terminal, so piped output gets no
/// control characters.
final class ProgressBar: @unchecked Sendable {
  private let isTerminal = isatty(STDERR_FILENO) == 1
  private let lock = NSLock()
  private var lastDraw = Date.distantPast
  private var drawn = false

  private let started = Date()

  /// An import's progress: the bar for the file being read, and which file of how many, the posts read so
  /// far and the time left.
  func update(_ progress: ImportProgress) {
    let file = progress.file.count > 36 ? "…" + progress.file.suffix(35) : progress.file
    update(
      label: progress.line(elapsed: Date().timeIntervalSince(started)) + " · " + file, done: progress.bytesRead,
      total: progress.fileSize)
  }

  func update(label: String, done: Int, total: Int) {
    guard isTerminal, total > 0 else { return }
    lock.lock()
    defer { lock.unlock() }
    let now = Date()
    guard now.timeIntervalSince(lastDraw) > 0.1 else { return }
    lastDraw = now
    let fraction = min(1, Double(done) / Double(total))
    let width = 30
    let filled = Int(fraction * Double(width))
    let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
    let label = TerminalText.escaped(label)
    let name = label.count > 100 ? "…" + label.suffix(99) : label
    FileHandle.standardError.write(Data("\r\u{1B}[2K\(bar) \(Int(fraction * 100))% \(name)".utf8))
    drawn = true
  }

  func finish() {
    lock.lock()
    defer { lock.unlock() }
    if drawn { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
    drawn = false
  }
}
