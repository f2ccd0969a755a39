import Foundation
import Mustache

/// One caption draft, checked against the platform's rules.
public struct CaptionDraft: Sendable, Equatable, Codable {
  public var text: String
  /// The angle it was written from (contemplate mode), or the built-in hook style.
  public var angle: String?
  /// 1 is the judge's favourite (contemplate mode).
  public var rank: Int?
  /// Why the judge ranked it so.
  public var reason: String?
  /// Rules it still breaks: a draft with any is never valid.
  public var violations: [RuleViolation]
  /// It broke a rule and was sent back (or trimmed) to fit.
  public var shortened: Bool

  public var isValid: Bool { violations.isEmpty }
}

/// Caption drafts for one post on one platform, with how they were made.
public struct CaptionResult: Sendable, Equatable, Codable {
  public var briefID: String
  public var source: String
  public var platform: Platform
  /// `built-in`, or the model's name.
  public var engine: String
  public var mode: DraftMode
  public var drafts: [CaptionDraft]
  public var plan: String?
  public var rulesUpdated: String
  /// What the drafts were grounded in, in one line.
  public var grounding: String
  public var notes: [String]
  /// Parts that failed while the drafts shown succeeded (a contemplate drafter, the judge); nil when none did.
  public var failures: [DraftFailure]?
}

/// Drafts captions: with a model in one of three modes, or with the built-in engine (a Mustache template
/// filled with the brief and the creator's data). Every draft is checked against the platform's rules; one
/// that breaks them goes back once to be shortened and is shown with the rule and overshoot if it still does.
public struct CaptionDrafter: Sendable {
  public var rules: PlatformRules
  public var context: CreatorContext
  public var strategist: HashtagStrategist
  /// The built-in engine's template (`templates/caption.mustache` unless the user passes another).
  public var template: String

  public init(rules: PlatformRules, context: CreatorContext, banned: BannedHashtags, template: String? = nil) {
    self.rules = rules
    self.context = context
    strategist = HashtagStrategist(rules: rules, banned: banned, context: context)
    self.template = template ?? DraftingResources.caption
  }

  var grounding: String {
    context.posts == 0
      ? "no posts from this account in the store: not grounded in your data"
      : "\(context.posts) \(context.platform.displayName) posts\(context.account.map { " of @" + $0 } ?? ""), "
        + (context.outcome.map { "compared by \($0.label)" } ?? "no per-post numbers in the export")
  }

  // MARK: Built-in engine

  /// Deterministic drafts from the template: a hook in the style the creator's top posts open with, the
  /// brief's notes, a call to action for the goal, the data-driven hashtags.
  public func builtIn(_ brief: PostBrief, platform: Platform, variants: Int = 1) throws -> CaptionResult {
    let template: MustacheTemplate
    do { template = try MustacheTemplate(string: self.template) } catch {
      throw BriefError(source: "caption template", message: TemplateProblem.describe(error))
    }
    let styles = (context.hookStyles + ["statement", "question", "exclamation", "emoji"]).reduce(into: [String]()) {
      if !$0.contains($1) { $0.append($1) }
    }
    let hashtags = strategist.strategy(for: brief, platform: platform)
    var drafts: [CaptionDraft] = []
    for index in 0..<max(1, variants) {
      let style = styles[index % styles.count]
      var sentences = Self.sentences(brief.notes)
      var tagLine = hashtags.line
      var shortened = false
      var text = render(template, brief: brief, platform: platform, style: style, body: sentences, tags: tagLine)
      // Trim to fit: drop the notes' last sentences, then hashtags, before giving up.
      while !rules.check(text, on: platform).filter({ !$0.rule.contains("hook") }).isEmpty {
        if !sentences.isEmpty {
          sentences.removeLast()
        } else if !tagLine.isEmpty {
          tagLine = tagLine.split(separator: " ").dropLast().joined(separator: " ")
        } else {
          break
        }
        shortened = true
        text = render(template, brief: brief, platform: platform, style: style, body: sentences, tags: tagLine)
      }
      drafts.append(
        CaptionDraft(
          text: text, angle: style, rank: nil, reason: nil, violations: rules.check(text, on: platform),
          shortened: shortened))
    }
    var notes = hashtags.notes
    if let left = HashtagStrategy.leftOutLine(hashtags.removed) { notes.append(left) }
    // A word the tag set left out (banned, avoided, did worse, not a valid tag) is never prompted for again.
    let dropped = Set(hashtags.removed.map { HashtagStrategist.normalized($0.tag) })
    let missing = brief.include.filter { word in
      !dropped.contains(HashtagStrategist.normalized(word)) && !drafts[0].text.localizedCaseInsensitiveContains(word)
    }
    if !missing.isEmpty {
      notes.append("Not in the draft yet: \(missing.joined(separator: ", ")) (from the brief's include list).")
    }
    return CaptionResult(
      briefID: brief.id, source: brief.source, platform: platform, engine: "built-in", mode: .instant, drafts: drafts,
      plan: nil, rulesUpdated: rules.updated, grounding: grounding, notes: notes)
  }

  private func render(
    _ template: MustacheTemplate, brief: PostBrief, platform: Platform, style: String, body: [String], tags: String
  ) -> String {
    let context: [String: Any] = [
      "hook": Self.hook(brief.topic, style: style), "body": body.joined(separator: " "),
      "callToAction": brief.callToAction.map(Self.sentence) ?? Self.callToAction(brief.goal, platform: platform),
      "link": platform == .instagram || platform == .tiktok ? "" : (brief.links.first ?? ""),
      "hashtagLine": tags, "topic": brief.topic, "goal": brief.goal.rawValue, "platform": platform.rawValue,
    ]
    let text = template.render(context)
    // Collapse the blank lines an empty section leaves.
    return text.replacingOccurrences(of: #"\n{3,}"#, with: "\n\n", options: .regularExpression)
      .trimmingCharacters(in: .whitespacesAndNewlines)
  }

  static func hook(_ topic: String, style: String) -> String {
    let base = topic.trimmingCharacters(in: .whitespacesAndNewlines.union(.punctuationCharacters))
    switch style {
    case "question": return "Guess what? \(base)."
    case "exclamation": return "\(base)!"
    case "emoji": return "✨ \(base)."
    case "number": return "1 thing to know today: \(base)."
    default: return "\(base)."
    }
  }

  static func callToAction(_ goal: PostGoal, platform: Platform) -> String {
    switch goal {
    case .engagement: "Tell me what you think below."
    case .reach, .shares: "Share this with someone who needs to see it."
    case .likes: "Double-tap if this made your day."
    case .follows: "Follow for more like this."
    case .clicks: platform == .instagram || platform == .tiktok ? "Tap the link in bio." : "More at the link."
    case .saves: "Save this post so you have it when you need it."
    case .comments: "Tell me in the comments: what would you add?"
    case .sales: platform == .instagram || platform == .tiktok ? "Tap the link in bio to order." : "Order at the link."
    }
  }

  /// The normalized tags a strategy left out for a reason other than the cap.
  static func dropped(_ strategy: HashtagStrategy) -> Set<String> {
    Set(strategy.removed.filter { $0.reason != "past the cap" }.map { HashtagStrategist.normalized($0.tag) })
  }

  /// `text` without the hashtags in `tags` (compared as `CaptionEntities` reads them), spaces tidied.
  static func removingHashtags(_ tags: Set<String>, from text: String) -> String {
    let lines = text.components(separatedBy: "\n").map { line in
      line.split(separator: " ", omittingEmptySubsequences: false).filter { word in
        let found = CaptionEntities.hashtags(in: String(word))
        return found.isEmpty || !found.allSatisfy(tags.contains) || !(word.hasPrefix("#") || word.hasPrefix("＃"))
      }.joined(separator: " ")
    }
    return lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
  }

  static func sentence(_ text: String) -> String {
    let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
    guard let last = trimmed.last else { return trimmed }
    return ".!?…".contains(last) ? trimmed : trimmed + "."
  }

  static func sentences(_ text: String) -> [String] {
    // Sentence ends: . ! ? … followed by white space, or a line break.
    var sentences: [String] = []
    var current = ""
    var previous: Character = " "
    for character in text {
      if character.isNewline || (character.isWhitespace && ".!?…".contains(previous)) {
        let trimmed = current.trimmingCharacters(in: .whitespacesAndNewlines)
        if !trimmed.isEmpty { sentences.append(trimmed) }
        current = ""
      } else {
        current.append(character)
      }
      previous = character
    }
    let trimmed = current.trimmingCharacters(in: .whitespacesAndNewlines)
    if !trimmed.isEmpty { sentences.append(trimmed) }
    return sentences
  }

  // MARK: With a model

  /// Drafts with `client`'s model in `mode`. Images in the brief are attached unless `images` is false; a
  /// model that cannot see is refused with a message that names `--no-images`.
  public func draft(
    _ brief: PostBrief, platform: Platform, client: ModelClient, mode: DraftMode = .instant, variants: Int = 1,
    images: Bool = true
  ) async throws -> CaptionResult {
    let attachments = images ? try loadImages(brief, model: client.model) : []
    let rule = rules.rule(for: platform)
    let tags = strategist.strategy(for: brief, platform: platform)
    let count = max(1, variants)
    // Tags the set left out (banned, avoided, did worse, invalid) are never asked for, and named as off limits.
    let dropped = Self.dropped(tags)
    var asked = brief
    asked.include = brief.include.filter { !dropped.contains(HashtagStrategist.normalized($0)) }
    let offLimits = dropped.sorted().map { "#" + $0 }.joined(separator: " ")
    let task = """
      \(DraftPrompt.brief(asked))

      \(DraftPrompt.rules(rule, platform: platform))
      Hashtags the data suggests (use those that fit, within the limit): \(tags.line.isEmpty ? "none" : tags.line)
      \(offLimits.isEmpty ? "" : "Never use these hashtags: \(offLimits)")
      \(attachments.isEmpty ? "" : "The attached image\(attachments.count > 1 ? "s show" : " shows") what the post will carry.")
      """
    var drafts: [CaptionDraft] = []
    var plan: String?
    var failures: [DraftFailure] = []
    switch mode {
    case .instant, .thinking:
      var prompt =
        task + "\n\nWrite \(count) different caption\(count > 1 ? "s" : "") for this \(platform.displayName) post."
      if mode == .thinking {
        prompt +=
          " First plan in a few lines: the hook, the one message, the call to action, what the creator's top posts"
          + " teach. Then write."
      }
      var properties: JSONObject = ["captions": Self.captionsSchema(count)]
      if mode == .thinking { properties[setting: "plan"] = ["type": "string", "maxLength": 1200] }
      var options = ModelOptions(
        temperature: 0.8, maxTokens: 400 * count + (mode == .thinking ? 600 : 0),
        schema: ResponseSchema(
          name: "captions",
          schema: [
            "type": "object", "required": mode == .thinking ? ["plan", "captions"] : ["captions"],
            "properties": .object(properties),
          ]))
      if mode == .thinking, client.model.capabilities.contains(.reasoning) { options.reasoningEffort = .medium }
      let (value, _) = try await client.respondJSON(to: request(prompt, images: attachments, options: options))
      plan = value["plan"]?.stringValue
      drafts = Self.captions(in: value).map {
        CaptionDraft(text: $0, angle: nil, rank: nil, reason: nil, violations: [], shortened: false)
      }
    case .contemplate:
      let angles = Array(DraftPrompt.angles.prefix(min(5, max(3, count))))
      // One drafter failing does not throw the others' drafts away: it is marked, and only when every drafter
      // fails is the run an error.
      let outcomes = try await withThrowingTaskGroup(of: (Int, Result<CaptionDraft, any Error>).self) { group in
        for (index, angle) in angles.enumerated() {
          group.addTask {
            let prompt =
              task + "\n\nWrite one caption for this \(platform.displayName) post. Angle: \(angle.instruction)"
            let options = ModelOptions(
              temperature: 0.9, maxTokens: 400, schema: ResponseSchema(name: "captions", schema: Self.wrapper(1)))
            do {
              let (value, _) = try await client.respondJSON(to: request(prompt, images: attachments, options: options))
              let text = Self.captions(in: value).first ?? ""
              return (
                index,
                .success(
                  CaptionDraft(text: text, angle: angle.name, rank: nil, reason: nil, violations: [], shortened: false))
              )
            } catch is CancellationError {
              throw CancellationError()
            } catch {
              return (index, .failure(error))
            }
          }
        }
        var results: [(Int, Result<CaptionDraft, any Error>)] = []
        for try await result in group { results.append(result) }
        return results.sorted { $0.0 < $1.0 }
      }
      for (index, outcome) in outcomes {
        switch outcome {
        case .success(let draft): if !draft.text.isEmpty { drafts.append(draft) }
        case .failure(let error):
          if outcomes.allSatisfy({ if case .failure = $0.1 { true } else { false } }) { throw error }
          failures.append(DraftFailure(part: "drafter '\(angles[index].name)'", error: error))
        }
      }
      do {
        drafts = try await judge(drafts, brief: brief, platform: platform, client: client)
      } catch is CancellationError {
        throw CancellationError()
      } catch {
        failures.append(
          DraftFailure(
            part: "judge", message: "\(error); the drafts are unranked", kind: (error as? ModelError)?.kind.rawValue))
      }
    }
    guard !drafts.isEmpty else {
      throw ModelError(.invalidStructuredOutput, "model '\(client.model.name)' returned no captions")
    }
    var checked: [CaptionDraft] = []
    for draft in drafts {
      checked.append(try await fit(draft, platform: platform, client: client))
    }
    checked = Array(checked.prefix(count))
    var notes = tags.notes
    if let left = HashtagStrategy.leftOutLine(tags.removed) { notes.append(left) }
    // A model may still write a left-out tag: it is taken out, and said.
    for index in checked.indices {
      let found = CaptionEntities.hashtags(in: checked[index].text).filter(dropped.contains)
      guard !found.isEmpty else { continue }
      checked[index].text = Self.removingHashtags(Set(found), from: checked[index].text)
      checked[index].violations = rules.check(checked[index].text, on: platform)
      notes.append(
        "Took \(found.map { "#" + $0 }.joined(separator: ", ")) out of draft \(index + 1): left out above, with the reason."
      )
    }
    return CaptionResult(
      briefID: brief.id, source: brief.source, platform: platform, engine: client.model.name, mode: mode,
      drafts: checked, plan: plan, rulesUpdated: rules.updated, grounding: grounding, notes: notes,
      failures: failures.isEmpty ? nil : failures)
  }

  private func request(_ prompt: String, images: [ImageAttachment], options: ModelOptions) -> ModelRequest {
    ModelRequest(
      messages: [.system(DraftPrompt.system), .user(context.prompt() + "\n\n" + prompt, images: images)],
      options: options, stream: false)
  }

  /// The judge ranks the drafts with reasons tied to the creator's data; drafts come back best first.
  private func judge(_ drafts: [CaptionDraft], brief: PostBrief, platform: Platform, client: ModelClient) async throws
    -> [CaptionDraft]
  {
    let listing = drafts.enumerated().map {
      "<draft number=\"\($0.offset + 1)\" angle=\"\($0.element.angle ?? "")\">\(DraftPrompt.fenced($0.element.text))</draft>"
    }
    .joined(separator: "\n")
    let prompt = """
      \(DraftPrompt.brief(brief))

      Rank these \(drafts.count) caption drafts for \(platform.displayName), best first, for the goal '\(brief.goal.rawValue)'. \
      Give each a one-sentence reason tied to the creator's data above (what their top posts, tags or best times show).
      \(listing)
      """
    let schema: JSONValue = [
      "type": "object", "required": ["ranking"],
      "properties": [
        "ranking": [
          "type": "array", "minItems": 1, "maxItems": .int(Int64(drafts.count)),
          "items": [
            "type": "object", "required": ["draft", "reason"],
            "properties": [
              "draft": ["type": "integer", "minimum": 1, "maximum": .int(Int64(drafts.count))],
              "reason": ["type": "string", "maxLength": 300],
            ],
          ],
        ]
      ],
    ]
    let (value, _) = try await client.respondJSON(
      to: request(
        prompt, images: [],
        options: ModelOptions(temperature: 0, maxTokens: 800, schema: ResponseSchema(name: "ranking", schema: schema))))
    var ranked: [CaptionDraft] = []
    for item in value["ranking"]?.arrayValue ?? [] {
      guard let number = item["draft"]?.intValue, (1...drafts.count).contains(number),
        !ranked.contains(where: { $0.angle == drafts[number - 1].angle && $0.text == drafts[number - 1].text })
      else { continue }
      var draft = drafts[number - 1]
      draft.rank = ranked.count + 1
      draft.reason = item["reason"]?.stringValue
      ranked.append(draft)
    }
    // Drafts the judge left out keep their order after the ranked ones, unranked.
    for draft in drafts where !ranked.contains(where: { $0.text == draft.text && $0.angle == draft.angle }) {
      ranked.append(draft)
    }
    return ranked
  }

  /// Checks a draft; a failing one is sent back once to be shortened, then checked again.
  private func fit(_ draft: CaptionDraft, platform: Platform, client: ModelClient) async throws -> CaptionDraft {
    var draft = draft
    draft.violations = rules.check(draft.text, on: platform)
    guard !draft.isValid else { return draft }
    let prompt = """
      This \(platform.displayName) caption breaks the platform's rules: \(draft.violations.map(\.description).joined(separator: "; ")).
      \(DraftPrompt.rules(rules.rule(for: platform), platform: platform))
      Rewrite it to fit with room to spare, keeping its voice, hook and call to action.
      <caption>\(DraftPrompt.fenced(draft.text))</caption>
      """
    let options = ModelOptions(
      temperature: 0.3, maxTokens: 500, schema: ResponseSchema(name: "captions", schema: Self.wrapper(1)))
    if let (value, _) = try? await client.respondJSON(to: request(prompt, images: [], options: options)),
      let text = Self.captions(in: value).first
    {
      draft.text = text
      draft.shortened = true
      draft.violations = rules.check(text, on: platform)
    }
    return draft
  }

  private func loadImages(_ brief: PostBrief, model: any LanguageModel) throws -> [ImageAttachment] {
    guard !brief.images.isEmpty else { return [] }
    guard model.capabilities.contains(.vision) else {
      throw ModelError(
        .unsupported, "\(brief.source): model '\(model.name)' cannot see the post's images",
        advice: "choose a vision model, or pass --no-images to draft from the text alone")
    }
    return try brief.images.map { path in
      try ImageResizer.fitted(ImageAttachment(contentsOf: URL(fileURLWithPath: path)), source: path)
    }
  }

  static func captionsSchema(_ count: Int) -> JSONValue {
    [
      "type": "array", "minItems": .int(Int64(count)), "maxItems": .int(Int64(count)),
      "items": [
        "type": "object", "required": ["text"], "properties": ["text": ["type": "string", "maxLength": 4000]],
      ],
    ]
  }

  static func wrapper(_ count: Int) -> JSONValue {
    ["type": "object", "required": ["captions"], "properties": ["captions": captionsSchema(count)]]
  }

  static func captions(in value: JSONValue) -> [String] {
    (value["captions"]?.arrayValue ?? []).compactMap { $0["text"]?.stringValue ?? $0.stringValue }
      .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
  }
}
