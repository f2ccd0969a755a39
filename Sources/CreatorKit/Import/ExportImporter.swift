/// One kind of export file (Instagram posts JSON, Business Suite CSV, ...). Adding a source means adding a
/// type that conforms and listing it in `ExportImporters.all`; no other importer changes.
public protocol ExportImporter: Sendable {
  /// A short stable name, recorded with every import: `instagram-json`.
  var name: String { get }
  /// Importers with a lower phase read first, so posts are in place before the metrics that join to them.
  var phase: ImportPhase { get }
  /// Whether this importer reads `file`, judged from its shape first and its path second.
  func claims(_ file: ExportFile) -> Bool
  /// Reads one claimed file into `sink`. Throws `ImportError` naming the file and place on bad input.
  func read(_ file: ExportFile, from source: ExportSource, context: ImportContext, into sink: any ImportSink) throws
}

/// When an importer runs relative to the others.
public enum ImportPhase: Int, Sendable, Comparable {
  /// Files that create posts.
  case posts = 0
  /// Files that only add metrics to posts read in the first phase or already stored.
  case metrics = 1

  /// Posts before metrics.
  public static func < (lhs: ImportPhase, rhs: ImportPhase) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The importers `creator import` tries, in order.
public enum ExportImporters {
  /// Every built-in importer, in the order their claims are asked.
  public static let all: [any ExportImporter] = [
    InstagramJSONImporter(),
    InstagramInsightsImporter(),
    InstagramAudienceImporter(),
    InstagramHTMLImporter(),
    InstagramHTMLInsightsImporter(),
    ThreadsImporter(),
    BusinessSuiteCSVImporter(),
    FacebookPostsImporter(),
    TikTokImporter(),
    LinkedInSharesImporter(),
    XArchiveImporter(),
    YouTubeStudioImporter(),
    YouTubeTakeoutImporter(),
  ]
}
