import Foundation

/// How well the built-in engine's hashtag advice holds up on posts it has not seen: the strategist is fit
/// on the older posts and its suggestions are scored on the newest ones, against a random choice of the
/// creator's own tags. Each newest post stands for a brief (its caption, hashtags taken out, is the topic);
/// a tag's score is its lift on the newest posts (median of those with it over those without).
package struct AdviceEvaluation: Sendable, Equatable, Codable {
  /// Posts the engine was fit on, and posts it was scored on.
  package var trainingPosts: Int
  package var testPosts: Int
  package var briefs: Int
  /// Suggestions that could be scored (the tag on at least `HashtagFigure.minimumPosts` newest posts and
  /// missing from as many), counted once per brief.
  package var scored: Int
  /// Suggestions that could not be scored.
  package var unscored: Int
  /// Median held-out lift of the engine's suggestions.
  package var engineMedianLift: Double?
  /// Median held-out lift of as many tags drawn at random from the creator's tags, over `draws` draws.
  package var randomMedianLift: Double?
  package var draws: Int
  /// What the posts were compared by.
  package var outcome: String

  /// Fits on the oldest `trainingShare` of `posts` (oldest first), scores on the rest, with up to
  /// `maximumBriefs` of the newest posts as briefs.
  package init(
    _ posts: [PostSample], platform: Platform, rules: PlatformRules, banned: BannedHashtags,
    trainingShare: Double = 0.8, maximumBriefs: Int = 60, draws: Int = 200, seed: UInt64 = 0xAD71CE
  ) {
    let cut = min(max(Int((Double(posts.count) * min(max(trainingShare, 0), 1)).rounded(.down)), 0), posts.count)
    let training = Array(posts[..<cut])
    let test = Array(posts[cut...])
    trainingPosts = training.count
    testPosts = test.count
    self.draws = draws
    let context = CreatorContext(training, platform: platform, account: nil, timeZone: TimeZone(identifier: "UTC")!)
    outcome = context.outcome?.label ?? "none"
    let strategist = HashtagStrategist(rules: rules, banned: banned, context: context)
    // Held-out lift of every tag on the newest posts, by the outcome the engine was fit with.
    let testTable = PostTable(test)
    let values = context.outcome?.entries(testTable).map(\.rate) ?? []
    var lifts: [String: Double] = [:]
    if !values.isEmpty {
      var members: [String: [Int]] = [:]
      for row in 0..<testTable.count {
        for tag in Set(testTable.hashtags(of: row)) { members[tag, default: []].append(row) }
      }
      for (tag, rows) in members {
        let inside = Set(rows)
        let with = rows.compactMap { values[$0] }
        let without = values.indices.filter { !inside.contains($0) }.compactMap { values[$0] }
        guard with.count >= HashtagFigure.minimumPosts, without.count >= HashtagFigure.minimumPosts,
          let a = Statistics.median(with), let b = Statistics.median(without), b > 0
        else { continue }
        lifts[tag] = a / b
      }
    }
    let step = max(1, test.count / max(1, maximumBriefs))
    let briefPosts = stride(from: 0, to: test.count, by: step).map { test[$0] }
    briefs = briefPosts.count
    let creatorsTags = Array(Set(training.flatMap(\.hashtags))).sorted()
    var engine: [Double] = []
    var counts: [Int] = []
    var missed = 0
    for post in briefPosts {
      let topic = post.caption.split(whereSeparator: \.isWhitespace).filter { !$0.hasPrefix("#") }.joined(
        separator: " ")
      let brief = PostBrief(
        source: "held-out post \(post.key)", id: post.key, platforms: [platform],
        topic: topic.isEmpty ? "post" : topic)
      let tags = strategist.strategy(for: brief, platform: platform).tags.map(\.tag)
      counts.append(tags.count)
      for tag in tags {
        if let lift = lifts[tag] { engine.append(lift) } else { missed += 1 }
      }
    }
    scored = engine.count
    unscored = missed
    engineMedianLift = Statistics.median(engine)
    var random = SplitMix64(seed: seed)
    var drawn: [Double] = []
    if !creatorsTags.isEmpty {
      for _ in 0..<draws {
        for count in counts {
          for _ in 0..<count {
            let tag = creatorsTags[Int(random.next() % UInt64(creatorsTags.count))]
            if let lift = lifts[tag] { drawn.append(lift) }
          }
        }
      }
    }
    randomMedianLift = Statistics.median(drawn)
  }
}
