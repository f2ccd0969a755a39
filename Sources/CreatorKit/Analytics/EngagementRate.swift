import Foundation

/// An engagement rate over a set of posts: the median of per-post rates (robust to one viral post) and
/// the pooled rate (all engagements over the whole denominator), with how many posts it rests on and how
/// many were left out for lack of the denominator.
public struct RateFigure: Sendable, Equatable, Codable {
  public var basis: RateBasis
  /// Posts with a rate.
  public var n: Int
  /// Posts in scope without the denominator (or without any engagement metric).
  public var leftOut: Int
  /// Of `leftOut`, the posts that have the denominator but no likes, comments, shares or saves (a YouTube
  /// Studio export with views only).
  public var leftOutWithoutEngagements: Int = 0
  public var median: Double?
  /// The mean of the per-post rates: only for comparing with a benchmark published as an average.
  public var mean: Double?
  public var pooled: Double?
  public var engagements: Int64
  public var denominator: Int64

  public static let minimumPosts = 3

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
