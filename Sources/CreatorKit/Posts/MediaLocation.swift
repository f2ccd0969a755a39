/// Where a post's first photo is: the export it came in (a zip or a folder, as the user gave it to
/// `creator import`) and the path inside it (`media/posts/202510/551234_1788….jpg`). The report reads it again
/// to show a small thumbnail; nothing is copied into the store.
public struct MediaLocation: Sendable, Equatable, Hashable {
  /// The export's absolute path.
  public var export: String
  /// The file's path inside the export, as the export names it.
  public var path: String

  /// The photo at `path` inside the export at `export`.
  public init(export: String, path: String) {
    self.export = export
    self.path = path
  }

  /// File endings of photos a thumbnail can be made from (videos get a placeholder).
  public static let photoEndings: Set<String> = ["jpg", "jpeg", "png"]

  /// The location of `uri` in `export` when it is a photo, else nil.
  public static func photo(_ uri: String?, in export: String) -> MediaLocation? {
    guard let uri, !uri.isEmpty, let ending = uri.split(separator: ".").last?.lowercased(),
      photoEndings.contains(ending)
    else { return nil }
    return MediaLocation(export: export, path: uri)
  }
}
