import Foundation

/// A post far from the account's typical rate: robust z = 0.6745 (rate - median) / MAD beyond 3.5.
public struct OutlierPost: Sendable, Equatable, Codable {
  public static let threshold = 3.5

  public var id: Int64
  public var key: String
  public var published: Date
  public var caption: String
  public var rate: Double
  public var robustZ: Double

  /// Posts whose rate is an outlier, highest |z| first; nil when fewer than 3 rated posts or no spread.
  static func find(_ table: PostTable, rates: [RateEntry]) -> [OutlierPost]? {
    let rated = RateEntry.rated(rates)
    guard rated.rows.count >= RateFigure.minimumPosts, let scores = Statistics.robustZScores(rated.rates) else {
      return nil
    }
    return scores.indices.filter { abs(scores[$0]) > threshold }.map { index in
      let row = rated.rows[index]
      return OutlierPost(
        id: table.ids[row], key: table.key(of: row), published: table.published[row], caption: table.caption(of: row),
        rate: rated.rates[index], robustZ: scores[index])
    }.sorted { abs($0.robustZ) > abs($1.robustZ) }
  }
}

/// Posts of one kind (reel, carousel, ...) side by side with the others.
public struct MediaKindFigure: Sendable, Equatable, Codable {
  public var kind: MediaKind
  public var posts: Int
  public var rate: RateFigure
  /// Median reach of the kind's posts that have it.
  public var medianReach: Double?
  public var medianViews: Double?

  static func figures(_ table: PostTable, rates: [RateEntry], basis: RateBasis) -> [MediaKindFigure] {
    // Rows by kind, a list per case: no hashing per row.
    let kinds = MediaKind.allCases
    var groups = Array(repeating: [Int](), count: kinds.count)
    for (row, kind) in table.kinds.enumerated() { groups[kind.index].append(row) }
    func median(_ column: [Int64], _ members: [Int]) -> Double? {
      Statistics.median(members.compactMap { column[$0] == PostTable.missing ? nil : Double(column[$0]) })
    }
    return zip(kinds, groups).filter { !$1.isEmpty }.map { kind, members in
      MediaKindFigure(
        kind: kind, posts: members.count, rate: RateFigure(entries: members.lazy.map { rates[$0] }, basis: basis),
        medianReach: median(table.reach, members), medianViews: median(table.views, members))
    }.sorted { ($0.posts, $1.kind.rawValue) > ($1.posts, $0.kind.rawValue) }
  }
}

/// Rates by caption length, in characters (Unicode code points).
public struct CaptionLengthFigure: Sendable, Equatable, Codable {
  /// Lower and upper bounds in characters (upper nil for the last, open bucket).
  public var from: Int
  public var to: Int?
  public var rate: RateFigure

  public static let bounds: [(Int, Int?)] = [(0, 50), (51, 150), (151, 300), (301, 1000), (1001, nil)]

  public var label: String { to.map { "\(from)–\($0)" } ?? "\(from)+" }

  static func figures(_ table: PostTable, rates: [RateEntry], basis: RateBasis) -> [CaptionLengthFigure] {
    // One pass, each post into its bucket.
    var buckets = Array(repeating: [Int](), count: bounds.count)
    for (row, length) in table.captionLengths.enumerated() {
      let length = Int(length)
      buckets[bounds.firstIndex { _, to in to.map { length <= $0 } ?? true } ?? bounds.count - 1].append(row)
    }
    return zip(bounds, buckets).map { bound, members in
      CaptionLengthFigure(
        from: bound.0, to: bound.1, rate: RateFigure(entries: members.lazy.map { rates[$0] }, basis: basis))
    }
  }
}

/// How often the creator posts, in posts per ISO week.
public struct Cadence: Sendable, Equatable, Codable {
  public var weeks: Int
  public var posts: Int
  public var meanPerWeek: Double
  public var medianPerWeek: Double
  /// The last four weeks' counts, oldest first.
  public var lastWeeks: [Int]

  public init(weeks figures: [WeekFigure]) {
    weeks = figures.count
    posts = figures.reduce(0) { $0 + $1.posts }
    meanPerWeek = figures.isEmpty ? 0 : Double(posts) / Double(figures.count)
    medianPerWeek = Statistics.median(figures.map { Double($0.posts) }) ?? 0
    lastWeeks = figures.suffix(4).map(\.posts)
  }
}

/// A published engagement-rate benchmark, with the method it was computed by: a rate is only ever
/// compared with one computed the same way (platforms-and-stats.md section 5).
public struct PublicBenchmark: Sendable, Equatable, Codable {
  /// How a benchmark sums up the per-post rates.
  public enum Aggregate: String, Sendable, Codable {
    case median = "median per post"
    case mean = "mean per post"
  }

  public var source: String
  public var method: String
  public var basis: RateBasis
  public var platform: Platform
  public var rate: Double

  /// Socialinsider publishes averages; Rival IQ and Buffer medians.
  public var aggregate: Aggregate { method.hasPrefix("average") ? .mean : .median }

  public static let all: [PublicBenchmark] = [
    .init(
      source: "Rival IQ 2023", method: "median per post, by followers", basis: .followers, platform: .instagram,
      rate: 0.0047),
    .init(
      source: "Rival IQ 2023", method: "median per post, by followers", basis: .followers, platform: .tiktok,
      rate: 0.0569),
    .init(
      source: "Rival IQ 2023", method: "median per post, by followers", basis: .followers, platform: .facebook,
      rate: 0.0006),
    .init(
      source: "Rival IQ 2023", method: "median per post, by followers", basis: .followers, platform: .x, rate: 0.00035),
    .init(
      source: "Socialinsider 2026", method: "average, by followers", basis: .followers, platform: .instagram,
      rate: 0.0048),
    .init(
      source: "Socialinsider 2026", method: "average, by followers", basis: .followers, platform: .tiktok, rate: 0.037),
    .init(
      source: "Socialinsider 2026", method: "average, by followers", basis: .followers, platform: .facebook,
      rate: 0.0015),
    .init(source: "Socialinsider 2026", method: "average, by followers", basis: .followers, platform: .x, rate: 0.0012),
    .init(source: "Buffer 2025", method: "by impressions", basis: .impressions, platform: .instagram, rate: 0.0116),
    .init(source: "Buffer 2025", method: "by impressions", basis: .impressions, platform: .tiktok, rate: 0.0486),
    .init(source: "Buffer 2025", method: "by impressions", basis: .impressions, platform: .facebook, rate: 0.0507),
    .init(source: "Buffer 2025", method: "by impressions", basis: .impressions, platform: .x, rate: 0.0231),
    .init(source: "Buffer 2025", method: "by impressions", basis: .impressions, platform: .linkedin, rate: 0.065),
    .init(source: "Buffer 2025", method: "by impressions", basis: .impressions, platform: .youtube, rate: 0.0441),
  ]

  /// The benchmarks computed the same way as a rate by `basis` on `platform`.
  public static func comparable(basis: RateBasis, platform: Platform?) -> [PublicBenchmark] {
    all.filter { $0.basis == basis && $0.platform == platform }
  }
}
