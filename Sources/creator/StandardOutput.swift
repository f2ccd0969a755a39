import Foundation

/// Where standard output goes, decided once for every command that draws for a person.
enum StandardOutput {
  /// Standard output is a terminal (not a file or a pipe).
  static var isTerminal: Bool { isatty(STDOUT_FILENO) == 1 }

  /// Unicode-block sparklines are drawn: on a terminal, unless `NO_COLOR` is set.
  static var drawsBlocks: Bool { isTerminal && ProcessInfo.processInfo.environment["NO_COLOR"] == nil }
}
