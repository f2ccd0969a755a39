import Foundation

/// One file of an export, on disk (archives are unpacked to a private folder first), with the shape of its
/// content as a detector sees it.
public struct ExportFile: Sendable {
  /// Where the bytes are.
  public var url: URL
  /// The path inside the export, with `/` separators, as the archive or folder holds it:
  /// `bakerbee_20261120/your_instagram_activity/media/posts_1.json`.
  public var relativePath: String
  /// How the user names the file in messages: `bakerbee.zip:your_instagram_activity/media/posts_1.json`.
  public var displayName: String
  /// Its size in bytes.
  public var size: Int
  /// What its first bytes look like: JSON keys, a CSV header, HTML.
  public var shape: FileShape

  /// The file name without folders, lower-cased.
  public var fileName: String { PathText.lastComponent(relativePath).lowercased() }
  /// The path lower-cased, for matching layout generations.
  public var lowercasedPath: String { relativePath.lowercased() }
}

/// What a file looks like from its first bytes: enough to tell formats apart without trusting names.
public enum FileShape: Sendable, Equatable {
  /// A CSV with a header row.
  public var isCSV: Bool {
    if case .csv = self { return true }
    return false
  }

  case empty
  /// A JSON object; `keys` are its first top-level keys (as many as the sniffed prefix holds).
  case jsonObject(keys: [String])
  /// A JSON array whose first element is an object with these first keys (empty for other elements).
  case jsonArray(firstElementKeys: [String])
  /// A CSV or TSV file with this header row (BOM removed, cells trimmed).
  case csv(header: [String])
  /// An HTML page (it starts with `<`, after any BOM and space).
  case html
  case other
}
