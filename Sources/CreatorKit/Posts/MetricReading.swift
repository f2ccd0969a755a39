import Foundation

/// Metrics for one post as one file reported them on one day. Readings are kept as dated snapshots, so a
/// later export adds a reading instead of overwriting the earlier one.
public struct MetricReading: Sendable, Equatable {
  /// The platform of the post.
  public var platform: Platform
  /// The account of the post, without `@`.
  public var account: String
  /// A key of the post the reading belongs to (see `Post.key`); resolved against the posts of the same
  /// import and those already stored.
  public var postKey: String
  /// The numbers read; a metric the file did not carry stays absent.
  public var values: MetricValues
  /// When the export was made: the day the numbers were read.
  public var observedAt: Date
  /// Which kind of file the numbers came from, e.g. `instagram-insights`.
  public var source: String
  /// The file inside the export, for provenance.
  public var sourceFile: String
  /// Where in the file, for the report of unmatched rows (`$.organic_insights_posts[3]`).
  public var place: String

  /// A reading with every field given.
  public init(
    platform: Platform, account: String, postKey: String, values: MetricValues, observedAt: Date,
    source: String, sourceFile: String, place: String
  ) {
    self.platform = platform
    self.account = account
    self.postKey = postKey
    self.values = values
    self.observedAt = observedAt
    self.source = source
    self.sourceFile = sourceFile
    self.place = place
  }
}
