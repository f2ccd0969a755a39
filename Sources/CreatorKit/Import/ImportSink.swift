import Foundation

/// Where importers hand what they read. The store's writer is one (an `ImportWriter`), so records flow
/// straight into the open transaction instead of piling up in memory.
public protocol ImportSink: AnyObject {
  func add(_ post: Post) throws
  func add(_ reading: MetricReading) throws
  /// Account-level numbers (followers), not tied to a post.
  func add(_ reading: AccountReading) throws
  /// A record that was read but not imported, with the reason.
  func skip(_ record: SkippedRecord)
  /// Something the user should know that is not about one record (an unknown label, a file ignored).
  func note(_ text: String)
  /// How far into the current file the importer is.
  func progress(file: ExportFile, bytesRead: Int)
}

extension ImportSink {
  /// Adds `post` and, when its row gave any, its metrics as read on `observedAt` (the reading joins the post
  /// by its main key and names the post's file).
  func add(_ post: Post, metrics: MetricValues, observedAt: Date, source: String, place: String) throws {
    try add(post)
    guard !metrics.isEmpty else { return }
    try add(
      MetricReading(
        platform: post.platform, account: post.account, postKey: post.key, values: metrics, observedAt: observedAt,
        source: source, sourceFile: post.sourceFile, place: place))
  }
}

/// A record left out of an import and why, reported in the summary and kept in the import's history.
public struct SkippedRecord: Sendable, Equatable, Codable {
  public var file: String
  public var place: String
  public var reason: String

  public init(file: String, place: String, reason: String) {
    self.file = file
    self.place = place
    self.reason = reason
  }
}
