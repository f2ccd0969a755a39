import CreatorKit
import Foundation

// Held-out check of the built-in hashtag advice (issue 13): fit on the older 80% of an account's posts, score
// the suggestions on the newest 20%, against as many tags drawn at random from the account's own tags.
//
//   .build/release/creator-bench advice 20                      twenty synthetic accounts
//   .build/release/creator-bench advice store.sqlite instagram demo.bakery
//
// A synthetic account: 600 posts over a year, four topics (loaf, cake, bun, cookie), twenty tags, each mostly
// on one topic's posts and with its own true effect (log-normal, sd 0.2) multiplying the post's engagement
// rate, plus log-normal noise (sd 0.4) per post. Then the planted check: a +30% and a -30% tag on thirty
// noisy accounts of 300 posts per platform shape.

/// Uniform and normal draws from the package's seeded generator, so every run draws the same accounts.
extension SplitMix64 {
  mutating func uniform() -> Double { Double(next() >> 11) / Double(1 << 53) }
  mutating func normal() -> Double { (-2 * log(max(uniform(), 1e-300))).squareRoot() * cos(2 * .pi * uniform()) }
}

func syntheticAccount(seed: UInt64, posts count: Int = 600) -> [PostSample] {
  var random = SplitMix64(seed: seed)
  let topics = ["loaf", "cake", "bun", "cookie"]
  let tags = (0..<20).map { "tag\($0)" }
  let effects = tags.map { _ in exp(0.2 * random.normal()) }
  let start = Date(timeIntervalSince1970: 1_767_225_600)
  return (0..<count).map { index in
    let topic = Int(random.next() % 4)
    var chosen: [String] = []
    var effect = 1.0
    for (number, tag) in tags.enumerated() where random.uniform() < (number % 4 == topic ? 0.4 : 0.05) {
      chosen.append(tag)
      effect *= effects[number]
    }
    let reach = 1000 * exp(0.3 * random.normal())
    let engagements = reach * 0.08 * effect * exp(0.4 * random.normal())
    let published = start.addingTimeInterval(365 * 86_400 * Double(index) / Double(count) + 3600 * 9)
    return PostSample(
      id: Int64(index + 1), platform: .instagram, account: "bench", key: "p\(index)", published: published,
      hasTimeOfDay: true, mediaKind: .image,
      caption: "Baking a \(topics[topic]) today. " + chosen.map { "#" + $0 }.joined(separator: " "), hashtags: chosen,
      metrics: MetricValues([.reach: Int64(reach.rounded()), .likes: Int64(engagements.rounded())]))
  }
}

/// The planted check: how often the +30% tag is proven and the -30% tag is kept out, per platform shape.
func plantedCheck(rules: PlatformRules, banned: BannedHashtags) {
  for platform in [Platform.instagram, .tiktok, .x, .youtube, .linkedin] {
    var proven = 0
    var keptOut = 0
    var suggested = 0
    let accounts = 30
    for seed in 1...accounts {
      var random = SplitMix64(seed: UInt64(seed) &* 7919)
      let posts = (0..<300).map { index -> PostSample in
        var tags = ["bakery"]
        var effect = 1.0
        if random.uniform() < 0.3 {
          tags.append("goldencrust")
          effect *= 1.3
        }
        if random.uniform() < 0.3 {
          tags.append("blurryshot")
          effect *= 0.7
        }
        for tag in ["kitchen", "homemade", "weekend", "oven"] where random.uniform() < 0.3 { tags.append(tag) }
        let value = effect * exp(0.35 * random.normal())
        let spread = exp(0.3 * random.normal())
        var metrics: [Metric: Int64]
        switch platform {
        case .tiktok: metrics = [.likes: Int64((500 * value).rounded())]
        case .x: metrics = [.likes: Int64((160 * value).rounded()), .shares: Int64((40 * value).rounded())]
        case .youtube: metrics = [.views: Int64((5000 * value).rounded())]
        case .linkedin:
          metrics = [.impressions: Int64((2000 * spread).rounded()), .likes: Int64((100 * spread * value).rounded())]
        default: metrics = [.reach: Int64((1000 * spread).rounded()), .likes: Int64((80 * spread * value).rounded())]
        }
        let crust = tags.contains("goldencrust") || tags.contains("blurryshot") ? " Look at that golden crust." : ""
        return PostSample(
          id: Int64(index + 1), platform: platform, account: "bench", key: "p\(index)",
          published: Date(timeIntervalSince1970: 1_767_225_600 + Double(index) * 86_400), hasTimeOfDay: true,
          mediaKind: .video, caption: "Baking today.\(crust) " + tags.map { "#" + $0 }.joined(separator: " "),
          hashtags: tags, metrics: MetricValues(metrics))
      }
      let context = CreatorContext(posts, platform: platform, account: "bench", timeZone: TimeZone(identifier: "UTC")!)
      if context.tagFigures.first(where: { $0.tag == "goldencrust" })?.verdict == .proven { proven += 1 }
      let strategy = HashtagStrategist(rules: rules, banned: banned, context: context).strategy(
        for: PostBrief(source: "bench", id: "b", platforms: [platform], topic: "Golden crust on a fresh loaf"),
        platform: platform)
      if strategy.tags.contains(where: { $0.tag == "goldencrust" }) { suggested += 1 }
      if !strategy.tags.contains(where: { $0.tag == "blurryshot" }) { keptOut += 1 }
    }
    print(
      "planted \(platform.displayName): +30% tag proven on \(proven)/\(accounts), suggested on \(suggested)/\(accounts);"
        + " -30% tag kept out on \(keptOut)/\(accounts)")
  }
}

func runAdviceBenchmark(_ arguments: [String]) throws {
  let rules = try PlatformRules.load(environment: [:])
  let banned = BannedHashtags.load(environment: [:])
  func line(_ name: String, _ evaluation: AdviceEvaluation) -> String {
    String(
      format: "%@: fit on %d posts, %d held out; %d suggestions scored (%d not: too rare in the held-out posts); "
        + "median held-out lift %@ vs random %@ (by %@)",
      name, evaluation.trainingPosts, evaluation.testPosts, evaluation.scored, evaluation.unscored,
      evaluation.engineMedianLift.map { String(format: "%.3f", $0) } ?? "–",
      evaluation.randomMedianLift.map { String(format: "%.3f", $0) } ?? "–", evaluation.outcome)
  }
  if let accounts = Int(arguments[2]) {
    var engine: [Double] = []
    var random: [Double] = []
    var wins = 0
    for seed in 1...max(1, accounts) {
      let evaluation = AdviceEvaluation(
        syntheticAccount(seed: UInt64(seed)), platform: .instagram, rules: rules, banned: banned)
      print(line("account \(seed)", evaluation))
      if let a = evaluation.engineMedianLift, let b = evaluation.randomMedianLift {
        engine.append(a)
        random.append(b)
        if a > b { wins += 1 }
      }
    }
    func median(_ values: [Double]) -> Double {
      let sorted = values.sorted()
      guard !sorted.isEmpty else { return .nan }
      return sorted.count % 2 == 1
        ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }
    print(
      String(
        format:
          "over %d accounts: median of the engine's held-out lifts %.3f, of random choices %.3f; engine above random on %d, above 1 on %d",
        engine.count, median(engine), median(random), wins, engine.filter { $0 > 1 }.count))
    plantedCheck(rules: rules, banned: banned)
  } else {
    guard arguments.count >= 4, let platform = Platform(rawValue: arguments[3]) else {
      print("usage: creator-bench advice ACCOUNTS | advice DATABASE PLATFORM [ACCOUNT]")
      exit(64)
    }
    let store = try PostStore(path: arguments[2])
    let posts = try store.samples(
      SampleQuery(platform: platform, account: arguments.count > 4 ? arguments[4] : nil, captions: true))
    print(line(arguments[2], AdviceEvaluation(posts, platform: platform, rules: rules, banned: banned)))
  }
}
