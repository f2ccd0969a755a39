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
