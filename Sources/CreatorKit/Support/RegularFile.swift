import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Whether a path names a regular file (after symbolic links): a FIFO or a device opened for reading
/// blocks or never ends, so every file read whole or as an export is checked first.
enum RegularFile {
  /// True for a regular file; false for folders, pipes, devices and paths that do not exist.
  static func exists(at url: URL) -> Bool {
    var status = stat()
    return stat(url.path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG
  }

  /// The size in bytes of the file `url` names, following symbolic links (a link's own size is not the
  /// file's); nil when it cannot be read.
  static func size(at url: URL) -> UInt64? {
    var status = stat()
    return stat(url.path, &status) == 0 ? UInt64(clamping: status.st_size) : nil
  }

  /// True when the raw bytes of a path (not necessarily UTF-8) name a folder.
  static func isFolder(rawPath: [UInt8]) -> Bool {
    var status = stat()
    let found = (rawPath + [0]).withUnsafeBufferPointer { bytes in
      bytes.withMemoryRebound(to: CChar.self) { stat($0.baseAddress!, &status) == 0 }
    }
    return found && (status.st_mode & S_IFMT) == S_IFDIR
  }
}
