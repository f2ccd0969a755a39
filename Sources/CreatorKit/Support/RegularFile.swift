import CFileStatus
import Foundation

/// Whether a path names a regular file (after symbolic links): a FIFO or a device opened for reading
/// blocks or never ends, so every file read whole or as an export is checked first.
enum RegularFile {
  /// True for a regular file; false for folders, pipes, devices and paths that do not exist.
  static func exists(at url: URL) -> Bool {
    cfile_status(url.path, nil) == CFILE_REGULAR
  }

  /// The size in bytes of the file `url` names, following symbolic links (a link's own size is not the
  /// file's); nil when it cannot be read.
  static func size(at url: URL) -> UInt64? {
    var size: UInt64 = 0
    return cfile_status(url.path, &size) == CFILE_MISSING ? nil : size
  }

  /// True when the raw bytes of a path (not necessarily UTF-8) name a folder.
  static func isFolder(rawPath: [UInt8]) -> Bool {
    (rawPath + [0]).withUnsafeBufferPointer { bytes in
      bytes.withMemoryRebound(to: CChar.self) { cfile_status($0.baseAddress!, nil) == CFILE_FOLDER }
    }
  }
}
