import Foundation

/// A post's numbers as the analytics need them.
public struct PostSample: Sendable, Equatable {
  public var id: Int64
  public var platform: Platform
  public var account: String
  public var key: String
  public var published: Date
  /// False for date-only sources: such posts stay out of hour-of-day statistics.
  public var hasTimeOfDay: Bool
  public var mediaKind: MediaKind
  /// The caption; empty when the query did not ask for captions (`SampleQuery.captions`).
  public var caption: String
  /// The caption's length in characters (Unicode code points), known even when the text was not loaded.
  public var captionLength: Int
  public var hashtags: [String]
  public var metrics: MetricValues
  /// The account's followers when the post went out, from account-level exports (`FollowerTimeline`); nil
  /// when none gives a count near the post's time.
  public var followers: Int64?

  public init(
    id: Int64, platform: Platform, account: String, key: String, published: Date, hasTimeOfDay: Bool,
    mediaKind: MediaKind, caption: String, captionLength: Int? = nil, hashtags: [String], metrics: MetricValues,
    followers: Int64? = nil
  ) {
    self.id = id
    self.platform = platform
    self.account = account
    self.key = key
    self.published = published
    self.hasTimeOfDay = hasTimeOfDay
    self.mediaKind = mediaKind
    self.caption = caption
    self.captionLength = captionLength ?? caption.unicodeScalars.count
    self.hashtags = hashtags
    self.metrics = metrics
    self.followers = followers
  }

  /// Likes + comments + shares + saves, from the parts the export has; nil when it has none of them.
  public var engagements: Int64? { metrics.engagements }

  /// Engagements over the basis, or nil when either is missing or the denominator is not positive.
  public func rate(by basis: RateBasis) -> Double? {
    guard let denominator = denominator(basis), denominator > 0, let engagements else { return nil }
    return Double(engagements) / Double(denominator)
  }

  /// What a rate by `basis` divides by, when the post has it.
  public func denominator(_ basis: RateBasis) -> Int64? {
    basis.metric.map { metrics[$0] } ?? followers
  }
}
