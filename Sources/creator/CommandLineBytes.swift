import Foundation

/// The command line as the shell passed it, bytes and all: `CommandLine.arguments` replaces bytes that are
/// not UTF-8 with U+FFFD, and a file name holding them cannot be opened by that text.
enum CommandLineBytes {
  /// The raw bytes of the argument that reads as `text`, or nil.
  static func argument(matching text: String) -> [UInt8]? {
    guard text.contains("\u{FFFD}") else { return nil }
    for index in 1..<Int(CommandLine.argc) {
      guard let pointer = CommandLine.unsafeArgv[index] else { continue }
      let bytes = Array(UnsafeBufferPointer(start: pointer, count: strlen(pointer))).map { UInt8(bitPattern: $0) }
      if String(decoding: bytes, as: UTF8.self) == text { return bytes }
    }
    return nil
  }
}
