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
  /// The smallest lift worth acting on: posts with a tag must do at least 10% better for it to be called
  /// proven. A 4% lift on 100,000 posts is real and practically nothing.
  public static let practicalLift = 1.1

  /// What the figure supports, in one word a creator can act on.
  public enum Verdict: String, Sendable, Codable {
    /// Lift of at least `practicalLift` and the whole interval above 1.
    case proven
    /// Lift of at least 1 but not proven: at least as good as the creator's other posts, no clear effect.
    case noClearEffect = "no clear effect"
    /// Lift below 1, the interval still includes 1: did no better.
    case noBetter = "did no better"
    /// The whole interval below 1.
    case worse = "did worse"
  }

  public var verdict: Verdict {
    if lift >= Self.practicalLift && liftLow > 1 { return .proven }
    if liftHigh < 1 { return .worse }
    return lift >= 1 ? .noClearEffect : .noBetter
  }

  /// Posts with the tag did at least as well as the others: the least a suggestion needs.
  public var atLeastAsGood: Bool { verdict == .proven || verdict == .noClearEffect }

  /// "1.40x, 95% 1.12–1.71, n = 44".
  public var liftText: String {
    String(format: "%.2fx, 95%% %.2f–%.2f, n = %d", lift, liftLow, liftHigh, n)
  }

  /// "95% 1.12–1.71, n = 44".
  public var intervalText: String { String(format: "95%% %.2f–%.2f, n = %d", liftLow, liftHigh, n) }

  /// The lift with two decimals: "1.40".
  public var lift2: String { String(format: "%.2f", lift) }
  /// The most-used tags get a figure; the rest are too rare to matter or too many to show.
  public static let maximumTags = 100
  public static let maximumGroup = 5000
  public static let largeGroup = 200

  /// Tags on so many of the rows that fewer than `minimumPosts` are without them: no comparison is possible
  /// ("always used"), by name, with the rows using each.
  static func alwaysUsed(_ table: PostTable) -> [(tag: String, posts: Int)] {
    var use = [Int](repeating: 0, count: table.tagNames.count)
    // The last row each tag was counted on: a tag twice in one caption counts once, with no set per row.
    var last = [Int](repeating: -1, count: table.tagNames.count)
    for row in 0..<table.count {
      for link in table.tagRange(of: row) {
        let id = Int(table.tagIDs[link])
        if last[id] != row {
          last[id] = row
          use[id] += 1
        }
      }
    }
    return use.indices.filter { use[$0] > 0 && table.count - use[$0] < minimumPosts }
      .map { (table.tagName(Int32($0)), use[$0]) }.sorted { $0.tag < $1.tag }
  }

  /// The most-used tags on at least `minimumPosts` posts with a rate, best lift first.
  static func figures(_ table: PostTable, rates: [RateEntry]) -> [HashtagFigure] {
    let rated = RateEntry.rated(rates)
    // Rated posts by tag id: counted first, then listed (positions in `rated`) for the candidates only.
    var counts = [Int](repeating: 0, count: table.tagNames.count)
    let tagIDs = table.tagIDs
    for row in rated.rows { for link in table.tagRange(of: row) { counts[Int(tagIDs[link])] += 1 } }
    let candidates = counts.indices.filter { counts[$0] >= minimumPosts && counts[$0] < rated.rows.count }
      .map { (id: Int32($0), name: table.tagName(Int32($0)), count: counts[$0]) }
      .sorted { ($0.count, $1.name) > ($1.count, $0.name) }.prefix(maximumTags)
    var slots = [Int](repeating: -1, count: table.tagNames.count)
    for (slot, candidate) in candidates.enumerated() { slots[Int(candidate.id)] = slot }
    var members = candidates.map { candidate in
      var list: [Int] = []
      list.reserveCapacity(candidate.count)
      return list
    }
    for (position, row) in rated.rows.enumerated() {
      for link in table.tagRange(of: row) where slots[Int(tagIDs[link])] >= 0 {
        members[slots[Int(tagIDs[link])]].append(position)
      }
    }
    let ratio: ([[Double]]) -> Double? = { groups in
      guard let with = Statistics.median(groups[0]), let without = Statistics.median(groups[1]), without > 0
      else { return nil }
      return with / without
    }
    var random = SplitMix64(seed: 0x7A65)
    return zip(candidates, members).compactMap { candidate, members -> HashtagFigure? in
      let withoutCount = rated.rows.count - members.count
      var sampled = false
      var with: [Double]
      if members.count > maximumGroup {
        sampled = true
        with = (0..<maximumGroup).map { _ in rated.rates[members[Int(random.next() % UInt64(members.count))]] }
      } else {
        with = members.map { rated.rates[$0] }
      }
      var without: [Double] = []
      if withoutCount > maximumGroup {
        // Draw posts at random and keep those without the tag: no pass over every post per tag.
        sampled = true
        without.reserveCapacity(maximumGroup)
        while without.count < maximumGroup {
          let position = Int(random.next() % UInt64(rated.rows.count))
          if !table.tagRange(of: rated.rows[position]).contains(where: { tagIDs[$0] == candidate.id }) {
            without.append(rated.rates[position])
          }
        }
      } else {
        let memberSet = Set(members)
        without = rated.rates.indices.filter { !memberSet.contains($0) }.map { rated.rates[$0] }
      }
      guard let withMedian = Statistics.median(with), let withoutMedian = Statistics.median(without),
        withoutMedian > 0
      else { return nil }
      let lift = withMedian / withoutMedian
      let large = with.count >= largeGroup && without.count >= largeGroup
      guard
        let interval = large
          ? Statistics.medianRatioInterval(with, without, medians: (withMedian, withoutMedian))
          : Statistics.bootstrapInterval([with, without], statistic: ratio)
      else { return nil }
      return HashtagFigure(
        tag: candidate.name, n: members.count, medianRateWith: withMedian, medianRateWithout: withoutMedian, lift: lift,
        liftLow: interval.low, liftHigh: interval.high, intervalMethod: large ? "order statistics" : "bootstrap",
        sampled: sampled)
    }.sorted { ($0.lift, $1.tag) > ($1.lift, $0.tag) }
  }
}
