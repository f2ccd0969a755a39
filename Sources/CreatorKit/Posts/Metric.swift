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
  var index: Int { Self.allCases.firstIndex(of: self)! }
}

/// A set of optional metric values: nil means the export did not carry it, which is not zero.
public struct MetricValues: Sendable, Equatable, Hashable {
  private var values: [Int64?]

  public init() {
    values = Array(repeating: nil, count: Metric.allCases.count)
  }

  public init(_ pairs: [Metric: Int64]) {
    self.init()
    for (metric, value) in pairs { self[metric] = value }
  }

  public subscript(metric: Metric) -> Int64? {
    get { values[metric.index] }
    set { values[metric.index] = newValue }
  }

  /// True when the export carried no metric at all.
  public var isEmpty: Bool { values.allSatisfy { $0 == nil } }

  /// The metrics that have a value, in `Metric.allCases` order.
  public var present: [Metric] { Metric.allCases.filter { self[$0] != nil } }
}
