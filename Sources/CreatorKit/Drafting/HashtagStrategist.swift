import Foundation

/// How much the creator's own data backs a suggested tag.
public enum HashtagTier: String, Sendable, Codable, CaseIterable {
  /// Posts with it did better than the account's median: lift above 1 on at least three posts.
  case proven
  /// Trending in the creator's posts this week, or rising over the weeks.
  case rising
  /// From the model, the brief or co-occurrence: no evidence yet.
  case new
}

/// One suggested tag and the evidence for it.
public struct SuggestedTag: Sendable, Equatable, Codable {
  public var tag: String
  public var tier: HashtagTier
  public var evidence: String
  public var lift: Double?
  public var n: Int?
}

/// A hashtag set for one post on one platform, within the platform's cap.
public struct HashtagStrategy: Sendable, Equatable, Codable {
  public var platform: Platform
  /// The platform's hard cap, when it has one.
  public var limit: Int?
  public var tags: [SuggestedTag]
  /// Tags left out, with why: banned or spam, in the brief's `avoid`, or past the cap.
  public var removed: [RemovedTag]
  /// `built-in`, or the model's name.
  public var engine: String
  public var rulesUpdated: String
  public var notes: [String]

  public struct RemovedTag: Sendable, Equatable, Codable {
    public var tag: String
    public var reason: String
  }

  /// The tags as a caption writes them.
  public var line: String { tags.map { "#" + $0.tag }.joined(separator: " ") }
}

/// Builds hashtag sets from the creator's data, tiered proven / rising / new, each tag with its evidence,
/// banned and avoided tags filtered out, capped by the platform's rule. A model, when given, proposes tags;
/// their tier and evidence still come from the data, never from the model.
public struct HashtagStrategist: Sendable {
  public var rules: PlatformRules
  public var banned: BannedHashtags
  public var context: CreatorContext

  public init(rules: PlatformRules, banned: BannedHashtags, context: CreatorContext) {
    self.rules = rules
    self.banned = banned
    self.context = context
  }

  /// Lower case, NFC, without `#` or surrounding space.
  static func normalized(_ tag: String) -> String {
    var text = tag.trimmingCharacters(in: .whitespaces)
    while text.hasPrefix("#") || text.hasPrefix("＃") { text.removeFirst() }
    return text.precomposedStringWithCanonicalMapping.lowercased()
  }

  /// The data-driven set: the built-in engine.
  public func strategy(for brief: PostBrief, platform: Platform) -> HashtagStrategy {
    assemble(candidates(for: brief), brief: brief, platform: platform, engine: "built-in")
  }

  /// A set proposed by `client`'s model from the creator's data and the brief, tiered by the data. Fills up
  /// from the data-driven ranking when the model proposes too few usable tags.
  public func strategy(for brief: PostBrief, platform: Platform, client: ModelClient, mode: DraftMode = .instant)
    async throws -> HashtagStrategy
  {
    let rule = rules.rule(for: platform)
    let count = rule.suggestedHashtags
    let schema = ResponseSchema(
      name: "hashtags",
      schema: [
        "type": "object", "required": ["tags"],
        "properties": [
          "tags": [
            "type": "array", "maxItems": .int(Int64(count + 3)),
            "items": [
              "type": "object", "required": ["tag", "why"],
              "properties": [
                "tag": ["type": "string", "maxLength": 40], "why": ["type": "string", "maxLength": 140],
              ],
            ],
          ]
        ],
      ])
    let candidates = candidates(for: brief)
    let prompt = """
      Suggest \(count) hashtags for this \(platform.rawValue) post. Prefer tags the creator's data backs \
      (listed below), add at most \(max(1, count / 3)) new ones that fit the topic. No spam or \
      engagement-bait tags. Answer with JSON: {"tags": [{"tag": "...", "why": "..."}]}.

      \(DraftPrompt.brief(brief))

      Candidates from the creator's data: \(candidates.prefix(15).map { "#\($0.tag) (\($0.tier.rawValue): \($0.evidence))" }.joined(separator: "; "))
      """
    var request = ModelRequest(
      messages: [.system(DraftPrompt.system), .user(context.prompt() + "\n\n" + prompt)],
      options: ModelOptions(temperature: 0.4, maxTokens: 400, schema: schema), stream: false)
    if mode == .thinking, client.model.capabilities.contains(.reasoning) { request.options.reasoningEffort = .medium }
    let (value, _) = try await client.respondJSON(to: request)
    let known = Dictionary(candidates.map { ($0.tag, $0) }, uniquingKeysWith: { first, _ in first })
    var proposed: [SuggestedTag] = []
    for item in value["tags"]?.arrayValue ?? [] {
      let tag = Self.normalized(item["tag"]?.stringValue ?? "")
      guard !tag.isEmpty, CaptionEntities.hashtags(in: "#" + tag) == [tag] else { continue }
      if let backed = known[tag], backed.tier != .new {
        proposed.append(backed)
      } else {
        let why = (item["why"]?.stringValue ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        proposed.append(
          SuggestedTag(
            tag: tag, tier: .new,
            evidence: "suggested by the model\(why.isEmpty ? "" : ": \(why)"); unproven in your data",
            lift: nil, n: nil))
      }
    }
    var strategy = assemble(proposed + candidates, brief: brief, platform: platform, engine: client.model.name)
    strategy.removed.removeAll { removed in
      candidates.contains { $0.tag == removed.tag } && removed.reason == "past the cap"
    }
    return strategy
  }

  /// Every tag the data offers for this brief, relevant ones first within each tier.
  func candidates(for brief: PostBrief) -> [SuggestedTag] {
    let words = Self.words(in: ([brief.topic, brief.notes] + brief.include).joined(separator: " "))
    func relevant(_ tag: String) -> Bool {
      words.contains { word in tag.contains(word) || (word.count >= 4 && word.contains(tag)) }
    }
    func figureEvidence(_ figure: HashtagFigure) -> String {
      "posts with it: \(String(format: "%.2f", figure.lift))x the median rate by \(context.basis.rawValue) (n = \(figure.n), 95% \(String(format: "%.2f", figure.liftLow))-\(String(format: "%.2f", figure.liftHigh)))"
    }
    let proven = context.provenTags.map { figure in
      SuggestedTag(tag: figure.tag, tier: .proven, evidence: figureEvidence(figure), lift: figure.lift, n: figure.n)
    }
    let promising = context.promisingTags.map { figure in
      SuggestedTag(
        tag: figure.tag, tier: .new,
        evidence: figureEvidence(figure) + "; promising, not proven: the interval includes 1",
        lift: figure.lift, n: figure.n)
    }
    let trending = context.trendingTags.map { tag in
      SuggestedTag(
        tag: tag.tag, tier: .rising,
        evidence:
          "trending in your posts this week: \(tag.count) posts vs \(String(format: "%.1f", tag.expected)) expected (lift \(String(format: "%.1f", tag.lift)), z \(String(format: "%.1f", tag.z)))",
        lift: tag.lift, n: tag.count)
    }
    let rising = context.risingTags.map { tag in
      SuggestedTag(
        tag: tag.tag, tier: .rising,
        evidence:
          "rising over \(tag.weeks) weeks (Mann-Kendall \(tag.test.pText), Sen slope +\(String(format: "%.2f", tag.test.senSlope)) posts/week)",
        lift: nil, n: tag.series.reduce(0, +))
    }
    let fromBrief = brief.include.map(Self.normalized).filter { CaptionEntities.hashtags(in: "#" + $0) == [$0] }
    let new = (fromBrief + context.companionTags).map { tag in
      let used = context.companionUse[tag] ?? 0
      let evidence =
        fromBrief.contains(tag)
        ? "from the brief's include list; unproven in your data"
        : used >= context.posts - 2
          ? "on \(used) of your \(context.posts) posts: too few posts without it to measure a lift"
          : "used with your proven tags on \(used) post\(used == 1 ? "" : "s"): too few to judge; unproven"
      return SuggestedTag(tag: tag, tier: .new, evidence: evidence, lift: nil, n: used == 0 ? nil : used)
    }
    func ordered(_ tags: [SuggestedTag]) -> [SuggestedTag] {
      tags.filter { relevant($0.tag) } + tags.filter { !relevant($0.tag) }
    }
    return ordered(proven) + ordered(trending + rising) + ordered(promising + new)
  }

  /// Picks up to the suggested count from `ranked` (proven first, a rising and a new slot kept when there
  /// are such tags), dropping banned, avoided and duplicate tags.
  func assemble(_ ranked: [SuggestedTag], brief: PostBrief, platform: Platform, engine: String) -> HashtagStrategy {
    let rule = rules.rule(for: platform)
    let count = min(rule.suggestedHashtags, rule.hashtagLimit ?? .max)
    let avoid = Set(brief.avoid.map(Self.normalized))
    let weak = Dictionary(context.weakTags.map { ($0.tag, $0) }, uniquingKeysWith: { first, _ in first })
    var removed: [HashtagStrategy.RemovedTag] = []
    var seen = Set<String>()
    var usable: [SuggestedTag] = []
    for tag in ranked where seen.insert(tag.tag).inserted {
      if banned.contains(tag.tag) {
        removed.append(.init(tag: tag.tag, reason: "on the banned and spam list"))
      } else if let figure = weak[tag.tag], tag.tier != .rising {
        removed.append(
          .init(
            tag: tag.tag,
            reason: "did no better in your data (\(String(format: "%.2f", figure.lift))x, n = \(figure.n))"))
      } else if avoid.contains(where: { tag.tag.contains($0) }) {
        removed.append(.init(tag: tag.tag, reason: "matches the brief's avoid list"))
      } else {
        usable.append(tag)
      }
    }
    var chosen: [SuggestedTag] = []
    var reserved: [HashtagTier: Int] = [:]
    if count >= 3 {
      if usable.contains(where: { $0.tier == .rising }) { reserved[.rising] = 1 }
      if usable.contains(where: { $0.tier == .new }) { reserved[.new] = 1 }
    }
    let provenSlots = count - reserved.values.reduce(0, +)
    chosen += usable.filter { $0.tier == .proven }.prefix(provenSlots)
    for tier in [HashtagTier.rising, .new] {
      chosen += usable.filter { $0.tier == tier && !chosen.contains($0) }.prefix(reserved[tier] ?? 0)
    }
    for tag in usable where chosen.count < count && !chosen.contains(tag) { chosen.append(tag) }
    for tag in usable where !chosen.contains(tag) { removed.append(.init(tag: tag.tag, reason: "past the cap")) }
    var notes: [String] = []
    if context.posts == 0 {
      notes.append("No posts from this account are in the store: no tag is proven yet. Import an export first.")
    } else if !chosen.contains(where: { $0.tier == .proven }) {
      notes.append("No tag has lift above 1 on at least 3 posts in your data yet.")
    }
    if let limit = rule.hashtagLimit { notes.append("\(platform.rawValue) allows at most \(limit) hashtags per post.") }
    return HashtagStrategy(
      platform: platform, limit: rule.hashtagLimit, tags: chosen, removed: removed, engine: engine,
      rulesUpdated: rules.updated, notes: notes)
  }

  /// Lower-case words of at least three letters.
  static func words(in text: String) -> Set<String> {
    let words = text.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
    var result = Set<String>()
    for word in words where word.count >= 3 {
      result.insert(word.hasSuffix("s") && word.count > 4 ? String(word.dropLast()) : word)
    }
    return result
  }
}
