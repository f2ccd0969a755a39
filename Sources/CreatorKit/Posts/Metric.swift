/// A per-post number an export can carry. Which export carries which is in formats.md section 7.
public enum Metric: String, Sendable, Codable, CaseIterable {
  /// Likes, or reactions where the platform has them instead (Facebook).
  case likes
  case comments
  case shares
  case saves
  case reach
  case views
  case impressions
  case follows
  case profileVisits = "profile_visits"
  case linkTaps = "link_taps"

  /// Stable position of the metric in `MetricValues` and in the store's columns.
  var index: Int {
    switch self {
    case .likes: 0
    case .comments: 1
    case .shares: 2
    case .saves: 3
    case .reach: 4
    case .views: 5
    case .impressions: 6
    case .follows: 7
    case .profileVisits: 8
    case .linkTaps: 9
    }
  }

  /// The metrics an engagement count adds up (platforms-and-stats.md section 2): likes, comments, shares,
  /// saves. `MetricValues.engagements` and the store's `post_overview` view both read it.
  static let engagementParts: [Metric] = [.likes, .comments, .shares, .saves]
}

/// A set of optional metric values: nil means the export did not carry it, which is not zero.
public struct MetricValues: Sendable, Equatable, Hashable {
  // Inline storage (no heap allocation per post): ten counts and a bit per metric that has one.
  private var counts: (Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64) = (
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0
  )
  private var presence: UInt16 = 0

  /// No metric at all.
  public init() {}

  /// The metrics in `pairs`; the others stay absent.
  public init(_ pairs: [Metric: Int64]) {
    for (metric, value) in pairs { self[metric] = value }
  }

  public subscript(metric: Metric) -> Int64? {
    get {
      guard presence & (1 << metric.index) != 0 else { return nil }
      return withUnsafeBytes(of: counts) { $0.load(fromByteOffset: metric.index * 8, as: Int64.self) }
    }
    set {
      let bit: UInt16 = 1 << metric.index
      if let newValue {
        presence |= bit
        withUnsafeMutableBytes(of: &counts) {
          $0.storeBytes(of: newValue, toByteOffset: metric.index * 8, as: Int64.self)
        }
      } else {
        presence &= ~bit
        withUnsafeMutableBytes(of: &counts) { $0.storeBytes(of: 0, toByteOffset: metric.index * 8, as: Int64.self) }
      }
    }
  }

  /// Likes + comments + shares + saves (platforms-and-stats.md section 2), from the parts present; nil when
  /// none of them is. Held at `Int64.max` rather than trapping on counts no import accepts.
  public var engagements: Int64? {
    var total: Int64 = 0
    var any = false
    for metric in Metric.engagementParts {
      if let value = self[metric] {
        total = total.saturatingAdd(value)
        any = true
      }
    }
    return any ? total : nil
  }

  /// True when the export carried no metric at all.
  public var isEmpty: Bool { presence == 0 }

  /// The metrics that have a value, in `Metric.allCases` order.
  public var present: [Metric] { Metric.allCases.filter { self[$0] != nil } }

  public static func == (lhs: MetricValues, rhs: MetricValues) -> Bool {
    lhs.presence == rhs.presence && Metric.allCases.allSatisfy { lhs[$0] == rhs[$0] }
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(presence)
    for metric in Metric.allCases { hasher.combine(self[metric]) }
  }
}
