import Foundation

/// What one path given to `creator import` holds: one export, or several side by side, as a Downloads folder
/// does (two Instagram zips, an unpacked X archive, a YouTube Studio folder, a Business Suite CSV). Each export
/// is read as its own `ExportSource`, so each names its own account and export date and reads only its own
/// files.
///
/// A folder is one export when any entry directly in it is a folder that sits at the top of an export
/// (`your_instagram_activity`, `data`, `Takeout`, ...) or when it holds files only (a TikTok, YouTube Studio
/// or LinkedIn folder). Otherwise it is a collection: each zip and each subfolder in it is looked at the same
/// way (to `maximumDepth` levels), and the data files lying loose in it are read together as one more export.
public enum ExportCollection {
  /// How many folder levels below a given path are searched for exports.
  public static let maximumDepth = 3
  /// The most exports one import reads.
  public static let maximumExports = 500

  /// Folders found at the top of the exports CreatorKit reads (lower-cased): a folder holding one of these is
  /// an export, not a collection of them.
  static let exportFolders: Set<String> = [
    // Instagram and Threads, every generation
    "your_instagram_activity", "content", "personal_information", "logged_information",
    "past_instagram_insights", "media", "connections", "ads_information", "preferences",
    "security_and_login_information", "apps_and_websites_off_of_instagram", "files",
    // Facebook
    "your_facebook_activity", "your_activity_across_facebook", "posts", "profile_information",
    // X
    "data", "assets",
    // Google Takeout
    "takeout", "youtube and youtube music",
  ]

  /// The exports at `url`, in a stable order (by name). One for a file or a zip.
  public static func sources(at url: URL, limits: ExportSource.Limits = .init()) throws -> [ExportSource] {
    var sources: [ExportSource] = []
    do {
      try collect(url, displayName: url.lastPathComponent, depth: 0, limits: limits, into: &sources)
    } catch {
      sources.forEach { $0.close() }
      throw error
    }
    return sources
  }

  private static func collect(
    _ url: URL, displayName: String, depth: Int, limits: ExportSource.Limits, into sources: inout [ExportSource]
  ) throws {
    guard let entries = collectionEntries(url), depth < maximumDepth else {
      sources.append(try ExportSource(url: url, displayName: displayName, looseFilesOnly: false, limits: limits))
      return
    }
    var loose = false
    for entry in entries {
      guard sources.count < maximumExports else {
        throw ImportError(
          file: displayName, message: "more than \(maximumExports) exports in one folder; import fewer at a time")
      }
      let name = "\(displayName)/\(entry.url.lastPathComponent)"
      switch entry.kind {
      case .folder: try collect(entry.url, displayName: name, depth: depth + 1, limits: limits, into: &sources)
      case .zip:
        sources.append(try ExportSource(url: entry.url, displayName: name, looseFilesOnly: false, limits: limits))
      case .dataFile: loose = true
      }
    }
    if loose {
      sources.append(try ExportSource(url: url, displayName: displayName, looseFilesOnly: true, limits: limits))
    }
  }

  private enum EntryKind { case folder, zip, dataFile }

  /// The entries of a folder that is a collection of exports, nil when `url` is one export (a file, a zip, a
  /// folder with an export's top-level folders, or a folder of files only).
  private static func collectionEntries(_ url: URL) -> [(url: URL, kind: EntryKind)]? {
    let keys: [URLResourceKey] = [.isDirectoryKey, .isRegularFileKey, .isSymbolicLinkKey]
    guard (try? url.resourceValues(forKeys: [.isDirectoryKey]))?.isDirectory == true,
      let children = try? FileManager.default.contentsOfDirectory(
        at: url, includingPropertiesForKeys: keys, options: [.skipsHiddenFiles])
    else { return nil }
    var entries: [(url: URL, kind: EntryKind)] = []
    for child in children.sorted(by: { $0.lastPathComponent < $1.lastPathComponent }) {
      let name = child.lastPathComponent
      guard name != "__MACOSX", let values = try? child.resourceValues(forKeys: Set(keys)),
        values.isSymbolicLink != true
      else { continue }
      if values.isDirectory == true {
        if exportFolders.contains(name.lowercased()) { return nil }
        entries.append((child, .folder))
      } else if values.isRegularFile == true {
        if (try? ExportSource.isZip(child)) == true {
          entries.append((child, .zip))
        } else if ExportSource.dataExtensions.contains(PathText.ending(child.path)) {
          entries.append((child, .dataFile))
        }
      }
    }
    return entries.contains { $0.kind != .dataFile } ? entries : nil
  }
}
