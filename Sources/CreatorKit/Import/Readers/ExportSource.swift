import Foundation
import Synchronization
import ZIPFoundation

/// What the user pointed `creator import` at: a zip exactly as downloaded, a folder, or a single file.
/// Archives are unpacked (data files only, never media) into a private temporary folder that is removed
/// when the source is closed. Every file gets its shape sniffed once, so importers can claim files by
/// content rather than by name.
public final class ExportSource {
  /// Limits that keep a hostile archive from filling the disk.
  public struct Limits: Sendable {
    /// The most bytes all extracted entries may hold together.
    public var maximumTotalBytes: UInt64 = 8 << 30
    /// The highest ratio of inflated to compressed size for an entry larger than `ratioFloorBytes`.
    public var maximumCompressionRatio: UInt64 = 200
    /// Entries smaller than this are not held to `maximumCompressionRatio`.
    public var ratioFloorBytes: UInt64 = 1 << 20
    /// The most entries an archive may list, media included.
    public var maximumEntries = 200_000
    /// The most data files (JSON, CSV, HTML, ...) unpacked from one archive.
    public var maximumDataEntries = 20_000

    /// The limits `creator import` uses.
    public init() {}
  }

  /// File endings worth unpacking: the data files of every supported export. Photos and videos are not.
  static let dataExtensions: Set<String> = ["json", "js", "csv", "tsv", "html", "htm", "txt", "jsonl", "ndjson"]

  /// The zip, folder or file as given.
  public let url: URL
  /// The name the user gave, for messages (`bakerbee_20261120.zip`).
  public let displayName: String
  /// The data files found, with their shapes; media files are left out.
  public private(set) var files: [ExportFile] = []
  /// The date the export was made, when its name or its files tell.
  public private(set) var exportDate: Date?
  private var temporaryFolder: URL?
  /// Facts worked out from the export once and shared by its importers, which run on several threads.
  private let facts = Mutex<[String: String?]>([:])

  /// Opens the zip, folder or file at `url`, unpacking a zip's data files within `limits`; throws `ImportError` on an
  /// unsafe or unreadable archive. Call `close()` when done.
  public convenience init(url: URL, limits: Limits = Limits()) throws {
    try self.init(url: url, displayName: url.lastPathComponent, looseFilesOnly: false, limits: limits)
  }

  /// An export at `url`, named `displayName` in messages. `looseFilesOnly` reads only the files directly in
  /// a folder, not its subfolders: the loose files of a Downloads folder whose subfolders and zips are exports
  /// of their own (`ExportCollection`).
  init(url: URL, displayName: String, looseFilesOnly: Bool, limits: Limits = Limits()) throws {
    self.url = url
    self.displayName = displayName
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
      // Bytes that are not UTF-8 in a path reach Swift as U+FFFD, and the file cannot be found by that name.
      let reason =
        url.path.contains("\u{FFFD}")
        ? "no such file or folder: its name is not UTF-8 (rename it to read it)" : "no such file or folder"
      throw ImportError(.unreadable, file: url.path, message: reason)
    }
    // Opening a FIFO or a device would block or never end: only files and folders are read.
    if !isDirectory.boolValue, !RegularFile.exists(at: url) {
      throw ImportError(.unreadable, file: url.path, message: "not a regular file, folder or zip (a pipe or a device?)")
    }
    do {
      if isDirectory.boolValue {
        try listFolder(url, prefix: "", displayPrefix: displayName + "/", looseFilesOnly: looseFilesOnly)
      } else if try Self.isZip(url) {
        try unpack(limits: limits)
      } else {
        let size = (try? url.resourceValues(forKeys: [.fileSizeKey]).fileSize) ?? 0
        files = [ExportFile(url: url, relativePath: displayName, displayName: displayName, size: size, shape: .other)]
        exportDate = try? url.resourceValues(forKeys: [.contentModificationDateKey]).contentModificationDate
      }
    } catch {
      close()
      throw error
    }
    for index in files.indices { files[index].shape = Self.sniff(files[index].url) }
    exportDate = Self.dateInName(displayName) ?? exportDate
  }

  deinit { close() }

  /// Removes the unpacked copy of an archive.
  public func close() {
    if let temporaryFolder { ScratchFolders.remove(temporaryFolder) }
    temporaryFolder = nil
  }

  /// The first file whose path ends with `suffix` (case-insensitive), for side files such as
  /// `personal_information/personal_information.json`.
  public func file(endingWith suffix: String) -> ExportFile? {
    let suffix = suffix.lowercased()
    return files.first { $0.lowercasedPath.hasSuffix(suffix) }
  }

  /// The fact named `name`, worked out by `find` the first time it is asked for (a nil answer is kept too).
  /// Two importers asking at once may both work it out; they get the same answer.
  func fact(_ name: String, _ find: () -> String?) -> String? {
    if let known = facts.withLock({ $0[name] }) { return known }
    let found = find()
    facts.withLock { $0[name] = found }
    return found
  }

  // MARK: Folders

  private func listFolder(_ folder: URL, prefix: String, displayPrefix: String, looseFilesOnly: Bool) throws {
    let keys: [URLResourceKey] = [.isRegularFileKey, .fileSizeKey, .contentModificationDateKey, .isSymbolicLinkKey]
    // A subfolder that cannot be read is an error, not a silent gap in the import.
    let unreadable = Mutex<URL?>(nil)
    guard
      let enumerator = FileManager.default.enumerator(
        at: folder, includingPropertiesForKeys: keys,
        options: looseFilesOnly ? [.skipsHiddenFiles, .skipsSubdirectoryDescendants] : [.skipsHiddenFiles],
        errorHandler: { url, _ in
          unreadable.withLock { $0 = $0 ?? url }
          return false
        })
    else { throw ImportError(.unreadable, file: folder.path, message: "the folder cannot be read") }
    let base = folder.resolvingSymlinksInPath().standardizedFileURL.path
    var newest: Date?
    for case let file as URL in enumerator {
      if file.lastPathComponent == "__MACOSX" {
        enumerator.skipDescendants()
        continue
      }
      let values = try file.resourceValues(forKeys: Set(keys))
      guard values.isRegularFile == true, values.isSymbolicLink != true else { continue }
      guard Self.dataExtensions.contains(PathText.ending(file.path)) else { continue }
      let full = file.resolvingSymlinksInPath().standardizedFileURL.path
      guard full.hasPrefix(base + "/") else { continue }
      let relative = String(full.dropFirst(base.count + 1))
      files.append(
        ExportFile(
          url: file, relativePath: prefix + relative, displayName: displayPrefix + relative,
          size: values.fileSize ?? 0, shape: .other))
      if let date = values.contentModificationDate, date > (newest ?? .distantPast) { newest = date }
    }
    if let failed = unreadable.withLock({ $0 }) {
      throw ImportError(
        .unreadable, file: failed.path, message: "cannot be read (permissions?); nothing was imported")
    }
    files.sort { $0.relativePath.localizedStandardCompare($1.relativePath) == .orderedAscending }
    exportDate = newest
  }

  // MARK: Archives

  static func isZip(_ url: URL) throws -> Bool {
    guard let handle = try? FileHandle(forReadingFrom: url) else {
      throw ImportError(.unreadable, file: url.path, message: "the file cannot be opened")
    }
    defer { try? handle.close() }
    let magic = try handle.read(upToCount: 4) ?? Data()
    return magic == Data([0x50, 0x4B, 0x03, 0x04]) || magic == Data([0x50, 0x4B, 0x05, 0x06])
  }

  private func unpack(limits: Limits) throws {
    let archive: Archive
    do {
      archive = try Archive(url: url, accessMode: .read)
    } catch {
      throw ImportError(file: displayName, message: "not a readable zip archive (\(error))")
    }
    var entries: [Entry] = []
    var declaredTotal: UInt64 = 0
    var entryCount = 0
    var packedTotal: UInt64 = 0
    let archiveSize = RegularFile.size(at: url) ?? 0
    for entry in archive {
      entryCount += 1
      // Saturating: a zip64 entry may declare sizes up to 2^64 - 1.
      packedTotal =
        packedTotal.addingReportingOverflow(entry.compressedSize).overflow ? .max : packedTotal + entry.compressedSize
      guard entryCount <= limits.maximumEntries, entries.count <= limits.maximumDataEntries else {
        let what =
          entryCount > limits.maximumEntries
          ? "\(limits.maximumEntries) entries" : "\(limits.maximumDataEntries) data files"
        throw ImportError(file: displayName, message: "the archive has more than \(what); nothing was imported")
      }
      let path = entry.path
      guard Self.isContained(path) else {
        throw ImportError(
          file: displayName, place: "entry \(path)",
          message: "the entry's path leaves the archive's folder (zip slip); nothing was imported")
      }
      guard entry.type == .file, !Self.isMacJunk(path) else { continue }
      let ratio = entry.uncompressedSize / max(entry.compressedSize, 1)
      if entry.uncompressedSize > limits.ratioFloorBytes && ratio > limits.maximumCompressionRatio {
        throw ImportError(
          file: displayName, place: "entry \(path)",
          message: "the entry inflates \(ratio) times its packed size (a zip bomb?); nothing was imported")
      }
      declaredTotal =
        declaredTotal.addingReportingOverflow(entry.uncompressedSize).overflow
        ? .max : declaredTotal + entry.uncompressedSize
      guard declaredTotal <= limits.maximumTotalBytes else {
        throw ImportError(
          file: displayName,
          message: "the archive would unpack to more than \(limits.maximumTotalBytes >> 30) GiB; nothing was imported")
      }
      let ending = PathText.ending(path)
      if Self.dataExtensions.contains(ending) { entries.append(entry) }
    }
    // Each entry's packed bytes sit at their own place in the file: more packed bytes than the file holds
    // means entries share their data (one entry listed 38 times unpacked 7.3 GiB from a 2 MB zip).
    guard packedTotal <= archiveSize else {
      throw ImportError(
        file: displayName,
        message:
          "the archive's entries overlap (\(packedTotal) packed bytes in a \(archiveSize)-byte file); nothing was imported"
      )
    }
    let folder = try ScratchFolders.make()
    temporaryFolder = folder
    var newest: Date?
    for (number, entry) in entries.enumerated() {
      let target = folder.appendingPathComponent(String(number)).appendingPathExtension(
        PathText.ending(entry.path))
      FileManager.default.createFile(atPath: target.path, contents: nil)
      let handle = try FileHandle(forWritingTo: target)
      defer { try? handle.close() }
      var written: UInt64 = 0
      do {
        let checksum = try archive.extract(entry) { chunk in
          written += UInt64(chunk.count)
          // Declared sizes can lie: stop as soon as the real bytes pass them.
          guard written <= entry.uncompressedSize else { throw ArchiveLimitError() }
          try handle.write(contentsOf: chunk)
        }
        guard checksum == entry.checksum else {
          throw ImportError(
            file: displayName, place: "entry \(entry.path)",
            message: "the entry's data does not match its checksum (a damaged download?); nothing was imported")
        }
      } catch let error as ImportError {
        throw error
      } catch is ArchiveLimitError {
        throw ImportError(
          file: displayName, place: "entry \(entry.path)",
          message: "the entry inflates past its declared size (a zip bomb?); nothing was imported")
      } catch {
        throw ImportError(
          file: displayName, place: "entry \(entry.path)", message: "the entry cannot be unpacked (\(error))")
      }
      let relative = entry.path.replacingOccurrences(of: "\\", with: "/")
      files.append(
        ExportFile(
          url: target, relativePath: relative, displayName: "\(displayName):\(relative)", size: Int(written),
          shape: .other))
      if let date = entry.fileAttributes[.modificationDate] as? Date, date > (newest ?? .distantPast) {
        newest = date
      }
    }
    files.sort { $0.relativePath.localizedStandardCompare($1.relativePath) == .orderedAscending }
    exportDate = files.lazy.compactMap { Self.dateInName($0.relativePath) }.first ?? newest
  }

  private struct ArchiveLimitError: Error {}

  /// What a Mac adds to the zips and folders it makes: `__MACOSX/…` with AppleDouble `._name` files beside
  /// every real one, and `.DS_Store`. They are not part of the export.
  static func isMacJunk(_ path: String) -> Bool {
    let components = path.replacingOccurrences(of: "\\", with: "/").split(separator: "/")
    guard let name = components.last else { return false }
    return components.contains("__MACOSX") || name.hasPrefix("._") || name == ".DS_Store"
  }

  /// False for absolute paths and for any `..` component, with either slash.
  static func isContained(_ path: String) -> Bool {
    let normalized = path.replacingOccurrences(of: "\\", with: "/")
    if normalized.hasPrefix("/") || normalized.wholeMatch(of: /[A-Za-z]:.*/) != nil { return false }
    return !normalized.split(separator: "/").contains("..")
  }

  // MARK: Hints from names

  /// A date written in a name as `20261120` or `2026-11-20` (Meta and Takeout root folders, Business Suite
  /// file names such as `Nov-01-2025_Dec-15-2025_123.csv` use the last date).
  static func dateInName(_ name: String) -> Date? {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    var candidates: [DateComponents] = []
    if let match = name.matches(of: /(20\d{2})-(\d{2})-(\d{2})/).last {
      candidates.append(DateComponents(year: Int(match.1), month: Int(match.2), day: Int(match.3)))
    }
    if let match = name.matches(of: /(?:^|[^0-9])(20\d{2})(\d{2})(\d{2})(?:[^0-9]|$)/).last {
      candidates.append(DateComponents(year: Int(match.1), month: Int(match.2), day: Int(match.3)))
    }
    if let match = name.matches(of: /(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)-(\d{2})-(20\d{2})/).last {
      let month = months.firstIndex(of: String(match.1)).map { $0 + 1 }
      candidates.append(DateComponents(year: Int(match.3), month: month, day: Int(match.2)))
    }
    for components in candidates {
      guard (1...12).contains(components.month ?? 0), (1...31).contains(components.day ?? 0) else { continue }
      if let date = calendar.date(from: components) { return date }
    }
    return nil
  }

  // MARK: Sniffing

  /// Reads the first 64 KiB of a file and says what it looks like.
  static func sniff(_ url: URL) -> FileShape {
    guard let handle = try? FileHandle(forReadingFrom: url) else { return .other }
    defer { try? handle.close() }
    guard let prefix = try? handle.read(upToCount: 64 << 10), !prefix.isEmpty else { return .empty }
    var bytes = [UInt8](prefix)
    if let transcoded = CSVReader.utf8(fromUTF16: bytes) { bytes = transcoded }
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
    guard let first = bytes.first(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }) else { return .empty }
    if first == UInt8(ascii: "{") || first == UInt8(ascii: "[") {
      return sniffJSON(bytes, isObject: first == UInt8(ascii: "{"))
    }
    if first == UInt8(ascii: "<") { return .html }
    if ["csv", "tsv"].contains(PathText.ending(url.path)) || bytes.contains(UInt8(ascii: ",")) {
      if let header = CSVReader.header(from: bytes), header.count > 1 { return .csv(header: header) }
    }
    return .other
  }

  /// The first keys of the top-level object, or of the first element of the top-level array. A prefix that
  /// ends inside a value still tells the keys read before it.
  private static func sniffJSON(_ bytes: [UInt8], isObject: Bool) -> FileShape {
    let reader = JSONStreamReader(input: ByteReader(bytes: bytes), repairsMetaText: true)
    var keys: [String] = []
    do {
      if !isObject {
        try reader.beginArray()
        guard try reader.nextElement(), try reader.peekValueStart() == UInt8(ascii: "{") else {
          return .jsonArray(firstElementKeys: [])
        }
      }
      try reader.beginObject()
      while let key = try reader.nextKey(), keys.count < 16 {
        keys.append(key)
        try reader.skipValue()
      }
    } catch {}
    return isObject ? .jsonObject(keys: keys) : .jsonArray(firstElementKeys: keys)
  }
}
