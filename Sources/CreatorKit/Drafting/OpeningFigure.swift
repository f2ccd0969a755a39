import Foundation

/// How the creator's posts that open in one pattern did against their other posts.
public struct OpeningFigure: Sendable, Equatable, Codable {
  public var pattern: OpeningPattern
  /// Posts with a rate that open this way.
  public var posts: Int
  /// Posts with a rate that open otherwise.
  public var others: Int
  /// Their median outcome over the median of the posts that open otherwise; nil when either side has
  /// fewer than `fewestToTell` posts.
  public var lift: Double?

  /// Posts each side needs before a median says anything about an opening.
  public static let fewestToTell = 5

  /// The figures for every pattern found in `rated` (caption, outcome), most posts first.
  static func figures(_ rated: [(caption: String, rate: Double)]) -> [OpeningFigure] {
    var byPattern: [OpeningPattern: [Double]] = [:]
    var patterns: [OpeningPattern] = []
    for (caption, rate) in rated where !caption.isEmpty {
      patterns.append(OpeningPattern.of(caption))
      byPattern[patterns.last!, default: []].append(rate)
    }
    return byPattern.map { pattern, rates in
      let others = zip(patterns, rated.filter { !$0.caption.isEmpty }).filter { $0.0 != pattern }.map(\.1.rate)
      var lift: Double?
      if rates.count >= fewestToTell, others.count >= fewestToTell, let mine = Statistics.median(rates),
        let theirs = Statistics.median(others), theirs > 0
      {
        lift = mine / theirs
      }
      return OpeningFigure(pattern: pattern, posts: rates.count, others: others.count, lift: lift)
    }
    .sorted { $0.posts != $1.posts ? $0.posts > $1.posts : $0.pattern.rawValue < $1.pattern.rawValue }
  }

  /// Why a draft opens this way, in plain words from the numbers, or that there are too few posts to tell.
  func reason(outcome: String) -> String {
    guard let lift else {
      if posts == 0 {
        return "none of your posts open with \(pattern.phrase) yet: not enough posts to tell how it does"
      }
      if posts < Self.fewestToTell {
        return "only \(posts) of your posts open with \(pattern.phrase): not enough posts to tell how it does"
      }
      if others == 0 {
        return "all \(posts) of your posts open with \(pattern.phrase): no other opening to compare it with"
      }
      return "\(posts) of your posts open with \(pattern.phrase) but only \(others) open otherwise: not enough to"
        + " compare them"
    }
    let times = String(format: "%.2fx", lift)
    return "your \(posts) posts that open with \(pattern.phrase) had \(times) the median \(outcome) of your \(others)"
      + " others" + (lift < 1 ? ", so it comes last" : "")
  }
}
