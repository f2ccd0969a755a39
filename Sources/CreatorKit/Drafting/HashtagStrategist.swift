import Foundation

/// How much the creator's own data backs a suggested tag.
public enum HashtagTier: String, Sendable, Codable, CaseIterable {
  /// Posts with it did at least `HashtagFigure.practicalLift` times as well as the others, the whole
  /// interval above 1.
  case proven
  /// Posts with it did at least as well as the others (lift of 1 or more), but not by a clear margin.
  case unclear = "no_clear_effect"
  /// On (nearly) every post: too few posts without it, so no comparison is possible.
  case alwaysUsed = "always_used"
  /// From the brief, the model or the creator's captions, on too few posts to judge: no evidence yet.
  case new

  /// How text output names the tier.
  public var label: String {
    switch self {
    case .proven: "proven"
    case .unclear: "no clear effect"
    case .alwaysUsed: "always used"
    case .new: "new"
    }
  }

  /// Order within the same fit to the brief.
  var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }
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

  /// Every tag left out with its reason, in one line; nil when none was.
  static func leftOutLine(_ removed: [RemovedTag]) -> String? {
    guard !removed.isEmpty else { return nil }
    return "Left out: "
      + removed.map { ($0.tag.hasPrefix("#") ? $0.tag : "#" + $0.tag) + " (\($0.reason))" }.joined(separator: "; ")
  }
}

/// Builds hashtag sets from the creator's data: the brief's include list first, then tags that fit the
/// brief's topic by the creator's own captions, then by how their posts did; tiered proven / no clear effect
/// / always used / new, each with its evidence; banned, avoided and weak tags (posts with them did worse or
/// no better) left out with the reason; capped by the platform's rule. Usage trends are notes, never a
/// reason to suggest a tag. A model, when given, proposes tags;
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
  static func normalized(_ tag: String) -> String { CaptionEntities.normalizedTag(tag) }

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
      Suggest \(count) hashtags for this \(platform.displayName) post. Prefer tags the creator's data backs \
      (listed below), add at most \(max(1, count / 3)) new ones that fit the topic. No spam or \
      engagement-bait tags. Answer with JSON: {"tags": [{"tag": "...", "why": "..."}]}.

      \(DraftPrompt.brief(brief))

      Candidates from the creator's data: \(candidates.prefix(15).map { "#\($0.tag) (\($0.tier.label): \($0.evidence))" }.joined(separator: "; "))
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
      } else if weakReason(tag) != nil {
        // Left out with the data's reason by `assemble`.
        proposed.append(SuggestedTag(tag: tag, tier: .new, evidence: "", lift: nil, n: nil))
      } else if let (tier, evidence, figure) = judged(tag), tier != .new {
        // Known to the data though not a candidate for this brief: the data's tier and evidence.
        proposed.append(
          SuggestedTag(
            tag: tag, tier: tier, evidence: evidence + "; suggested by the model", lift: figure?.lift, n: figure?.n))
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

  /// The brief's topic and notes as words (what the creator's captions are searched for).
  static func briefWords(_ brief: PostBrief) -> Set<String> {
    TopicIndex.words(in: [brief.topic, brief.notes].joined(separator: " "))
  }

  /// What the data says of `tag`: its tier and evidence, or nil when posts with it did worse or no better
  /// (the reason is in `weakReason`).
  func judged(_ tag: String) -> (tier: HashtagTier, evidence: String, figure: HashtagFigure?)? {
    let label = context.outcome?.label ?? "result"
    if let figure = context.tagFigures.first(where: { $0.tag == tag }) {
      switch figure.verdict {
      case .proven:
        return (
          .proven, "posts with it: \(figure.lift2)x the median \(label) of your other posts (\(figure.intervalText))",
          figure
        )
      case .noClearEffect:
        return (
          .unclear,
          "posts with it: \(figure.lift2)x the median \(label) of your other posts (\(figure.intervalText)); no clear effect",
          figure
        )
      case .noBetter, .worse: return nil
      }
    }
    if context.alwaysUsedTags.contains(tag) {
      let used = context.companionUse[tag] ?? context.posts
      return (
        .alwaysUsed, "on \(used) of your \(context.posts) posts: always used, so no comparison is possible", nil
      )
    }
    return (.new, "", nil)
  }

  /// Why a tag whose posts did no better is left out, or nil when it is not such a tag.
  func weakReason(_ tag: String) -> String? {
    guard let figure = context.weakTags.first(where: { $0.tag == tag }) else { return nil }
    let label = context.outcome?.label ?? "result"
    return figure.verdict == .worse
      ? "did worse in your data: \(figure.lift2)x the median \(label) of your other posts (\(figure.intervalText))"
      : "did no better in your data: \(figure.lift2)x the median \(label) of your other posts (\(figure.intervalText))"
  }

  /// The brief's include list as tags, and the items that cannot be tags, with why.
  static func includedTags(_ brief: PostBrief) -> (tags: [String], invalid: [HashtagStrategy.RemovedTag]) {
    var tags: [String] = []
    var invalid: [HashtagStrategy.RemovedTag] = []
    for item in brief.include {
      let tag = normalized(item)
      if !tag.isEmpty, CaptionEntities.hashtags(in: "#" + tag) == [tag] {
        tags.append(tag)
      } else if item.trimmingCharacters(in: .whitespaces).hasPrefix("#") {
        let joined = tag.filter { $0.isLetter || $0.isNumber || $0 == "_" }
        invalid.append(
          .init(
            tag: item.trimmingCharacters(in: .whitespaces),
            reason: "not a valid hashtag: a tag is one word of letters, digits or _"
              + (joined.isEmpty ? "" : "; try #\(joined)")))
      }
    }
    return (tags, invalid)
  }

  /// Every tag the data offers for this brief, best first: the brief's include list, then tags that fit
  /// its topic and notes (by the creator's own captions), then by how their posts did. Tags that fit
  /// nothing in the brief come only when always used.
  func candidates(for brief: PostBrief) -> [SuggestedTag] {
    let words = Self.briefWords(brief)
    var result: [SuggestedTag] = []
    for tag in Self.includedTags(brief).tags {
      guard let (tier, evidence, figure) = judged(tag) else {
        // Did worse or no better: `assemble` leaves it out and says why.
        result.append(SuggestedTag(tag: tag, tier: .new, evidence: "", lift: nil, n: nil))
        continue
      }
      let used = context.companionUse[tag] ?? context.topics.tagPosts[tag] ?? 0
      let text =
        tier == .new
        ? "from the brief's include list; "
          + (used > 0 ? "on \(used) recent post\(used == 1 ? "" : "s"): too few to judge" : "unproven in your data")
        : evidence + "; from the brief's include list"
      result.append(SuggestedTag(tag: tag, tier: tier, evidence: text, lift: figure?.lift, n: figure?.n ?? used))
    }
    var pool = Set(context.tagFigures.filter(\.atLeastAsGood).map(\.tag))
    pool.formUnion(context.alwaysUsedTags)
    pool.formUnion(context.companionTags)
    let fitting = Dictionary(context.topics.fitting(words).map { ($0.tag, $0.fit) }, uniquingKeysWith: { a, _ in a })
    pool.formUnion(fitting.keys)
    var ranked: [(tag: SuggestedTag, fit: Double)] = []
    for tag in pool {
      guard let (tier, evidence, figure) = judged(tag) else { continue }
      let fit = fitting[tag] ?? context.topics.fit(tag, words: words)
      // A tag about something else does not belong on this post, however well it did there (`offTopicNote`);
      // one on every post is the account's own tag.
      guard fit != nil || tier == .alwaysUsed else { continue }
      var text = evidence
      if tier == .new {
        let used = context.companionUse[tag] ?? context.topics.tagPosts[tag] ?? 0
        text = "on \(used) post\(used == 1 ? "" : "s") of yours: too few to judge; unproven"
      }
      if let fit { text += "; fits the brief: \(fit.evidence)" }
      ranked.append(
        (SuggestedTag(tag: tag, tier: tier, evidence: text, lift: figure?.lift, n: figure?.n), fit?.score ?? 0))
    }
    ranked.sort { a, b in
      if (a.fit > 0) != (b.fit > 0) { return a.fit > 0 }
      if a.tag.tier != b.tag.tier { return a.tag.tier.rank < b.tag.tier.rank }
      if a.fit != b.fit { return a.fit > b.fit }
      if (a.tag.lift ?? 0) != (b.tag.lift ?? 0) { return (a.tag.lift ?? 0) > (b.tag.lift ?? 0) }
      return a.tag.tag < b.tag.tag
    }
    return result + ranked.map(\.tag)
  }

  /// Picks up to the suggested count from `ranked` in order, dropping banned, avoided, duplicate and weak
  /// tags (posts with them did worse or no better), each with its reason.
  func assemble(_ ranked: [SuggestedTag], brief: PostBrief, platform: Platform, engine: String) -> HashtagStrategy {
    let rule = rules.rule(for: platform)
    let count = min(rule.suggestedHashtags, rule.hashtagLimit ?? .max)
    let avoid = Set(brief.avoid.map(Self.normalized))
    let included = Self.includedTags(brief)
    var removed = included.invalid
    var seen = Set<String>()
    var chosen: [SuggestedTag] = []
    for tag in ranked where seen.insert(tag.tag).inserted {
      let fromBrief = included.tags.contains(tag.tag) ? "; the brief's include list asked for it" : ""
      if banned.contains(tag.tag) {
        removed.append(.init(tag: tag.tag, reason: "on the banned and spam list" + fromBrief))
      } else if avoid.contains(where: { tag.tag.contains($0) }) {
        removed.append(.init(tag: tag.tag, reason: "matches the brief's avoid list"))
      } else if let reason = weakReason(tag.tag) {
        removed.append(.init(tag: tag.tag, reason: reason + fromBrief))
      } else if chosen.count >= count {
        removed.append(.init(tag: tag.tag, reason: "past the cap"))
      } else {
        chosen.append(tag)
      }
    }
    var notes: [String] = []
    if context.posts == 0 {
      notes.append("No posts from this account are in the store: no tag is proven yet. Import an export first.")
    } else if context.outcome == nil {
      notes.append(
        "Your \(platform.displayName) export has no per-post numbers (likes, views, reach): no tag can be judged, only suggested."
      )
    } else if !chosen.contains(where: { $0.tier == .proven }) {
      notes.append(
        String(
          format: "No suggested tag is proven (lift of at least %.1f with the interval above 1 on at least %d posts).",
          HashtagFigure.practicalLift, HashtagFigure.minimumPosts))
    }
    if let note = context.outcome?.note { notes.append(note) }
    if brief.goal != .engagement, let outcome = context.outcome, outcome.note == nil {
      notes.append("Goal \(brief.goal.rawValue): tags are judged by \(outcome.label).")
    }
    if let note = offTopicNote(brief, chosen: chosen) { notes.append(note) }
    notes += usageNotes()
    if let limit = rule.hashtagLimit {
      notes.append("\(platform.displayName) allows at most \(limit) hashtags per post.")
    }
    return HashtagStrategy(
      platform: platform, limit: rule.hashtagLimit, tags: chosen, removed: removed, engine: engine,
      rulesUpdated: rules.updated, notes: notes)
  }

  /// Proven tags left out because nothing in the brief is about them, as information.
  func offTopicNote(_ brief: PostBrief, chosen: [SuggestedTag]) -> String? {
    let words = Self.briefWords(brief)
    let off = context.provenTags.filter { figure in
      !chosen.contains { $0.tag == figure.tag } && context.topics.fit(figure.tag, words: words) == nil
    }
    guard !off.isEmpty else { return nil }
    return "Proven in your posts but not about this brief's topic, so not suggested here: "
      + off.prefix(3).map { "#\($0.tag) (\($0.liftText))" }.joined(separator: ", ") + "."
  }

  /// Usage trends as information: which tags the creator used more lately, and what their posts' numbers
  /// say (never a suggestion by itself).
  func usageNotes() -> [String] {
    var lines: [String] = []
    var seen = Set<String>()
    let trends =
      context.trendingTags.map {
        ($0.tag, String(format: "%d posts this week against %.1f a week before", $0.count, $0.expected))
      } + context.risingTags.map { ($0.tag, "rising over \($0.weeks) weeks, \($0.test.pText)") }
    for (tag, how) in trends where seen.insert(tag).inserted && lines.count < 3 {
      let label = context.outcome?.label ?? "result"
      let outcome: String
      if let figure = context.tagFigures.first(where: { $0.tag == tag }) {
        switch figure.verdict {
        case .proven: outcome = "its posts did better (\(figure.liftText), against the median \(label))"
        case .noClearEffect: outcome = "its posts show no clear effect (\(figure.liftText))"
        case .noBetter: outcome = "its posts did no better (\(figure.liftText)), so it is not suggested"
        case .worse: outcome = "its posts did worse (\(figure.liftText)), so it is not suggested"
        }
      } else {
        outcome = "too few posts either way to say how they did"
      }
      lines.append("You have used #\(tag) more lately (\(how)); that is how often, not how well: \(outcome).")
    }
    return lines
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
