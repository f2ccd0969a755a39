import Foundation

/// Whether a path names a regular file (after symlinks): a FIFO or a device opened for reading blocks or
/// never ends, so the files a command reads whole (post files, calendars, templates) are checked first.
enum RegularFile {
  /// True for a regular file; false for folders, pipes, devices and paths that do not exist.
  static func exists(at url: URL) -> Bool {
    let type = try? FileManager.default.attributesOfItem(atPath: url.resolvingSymlinksInPath().path)[.type]
    return (type as? FileAttributeType) == .typeRegular
  }
}
