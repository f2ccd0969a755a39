import Foundation

/// Folders of the repository the tests read from, found from this file's place in it.
public enum RepositoryFolders {
  /// The repository's root.
  public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
  /// The synthetic exports, post files and calendars in `fixtures/`.
  public static let fixtures = root.appendingPathComponent("fixtures")
}
