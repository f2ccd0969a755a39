import Foundation
import Testing
import ZIPFoundation

@testable import CreatorKit

#if canImport(Glibc)
  import Glibc
#endif

/// Hostile archives and paths (issue 18): entries that share their data, wrong checksums, too many
/// entries, pipes given as the export, and unpacked copies left in the temporary folder.
@Suite struct HostileArchiveTests {
  let folder: TemporaryFolder
  static let post = Data(
    #"[{"media": [{"uri": "media/posts/1_2_17700000000000001.jpg", "creation_timestamp": 1700000000, "title": "hi"}]}]"#
      .utf8)

  init() throws {
    folder = try TemporaryFolder()
  }

  /// Found by the zip fuzzer: a central directory naming an entry with bytes that are not UTF-8 and `//`
  /// (read as CP437) made Foundation's `NSString.pathExtension` trap. It is a damaged zip, said in one line.
  @Test func anEntryNameThatIsNotUTF8IsNoCrash() throws {
    let error = try expectFailure(fixtures.appendingPathComponent("hostile/zip-entry-name-not-utf8.zip"))
    #expect(error.file == "zip-entry-name-not-utf8.zip")
    #expect(PathText.ending("a/b\u{DC}\u{AF}\u{0E}Hq//\u{95}.JSON") == "json")
    #expect(PathText.ending("folder.d/name") == "" && PathText.ending(".bashrc") == "" && PathText.ending("x.") == "")
    #expect(PathText.lastComponent("a\\b/c.csv") == "c.csv")
  }

  /// A zip with one stored (uncompressed) entry per name.
  func zip(_ name: String, entries: [String: Data]) throws -> URL {
    let url = folder.url.appendingPathComponent(name)
    let archive = try Archive(url: url, accessMode: .create)
    for (path, data) in entries.sorted(by: { $0.key < $1.key }) {
      try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count)) { position, size in
        data.subdata(in: Int(position)..<Int(position) + size)
      }
    }
    return url
  }

  func expectFailure(_ url: URL, limits: ExportSource.Limits = .init()) throws -> ImportError {
    var caught: ImportError?
    do { _ = try ExportSource(url: url, limits: limits) } catch let error as ImportError { caught = error }
    let error = try #require(caught)
    #expect(!error.description.contains("\n"))
    return error
  }

  @Test func entriesSharingTheirDataAreRefused() throws {
    let url = try zip("one.zip", entries: ["export/your_instagram_activity/media/posts_1.json": Self.post])
    var bytes = [UInt8](try Data(contentsOf: url))
    // The end record: entry counts at 8 and 10, directory size at 12, its offset at 16.
    let end = bytes.count - 22
    #expect(bytes[end..<end + 4].elementsEqual([0x50, 0x4B, 0x05, 0x06]))
    func read32(_ at: Int) -> Int {
      Int(bytes[at]) | Int(bytes[at + 1]) << 8 | Int(bytes[at + 2]) << 16 | Int(bytes[at + 3]) << 24
    }
    let directoryStart = read32(end + 16)
    let directory = Array(bytes[directoryStart..<end])
    var copies: [UInt8] = []
    for copy in 0..<38 {
      var record = directory
      // Rename posts_1 to posts_N... with the same length, so every copy is its own entry.
      let name = Array("export/your_instagram_activity/media/posts_1.json".utf8)
      let at = 46
      #expect(record[at..<at + name.count].elementsEqual(name))
      record[at + name.count - 6] = UInt8(ascii: "a") + UInt8(copy % 26)
      copies += record
    }
    bytes = Array(bytes[..<directoryStart]) + copies + Array(bytes[end...])
    let newEnd = bytes.count - 22
    for offset in [8, 10] {
      bytes[newEnd + offset] = 38
      bytes[newEnd + offset + 1] = 0
    }
    let size = copies.count
    bytes[newEnd + 12] = UInt8(size & 0xFF)
    bytes[newEnd + 13] = UInt8(size >> 8 & 0xFF)
    bytes[newEnd + 14] = 0
    bytes[newEnd + 15] = 0
    let overlapping = try folder.file("overlap.zip", Data(bytes))
    let error = try expectFailure(overlapping)
    #expect(error.message.hasPrefix("the archive's entries overlap"), "\(error)")
  }

  /// A zip64 entry declaring 2^64 - 1 bytes: summing the declared sizes overflowed and stopped the process.
  @Test func zip64SizesNearTheLimitDoNotTrap() throws {
    let url = try zip("two.zip", entries: ["export/a.json": Data("[]".utf8), "export/b.json": Data("[]".utf8)])
    var bytes = [UInt8](try Data(contentsOf: url))
    let end = bytes.count - 22
    func read16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
    func read32(_ at: Int) -> Int { read16(at) | read16(at + 2) << 16 }
    let directoryStart = read32(end + 16)
    let firstLength = 46 + read16(directoryStart + 28) + read16(directoryStart + 30) + read16(directoryStart + 32)
    let second = directoryStart + firstLength
    var record = Array(bytes[second..<end])
    for offset in 20..<28 { record[offset] = 0xFF }
    let extraLength = read16(second + 30) + 20
    record[30] = UInt8(extraLength & 0xFF)
    record[31] = UInt8(extraLength >> 8)
    record += [0x01, 0x00, 16, 0] + [UInt8](repeating: 0xFF, count: 16)
    bytes = Array(bytes[..<second]) + record + Array(bytes[end...])
    let newEnd = bytes.count - 22
    let size = read32(newEnd + 12) + 20
    for index in 0..<4 { bytes[newEnd + 12 + index] = UInt8(size >> (8 * index) & 0xFF) }
    let hostile = try folder.file("zip64.zip", Data(bytes))
    var caught: (any Error)?
    do { _ = try ExportSource(url: hostile) } catch { caught = error }
    #expect(caught != nil, "the archive was accepted")
  }

  /// The archive's size is the file's, not its symbolic link's (the overlap check read the link's 17 bytes).
  @Test func aSymbolicLinkToAZipIsRead() throws {
    let url = try zip("real.zip", entries: ["export/your_instagram_activity/media/posts_1.json": Self.post])
    let link = folder.url.appendingPathComponent("link.zip")
    try FileManager.default.createSymbolicLink(at: link, withDestinationURL: url)
    let source = try ExportSource(url: link)
    #expect(source.files.count == 1)
    source.close()
  }

  @Test func entryWithAWrongChecksumIsRefused() throws {
    let url = try zip("crc.zip", entries: ["export/your_instagram_activity/media/posts_1.json": Self.post])
    var bytes = [UInt8](try Data(contentsOf: url))
    let marker = Array("\"hi\"".utf8)
    let at = try #require(
      (0..<bytes.count - marker.count).first { bytes[$0..<$0 + marker.count].elementsEqual(marker) })
    bytes[at + 1] = UInt8(ascii: "o")
    let damaged = try folder.file("damaged.zip", Data(bytes))
    let error = try expectFailure(damaged)
    #expect(error.place == "entry export/your_instagram_activity/media/posts_1.json")
    #expect(error.message.contains("checksum"), "\(error)")
  }

  @Test func tooManyEntriesAreRefusedBeforeUnpacking() throws {
    let entries = Dictionary(uniqueKeysWithValues: (0..<12).map { ("export/file\($0).json", Data("{}".utf8)) })
    let url = try zip("many.zip", entries: entries)
    var limits = ExportSource.Limits()
    limits.maximumEntries = 10
    let error = try expectFailure(url, limits: limits)
    #expect(error.message.contains("more than 10 entries"))
    limits = ExportSource.Limits()
    limits.maximumDataEntries = 5
    #expect(try expectFailure(url, limits: limits).message.contains("5 data files"))
    #expect(try ExportSource(url: url).files.count == 12)
  }

  @Test func aPipeIsRefusedWithoutWaitingForAWriter() throws {
    let path = folder.url.appendingPathComponent("export.zip").path
    #expect(mkfifo(path, 0o600) == 0)
    // On code that opens the pipe, a writer comes after 3 s so the test ends (and fails) instead of hanging.
    let unblock = Thread {
      Thread.sleep(forTimeInterval: 3)
      let descriptor = open(path, O_WRONLY | O_NONBLOCK)
      if descriptor >= 0 { close(descriptor) }
    }
    unblock.start()
    let error = try expectFailure(URL(fileURLWithPath: path))
    #expect(error.kind == .unreadable)
    #expect(error.message.hasPrefix("not a regular file"), "\(error)")
  }

  @Test func unpackedCopiesAreRemovedOnEveryPathAndAfterAKilledRun() throws {
    let temporary = FileManager.default.temporaryDirectory
    // A folder left by a process that no longer runs (pid_max is at most 2^22).
    let abandoned = temporary.appendingPathComponent("creatorkit-4194305-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: abandoned, withIntermediateDirectories: true)
    try FileManager.default.setAttributes(
      [.modificationDate: Date(timeIntervalSinceNow: -7200)], ofItemAtPath: abandoned.path)
    // A folder of a gone process that is too recent to be sure of stays.
    let recent = temporary.appendingPathComponent("creatorkit-4194306-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: recent, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: recent) }
    let good = try zip("good.zip", entries: ["export/your_instagram_activity/media/posts_1.json": Self.post])
    let source = try ExportSource(url: good)
    #expect(!FileManager.default.fileExists(atPath: abandoned.path), "the abandoned folder was not removed")
    #expect(FileManager.default.fileExists(atPath: recent.path))
    let unpacked = try #require(source.files.first?.url.deletingLastPathComponent())
    #expect(unpacked.lastPathComponent.hasPrefix("creatorkit-\(getpid())-"))
    source.close()
    #expect(!FileManager.default.fileExists(atPath: unpacked.path))
  }
}
