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
  /// A 95% interval for the lift: a percentile bootstrap (1,000 resamples, fixed seed) while both groups
  /// have fewer than `largeGroup` posts; beyond that, from the order-statistic intervals of the two
  /// medians combined on the log scale, which costs a sort instead of a thousand.
  public var liftLow: Double
  public var liftHigh: Double
  public var intervalMethod: String

  /// True when a group was larger than `maximumGroup` and its median and interval come from a seeded
  /// random sample of that many posts.
  public var sampled: Bool

  public static let minimumPosts = 3
  /// The most-used tags get a figure; the rest are too rare to matter or too many to show.
  public static let maximumTags = 100
  public static let maximumGroup = 5000
  public static let largeGroup = 200

  /// The most-used tags on at least `minimumPosts` posts with a rate, best lift first.
  public static func figures(_ posts: [PostSample], basis: RateBasis) -> [HashtagFigure] {
    // (index into posts, rate): posts are not copied, only looked at.
    let rated = posts.indices.compactMap { index in posts[index].rate(by: basis).map { (index, $0) } }
    var byTag: [String: [Int]] = [:]
    for (position, (index, _)) in rated.enumerated() {
      for tag in posts[index].hashtags { byTag[tag, default: []].append(position) }
    }
    let candidates = byTag.filter { $0.value.count >= minimumPosts && $0.value.count < rated.count }
      .sorted { ($0.value.count, $1.key) > ($1.value.count, $0.key) }.prefix(maximumTags)
    let ratio: ([[Double]]) -> Double? = { groups in
      guard let with = Statistics.median(groups[0]), let without = Statistics.median(groups[1]), without > 0
      else { return nil }
      return with / without
    }
    var random = SplitMix64(seed: 0x7A65)
    return candidates.compactMap { tag, members -> HashtagFigure? in
      let withoutCount = rated.count - members.count
      var sampled = false
      var with: [Double]
      if members.count > maximumGroup {
        sampled = true
        with = (0..<maximumGroup).map { _ in rated[members[Int(random.next() % UInt64(members.count))]].1 }
      } else {
        with = members.map { rated[$0].1 }
      }
      var without: [Double] = []
      if withoutCount > maximumGroup {
        // Draw posts at random and keep those without the tag: no pass over every post per tag.
        sampled = true
        without.reserveCapacity(maximumGroup)
        while without.count < maximumGroup {
          let (index, rate) = rated[Int(random.next() % UInt64(rated.count))]
          if !posts[index].hashtags.contains(tag) { without.append(rate) }
        }
      } else {
        let memberSet = Set(members)
        without = rated.indices.filter { !memberSet.contains($0) }.map { rated[$0].1 }
      }
      guard let lift = ratio([with, without]), let withMedian = Statistics.median(with),
        let withoutMedian = Statistics.median(without)
      else { return nil }
      let large = with.count >= largeGroup && without.count >= largeGroup
      guard
        let interval = large
          ? Statistics.medianRatioInterval(with, without)
          : Statistics.bootstrapInterval([with, without], statistic: ratio)
      else { return nil }
      return HashtagFigure(
        tag: tag, n: members.count, medianRateWith: withMedian, medianRateWithout: withoutMedian, lift: lift,
        liftLow: interval.low, liftHigh: interval.high, intervalMethod: large ? "order statistics" : "bootstrap",
        sampled: sampled)
    }.sorted { ($0.lift, $1.tag) > ($1.lift, $0.tag) }
  }
}
