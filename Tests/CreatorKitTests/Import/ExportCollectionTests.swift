import Foundation
import Testing
import ZIPFoundation

@testable import CreatorKit

/// A Downloads folder as creators have one: several exports side by side, as zips and folders, of several
/// accounts, with a Mac's `__MACOSX` files in a zip and a folder that is no export at all.
@Suite struct ExportCollectionTests {
  let folder = try! TemporaryFolder()

  /// Copies `fixture` (a path under `fixtures/`) into the Downloads folder as `name`.
  func put(_ fixture: String, as name: String? = nil) throws {
    let source = fixtures.appendingPathComponent(fixture)
    let target = folder.url.appendingPathComponent("Downloads/\(name ?? source.lastPathComponent)")
    try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
    try FileManager.default.copyItem(at: source, to: target)
  }

  /// A zip made on a Mac: the YouTube Studio table with its AppleDouble twin (not UTF-8) and a `.DS_Store`.
  func macZip(_ name: String) throws {
    let url = folder.url.appendingPathComponent("Downloads/\(name)")
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    let archive = try Archive(url: url, accessMode: .create)
    let table = try Data(
      contentsOf: fixtures.appendingPathComponent("youtube/Content 2025-08-01_2025-08-31 Oven Thyme/Table data.csv"))
    let appleDouble = Data([0x00, 0x05, 0x16, 0x07, 0x00, 0x02, 0x00, 0x00, 0xFF, 0xFE, 0xC3, 0x28])
    let entries: [(String, Data)] = [
      ("Table data.csv", table), ("__MACOSX/._Table data.csv", appleDouble), (".DS_Store", appleDouble),
    ]
    for (path, data) in entries {
      try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count)) { position, size in
        data.subdata(in: Int(position)..<Int(position) + size)
      }
    }
  }

  @Test(arguments: TestEngine.available) func importsEachExportAsItsOwn(_ engine: TestEngine) throws {
    try put("instagram/bakerbee_20261120.zip")
    try put("instagram/tacotruck_20240610")
    try put("instagram/followers/crumbly_20261120")
    try macZip("Content 2025-09-01_2025-09-30 Oven Thyme.zip")
    try put("business-suite/facebook-page-Oct-01-2025_Oct-31-2025.csv")
    _ = try folder.file("Downloads/Screenshots/notes.txt", "not an export")
    let store = try engine.makeStore()
    let report = try importInto(store, folder.url.appendingPathComponent("Downloads"))

    let accounts = Set(report.accounts.map { "\($0.platform.rawValue) @\($0.account)" })
    #expect(accounts.isSuperset(of: ["instagram @bakerbee", "instagram @tacotruck", "instagram @crumbly"]))
    #expect(accounts.contains("youtube @Oven Thyme"), "the channel comes from the zip's name")
    let byName = Dictionary(report.exports.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    #expect(byName["Downloads/bakerbee_20261120.zip"]?.accounts == ["Instagram @bakerbee"])
    #expect(byName["Downloads/tacotruck_20240610"]?.accounts == ["Instagram @tacotruck"])
    #expect(byName["Downloads/crumbly_20261120"]?.accounts == ["Instagram @crumbly"])
    #expect(byName["Downloads/Screenshots"]?.recognized == false)
    #expect(report.exports.filter(\.recognized).count == 5)
    // Each export keeps its own date: crumbly's follower count is dated by its own folder name.
    let crumbly = try #require(report.accounts.first { $0.account == "crumbly" })
    #expect(crumbly.accountReadings > 0 && crumbly.postsRead == 0)
    #expect(!report.filesRead.contains { $0.file.contains("__MACOSX") || $0.file.contains(".DS_Store") })

    let again = try importInto(store, folder.url.appendingPathComponent("Downloads"))
    #expect(again.accounts.allSatisfy { $0.postsAdded == 0 && $0.postsUpdated == 0 }, "a second import changes nothing")
  }

  @Test func aSecondDownloadOfTheSameNameStillNamesItsAccount() {
    #expect(InstagramExport.accountInFolderName("instagram-crumb.keeper-2025-01-10-aB3x (1).zip") == "crumb.keeper")
    #expect(InstagramExport.accountInFolderName("bakerbee_20261120 (2)") == "bakerbee")
  }

  @Test func aFolderThatIsOneExportStaysOne() throws {
    let sources = try ExportCollection.sources(at: fixtures.appendingPathComponent("instagram/tacotruck_20240610"))
    #expect(sources.count == 1)
    let youtube = try ExportCollection.sources(
      at: fixtures.appendingPathComponent("youtube/Content 2025-08-01_2025-08-31 Oven Thyme"))
    #expect(youtube.count == 1)
  }

  @Test(arguments: TestEngine.available) func aMacZipOnItsOwnImports(_ engine: TestEngine) throws {
    try macZip("Content 2025-09-01_2025-09-30 Oven Thyme.zip")
    let store = try engine.makeStore()
    let report = try importInto(
      store, folder.url.appendingPathComponent("Downloads/Content 2025-09-01_2025-09-30 Oven Thyme.zip"))
    #expect(report.accounts.map(\.account) == ["Oven Thyme"])
    #expect(report.filesIgnored == 0, "AppleDouble files and .DS_Store are not counted as export files")
  }
}
