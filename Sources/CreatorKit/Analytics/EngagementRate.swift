import Foundation

/// What an engagement rate is divided by. Every figure names it.
public enum RateBasis: String, Sendable, Codable, CaseIterable {
  case reach, views, impressions, followers

  /// The default per platform (platforms-and-stats.md section 2): reach for Instagram, Facebook and
  /// Threads; views for TikTok and YouTube; impressions for X and LinkedIn.
  public static func `default`(for platform: Platform?) -> RateBasis {
    switch platform {
    case .tiktok?, .youtube?: .views
    case .x?, .linkedin?: .impressions
    default: .reach
    }
  }

  /// The metric in the denominator; nil for followers, which come from account-level exports (see
  /// `FollowerTimeline`), not from a post's metrics.
  public var metric: Metric? {
    switch self {
    case .reach: .reach
    case .views: .views
    case .impressions: .impressions
    case .followers: nil
    }
  }

  /// How the formula reads: "engagements / reach".
  public var formula: String {
    "(likes + comments + shares + saves) / "
      + (self == .followers ? "followers at post time (\(FollowerTimeline.method))" : rawValue)
  }
}

/// A post's numbers as the analytics need them.
public struct PostSample: Sendable, Equatable {
  /// The post's row id in the store.
  public var id: Int64
  /// The platform it was published on.
  public var platform: Platform
  /// The account's handle, without `@`.
  public var account: String
  /// The post's key within its account (its id in the export).
  public var key: String
  /// When it was published.
  public var published: Date
  /// False for date-only sources: such posts stay out of hour-of-day statistics.
  public var hasTimeOfDay: Bool
  /// Image, carousel, video, reel, story, text or live.
  public var mediaKind: MediaKind
  /// The caption; empty when the query did not ask for captions (`SampleQuery.captions`).
  public var caption: String
  /// The caption's length in characters (Unicode code points), known even when the text was not loaded.
  public var captionLength: Int
  /// Its hashtags, lower-cased, without `#`.
  public var hashtags: [String]
  /// Its newest metric reading; a metric the export did not carry is nil, not zero.
  public var metrics: MetricValues
  /// The account's followers when the post went out, from account-level exports (`FollowerTimeline`); nil
  /// when none gives a count near the post's time.
  public var followers: Int64?

  /// A sample with every field given; `captionLength` defaults to the caption's count of Unicode code points.
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

/// An engagement rate over a set of posts: the median of per-post rates (robust to one viral post) and
/// the pooled rate (all engagements over the whole denominator), with how many posts it rests on and how
/// many were left out for lack of the denominator.
public struct RateFigure: Sendable, Equatable, Codable {
  /// What the rates divide by.
  public var basis: RateBasis
  /// Posts with a rate.
  public var n: Int
  /// Posts in scope without the denominator (or without any engagement metric).
  public var leftOut: Int
  /// Of `leftOut`, the posts that have the denominator but no likes, comments, shares or saves (a YouTube
  /// Studio export with views only).
  public var leftOutWithoutEngagements: Int = 0
  /// The median of the per-post rates: robust to one viral post. Nil with fewer than `minimumPosts` rated posts.
  public var median: Double?
  /// The mean of the per-post rates: only for comparing with a benchmark published as an average.
  public var mean: Double?
  /// All engagements over the whole denominator. Nil with fewer than `minimumPosts` rated posts.
  public var pooled: Double?
  /// The engagements of the rated posts, summed.
  public var engagements: Int64
  /// The denominators of the rated posts, summed.
  public var denominator: Int64

  /// The fewest rated posts a figure needs; fewer give "not enough data".
  public static let minimumPosts = 3

  /// The rate over `posts` by `basis`.
  public init(_ posts: [PostSample], basis: RateBasis) {
    self.init(entries: posts.lazy.map { RateEntry($0, basis: basis) }, basis: basis)
  }

  /// From per-post entries computed once (`RateEntry.entries`): the figures over a million posts group
  /// these small values instead of copying posts.
  init<Entries: Sequence>(entries: Entries, basis: RateBasis) where Entries.Element == RateEntry {
    self.basis = basis
    var rates: [Double] = []
    var engagements: Int64 = 0
    var denominator: Int64 = 0
    var count = 0
    var withoutEngagements = 0
    for entry in entries {
      count += 1
      guard let rate = entry.rate else {
        if entry.denominator > 0 { withoutEngagements += 1 }
        continue
      }
      rates.append(rate)
      // Saturating: counts from a store written before imports refused absurd ones must not trap.
      engagements = engagements.saturatingAdd(entry.engagements)
      denominator = denominator.saturatingAdd(entry.denominator)
    }
    n = rates.count
    leftOut = count - rates.count
    leftOutWithoutEngagements = withoutEngagements
    self.engagements = engagements
    self.denominator = denominator
    let enough = rates.count >= Self.minimumPosts
    median = enough ? Statistics.median(rates) : nil
    mean = enough ? rates.reduce(0, +) / Double(rates.count) : nil
    pooled = enough && denominator > 0 ? Double(engagements) / Double(denominator) : nil
  }

  /// Why posts were left out: "4 left out: no reach", "2 left out: no likes, comments, shares or saves", or
  /// both; nil when none was.
  public var leftOutReason: String? {
    guard leftOut > 0 else { return nil }
    let noBasis = leftOut - leftOutWithoutEngagements
    let noEngagements = "no likes, comments, shares or saves"
    if leftOutWithoutEngagements == 0 { return "\(leftOut) left out: no \(basis.rawValue)" }
    if noBasis == 0 { return "\(leftOut) left out: \(noEngagements)" }
    return
      "\(leftOut) left out: \(noBasis) with no \(basis.rawValue), \(leftOutWithoutEngagements) with \(noEngagements)"
  }

  /// "not enough data (n = 2, needs 3)" when there are too few posts with the denominator.
  public var shortage: String? {
    n >= Self.minimumPosts ? nil : "not enough data (n = \(n), needs \(Self.minimumPosts))"
  }
}

/// One post's rate and its parts for a basis: a small plain value the figures group and sum.
struct RateEntry {
  var rate: Double?
  var engagements: Int64
  var denominator: Int64

  static let unrated = RateEntry(rate: nil, engagements: 0, denominator: 0)
}

extension RateEntry {
  init(_ post: PostSample, basis: RateBasis) {
    let rate = post.rate(by: basis)
    // An unrated post keeps its denominator when only the engagements are missing, to say why.
    let denominator = post.denominator(basis) ?? 0
    self.init(
      rate: rate, engagements: rate == nil ? 0 : post.engagements ?? 0,
      denominator: rate == nil && post.engagements != nil ? 0 : denominator)
  }

  /// One entry per row of `table`, in order: the same rule as `PostSample.rate(by:)`, read off two columns.
  static func entries(_ table: PostTable, basis: RateBasis) -> [RateEntry] {
    zip(table.engagements, table.denominators(basis)).map { engagements, denominator in
      if engagements != PostTable.missing && denominator != PostTable.missing && denominator > 0 {
        RateEntry(rate: Double(engagements) / Double(denominator), engagements: engagements, denominator: denominator)
      } else if engagements == PostTable.missing && denominator != PostTable.missing && denominator > 0 {
        // Kept to say why the post has no rate: the export has the denominator but no engagements.
        RateEntry(rate: nil, engagements: 0, denominator: denominator)
      } else {
        .unrated
      }
    }
  }

  /// The rows with a rate, and their rates, in row order.
  static func rated(_ entries: [RateEntry]) -> (rows: [Int], rates: [Double]) {
    var rows: [Int] = []
    var rates: [Double] = []
    rows.reserveCapacity(entries.count)
    rates.reserveCapacity(entries.count)
    for (row, entry) in entries.enumerated() {
      if let rate = entry.rate {
        rows.append(row)
        rates.append(rate)
      }
    }
    return (rows, rates)
  }
}
