import Foundation

/// What a piece of advice optimises, per post: a rate (a count over the platform's denominator, like the
/// engagement rate by reach) or, where the export has no denominator, a plain count per post (likes per
/// post on TikTok, views per post on YouTube). Hashtag figures and best times compare posts by it.
public struct Outcome: Sendable, Equatable, Codable {
  /// The count on top: nil for engagements (likes + comments + shares + saves, the parts present).
  public var numerator: Metric?
  /// What it is divided by; nil: per post.
  public var basis: RateBasis?
  /// How the figures read it: "engagement rate by reach", "likes per post", "saves per reach".
  public var label: String
  /// Why this outcome and not the one asked for or the platform's usual rate, in one sentence; nil when
  /// it is the one asked for.
  public var note: String?

  /// A rate by `basis` of `numerator` (nil: engagements).
  public static func rate(_ numerator: Metric?, by basis: RateBasis) -> Outcome {
    let name = numerator.map { Self.noun($0) } ?? "engagement"
    return Outcome(
      numerator: numerator, basis: basis,
      label: numerator == nil ? "engagement rate by \(basis.rawValue)" : "\(name) per \(basis.rawValue)", note: nil)
  }

  /// A count per post of `numerator` (nil: engagements, named after what `platform`'s exports carry).
  public static func perPost(_ numerator: Metric?, platform: Platform?) -> Outcome {
    let name: String
    if let numerator {
      name = noun(numerator)
    } else {
      switch platform {
      case .tiktok?: name = "likes"
      case .x?: name = "likes and reposts"
      default: name = "engagements"
      }
    }
    return Outcome(numerator: numerator, basis: nil, label: "\(name) per post", note: nil)
  }

  /// Whether figures are rates (fractions shown as percents) or counts per post.
  public var isRate: Bool { basis != nil }

  static func noun(_ metric: Metric) -> String {
    switch metric {
    case .linkTaps: "link clicks"
    case .profileVisits: "profile visits"
    default: metric.rawValue
    }
  }

  /// The outcome for posts on `platform` aiming at `numerator` (nil: engagements overall): the rate by the
  /// platform's denominator when most posts with the count have it; else the count per post; when the
  /// export has no such count, engagements (or views) per post instead, said in `note`. Nil when the posts
  /// carry no number at all (content-only exports).
  public static func choose(for table: PostTable, platform: Platform?, numerator: Metric? = nil) -> Outcome? {
    let basis = RateBasis.default(for: platform)
    let counts = table.counts(numerator)
    let withCount = counts.count { $0 != PostTable.missing }
    // What to compare by is chosen on any post that has it; too few for a figure is each figure's shortage.
    let needed = 1
    if withCount < needed {
      if let numerator, numerator != basis.metric {
        guard var fallback = choose(for: table, platform: platform) else { return nil }
        fallback.note =
          "Your export has no \(noun(numerator)) per post, so this advice compares posts by \(fallback.label) instead."
        return fallback
      }
      if numerator == nil, table.views.count(where: { $0 != PostTable.missing }) >= needed {
        var views = perPost(.views, platform: platform)
        views.note = "Your export has no likes, comments, shares or saves per post, so posts are compared by views."
        return views
      }
      return nil
    }
    // The count itself is the platform's denominator (reach as the goal): per post.
    if numerator != nil && numerator == basis.metric { return perPost(numerator, platform: platform) }
    let rate = Outcome.rate(numerator, by: basis)
    // Counted in place: a million posts need no entries built just to be counted.
    var rated = 0
    for (count, denominator) in zip(counts, table.denominators(basis))
    where count != PostTable.missing && denominator != PostTable.missing && denominator > 0 {
      rated += 1
    }
    if rated >= needed && rated * 2 >= withCount { return rate }
    var outcome = perPost(numerator, platform: platform)
    outcome.note =
      "No rate: your export has no \(basis.rawValue) per post\(rated > 0 ? " for most posts" : ""), so posts are compared by \(outcome.label)."
    return outcome
  }

  /// One entry per row of `table`: the outcome's value (in `rate`) where the row has it.
  func entries(_ table: PostTable) -> [RateEntry] {
    let counts = table.counts(numerator)
    guard let basis else {
      return counts.map { count in
        count == PostTable.missing ? .unrated : RateEntry(rate: Double(count), engagements: count, denominator: 1)
      }
    }
    if numerator == nil { return RateEntry.entries(table, basis: basis) }
    return zip(counts, table.denominators(basis)).map { count, denominator in
      count != PostTable.missing && denominator != PostTable.missing && denominator > 0
        ? RateEntry(rate: Double(count) / Double(denominator), engagements: count, denominator: denominator)
        : .unrated
    }
  }

  /// Formats one value: a percent for a rate; a count otherwise, with one decimal only below 100 and only
  /// when it has one (a median of two counts).
  public func format(_ value: Double?) -> String {
    guard let value, value.isFinite else { return "–" }
    if isRate { return NumberText.percent(value) }
    if value >= 100 || value == value.rounded() {
      // Counts come from imported numbers: no trap on a value beyond Int.
      return Int(exactly: value.rounded()).map { NumberText.count($0) } ?? String(format: "%.3g", value)
    }
    return NumberText.decimal(value)
  }

  /// "posts with a rate", "posts with likes": what a post needs to count in the figures.
  public var postsWithValue: String {
    isRate ? "posts with a rate" : "posts with " + (label.hasSuffix(" per post") ? String(label.dropLast(9)) : label)
  }
}

extension PostTable {
  /// Row by row, `metric`'s count (`missing` where absent); nil: engagements.
  func counts(_ metric: Metric?) -> [Int64] {
    switch metric {
    case nil: return engagements
    case .reach?: return reach
    case .views?: return views
    case .impressions?: return impressions
    case let metric?:
      guard !metrics.isEmpty else { return [Int64](repeating: Self.missing, count: count) }
      return metrics.map { $0[metric] ?? Self.missing }
    }
  }
}
