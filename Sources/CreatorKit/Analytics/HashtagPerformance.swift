import Foundation

/// How posts with a hashtag did against posts without it.
public struct HashtagFigure: Sendable, Equatable, Codable {
  public var tag: String
  /// Posts with the tag and a rate.
  public var n: Int
  public var medianRateWith: Double
  public var medianRateWithout: Double
  /// medianRateWith / medianRateWithout: 1.3 means posts with the tag did 30% better.
  public var lift: Double
  /// A 95% percentile bootstrap interval for the lift (1,000 resamples, fixed seed).
  public var liftLow: Double
  public var liftHigh: Double

  public static let minimumPosts = 3

  /// Every tag on at least `minimumPosts` posts with a rate, best lift first.
  public static func figures(_ posts: [PostSample], basis: RateBasis) -> [HashtagFigure] {
    let rated = posts.compactMap { post in post.rate(by: basis).map { (post, $0) } }
    var byTag: [String: [Int]] = [:]
    for (index, (post, _)) in rated.enumerated() {
      for tag in post.hashtags { byTag[tag, default: []].append(index) }
    }
    let ratio: ([[Double]]) -> Double? = { groups in
      guard let with = Statistics.median(groups[0]), let without = Statistics.median(groups[1]), without > 0
      else { return nil }
      return with / without
    }
    return byTag.compactMap { tag, members -> HashtagFigure? in
      guard members.count >= minimumPosts, members.count < rated.count else { return nil }
      let memberSet = Set(members)
      let with = members.map { rated[$0].1 }
      let without = rated.indices.filter { !memberSet.contains($0) }.map { rated[$0].1 }
      guard let lift = ratio([with, without]), let withMedian = Statistics.median(with),
        let withoutMedian = Statistics.median(without),
        let interval = Statistics.bootstrapInterval([with, without], statistic: ratio)
      else { return nil }
      return HashtagFigure(
        tag: tag, n: with.count, medianRateWith: withMedian, medianRateWithout: withoutMedian, lift: lift,
        liftLow: interval.low, liftHigh: interval.high)
    }.sorted { ($0.lift, $1.tag) > ($1.lift, $0.tag) }
  }
}
