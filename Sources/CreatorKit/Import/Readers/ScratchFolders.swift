import Foundation
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The temporary folders archives are unpacked into (`$TMPDIR/creatorkit-PID-UUID`), kept in one list so
/// every way out removes them: `ExportSource.close()`, an error, and Ctrl-C or SIGTERM (`removeAll()`,
/// which the CLI calls on those signals). Folders left by a process killed outright (`kill -9`) are removed
/// by a later import, once their process is gone and they are an hour old.
public enum ScratchFolders {
  private static let open = Mutex<Set<URL>>([])
  private static let prefix = "creatorkit-"

  /// A new empty folder, listed until `remove(_:)`.
  public static func make() throws -> URL {
    removeAbandoned()
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("\(prefix)\(getpid())-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    open.withLock { _ = $0.insert(folder) }
    return folder
  }

  /// Removes `folder` and takes it off the list.
  public static func remove(_ folder: URL) {
    try? FileManager.default.removeItem(at: folder)
    open.withLock { _ = $0.remove(folder) }
  }

  /// A name for `path` that Foundation can open: a path whose bytes are not UTF-8 reaches Swift with
  /// U+FFFD in their place and cannot be opened by that string. The raw bytes (from the command line) get
  /// a symbolic link in a scratch folder, named like the original with U+FFFD; `path` itself when it is
  /// valid UTF-8, names a folder, or its bytes are unknown. `removeAll()` removes the link.
  public static func openableURL(for path: String, rawBytes: [UInt8]?) -> URL {
    // Folders are listed by name, and their files' names would come back without the bytes: not linked.
    guard path.contains("\u{FFFD}"), let rawBytes, String(validating: rawBytes, as: UTF8.self) == nil,
      !RegularFile.isFolder(rawPath: rawBytes), let folder = try? make()
    else { return URL(fileURLWithPath: path) }
    let link = folder.appendingPathComponent(URL(fileURLWithPath: path).lastPathComponent)
    var target = rawBytes
    if target.first != UInt8(ascii: "/") {
      target = Array(FileManager.default.currentDirectoryPath.utf8) + [UInt8(ascii: "/")] + target
    }
    let linked = (target + [0]).withUnsafeBufferPointer { bytes in
      bytes.withMemoryRebound(to: CChar.self) { symlink($0.baseAddress!, link.path) == 0 }
    }
    return linked ? link : URL(fileURLWithPath: path)
  }

  /// Removes every folder this process still has open: for a signal handler that is about to exit.
  public static func removeAll() {
    for folder in open.withLock({ $0 }) { remove(folder) }
  }

  /// Removes `creatorkit-PID-*` folders whose process no longer runs and that are over an hour old.
  static func removeAbandoned() {
    let temporary = FileManager.default.temporaryDirectory
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: temporary.path) else { return }
    for name in names where name.hasPrefix(prefix) {
      let rest = name.dropFirst(prefix.count)
      guard let dash = rest.firstIndex(of: "-"), let pid = pid_t(rest[..<dash]), pid > 0, pid != getpid() else {
        continue
      }
      // An hour old as well: a process in another PID namespace sharing this folder is not seen by kill().
      let folder = temporary.appendingPathComponent(name)
      let modified = (try? FileManager.default.attributesOfItem(atPath: folder.path)[.modificationDate]) as? Date
      if kill(pid, 0) != 0 && errno == ESRCH, let modified, modified < Date(timeIntervalSinceNow: -3600) {
        try? FileManager.default.removeItem(at: folder)
      }
    }
  }
}
