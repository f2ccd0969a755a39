import Foundation

/// The built-in engine's writing, with no model: each variant opens in a different pattern (led by the ones
/// the creator's own best posts open with) and has a different structure (short, list, story). It only
/// rearranges what the brief says (topic, notes, audience, call to action, link) and the emoji the creator
/// uses: it never adds a fact. When a draft must be cut to fit, `shortened` drops filler first and keeps
/// what the goal needs.
struct BuiltInWriter {
  var brief: PostBrief
  var platform: Platform
  var context: CreatorContext

  /// How a variant is laid out.
  enum Structure: String, CaseIterable {
    /// The hook, the topic and the one sentence that matters most.
    case short
    /// The hook, then the notes as bullets (numbered steps for a how-to).
    case list
    /// The hook, then the notes as written, line breaks kept, and the audience named with the call to action.
    case story
  }

  /// What one variant is: its opening, its structure and why.
  struct Plan: Equatable {
    var pattern: OpeningPattern
    var structure: Structure
    /// Why this opening, from the creator's numbers, or that there are too few posts to tell.
    var reason: String
  }

  /// A piece of the body that shortening may drop, most expendable (lowest `weight`) first.
  struct Piece {
    var text: String
    /// 0 filler, 1 a fact (a number or a word the brief asks for), 3 what the goal needs.
    var weight: Int
    /// Starts a new line (a bullet, a line of the notes); else it follows the previous piece with a space.
    var newLine: Bool
    /// Starts a new paragraph.
    var newParagraph: Bool = false
  }

  /// The parts of one draft before the template puts them together.
  struct Draft {
    var plan: Plan
    var hook: String
    var pieces: [Piece]
    var callToAction: String
  }

  // MARK: Voice

  /// The tone asks for a formal register (no exclamation, no emoji).
  var formal: Bool {
    let tone = (brief.tone ?? "").lowercased()
    return ["formal", "professional", "serious", "expert", "corporate", "neutral", "sober"].contains {
      tone.contains($0)
    }
  }

  /// The tone asks for a light register (exclamations where the creator's posts use them).
  var playful: Bool {
    let tone = (brief.tone ?? "").lowercased()
    return !formal
      && ["playful", "fun", "casual", "cheeky", "warm", "friendly", "excited", "upbeat", "light"].contains {
        tone.contains($0)
      }
  }

  /// The creator's favourite emoji when at least a third of their newest captions carry emoji and the tone
  /// is not formal: emoji appear as often as the creator uses them, never from nowhere.
  var emoji: String? {
    guard !formal, (context.emojiShare ?? 0) >= 1.0 / 3 else { return nil }
    return context.favouriteEmoji.first
  }

  /// Emoji on most captions: the list's bullets are emoji too.
  var emojiBullets: Bool { emoji != nil && (context.emojiShare ?? 0) >= 2.0 / 3 }

  // MARK: Plans

  /// `count` plans, each with its own opening and structure: openings the creator's numbers favour first
  /// (a lift of at least `HashtagFigure.practicalLift` on enough posts), then the ones their top posts use, then the rest in a fixed order.
  func plans(_ count: Int) -> [Plan] {
    let figures = Dictionary(context.openings.map { ($0.pattern, $0) }, uniquingKeysWith: { first, _ in first })
    // Favoured as a tag is kept: a lift of at least `HashtagFigure.practicalLift`, not any lift above 1.
    let proven = context.openings.filter { ($0.lift ?? 0) >= HashtagFigure.practicalLift }
      .sorted { ($0.lift ?? 0) > ($1.lift ?? 0) }.map(\.pattern)
    // How the top posts open leads, a plain statement included when that is what they do.
    let used = context.hookStyles.compactMap(OpeningPattern.init(rawValue:))
    // A plain statement is the topic as written, which may itself open with a question, a story ...
    let topicPattern = OpeningPattern.of(topicSentence)
    var order: [OpeningPattern] = []
    for pattern in (proven + used + OpeningPattern.written).map({ $0 == .statement ? topicPattern : $0 })
    where !order.contains(pattern) && usable(pattern) {
      order.append(pattern)
    }
    // Those that did worse on enough posts go last.
    order = order.filter { (figures[$0]?.lift ?? 1) >= 1 } + order.filter { (figures[$0]?.lift ?? 1) < 1 }
    let outcome = context.outcome?.label ?? "engagement"
    return (0..<max(1, count)).map { index in
      let pattern = order[index % order.count]
      let structure = Structure.allCases[index % Structure.allCases.count]
      let figure =
        figures[pattern]
        ?? OpeningFigure(pattern: pattern, posts: 0, others: context.openings.reduce(0) { $0 + $1.posts }, lift: nil)
      let reason =
        context.posts == 0
        ? "no posts in the store: not enough posts to tell which opening works for you"
        : context.outcome == nil
          ? "your export has no per-post numbers: not enough to tell which opening works for you"
          : figure.reason(outcome: outcome)
      return Plan(pattern: pattern, structure: structure, reason: reason)
    }
  }

  /// Whether the brief has what `pattern` needs without inventing anything.
  func usable(_ pattern: OpeningPattern) -> Bool {
    switch pattern {
    case .number: numberSentence != nil
    case .howTo: sentences.count >= 2
    default: true
    }
  }

  // MARK: The brief's words

  var sentences: [String] { CaptionDrafter.sentences(brief.notes) }

  var topicSentence: String { CaptionDrafter.sentence(topic) }

  var topic: String {
    brief.topic.trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: ".!?…")))
  }

  /// The topic reads as a sentence (it has a verb), not a name for something.
  var topicIsClause: Bool {
    let words = Set(topic.lowercased().split(whereSeparator: { !$0.isLetter && $0 != "'" }).map(String.init))
    return !words.isDisjoint(with: [
      "is", "are", "was", "were", "will", "has", "have", "can", "opens", "returns", "starts", "launches",
      "arrives", "comes", "gets", "goes", "means", "makes", "needs", "we're", "it's", "i'm",
    ])
  }

  /// The first notes sentence that opens with a figure, short enough to open with.
  var numberSentence: String? {
    sentences.first { OpeningPattern.of($0) == .number && $0.count <= 100 }
  }

  static func lowerFirst(_ text: String) -> String {
    guard let first = text.first, first.isUppercase else { return text }
    // "NASA", "I" and names with a capital after the first letter keep theirs.
    let second = text.dropFirst().first
    if second?.isUppercase == true || text.hasPrefix("I ") { return text }
    return first.lowercased() + text.dropFirst()
  }

  static func upperFirst(_ text: String) -> String {
    guard let first = text.first else { return text }
    return first.uppercased() + text.dropFirst()
  }

  /// How much a notes sentence matters for the brief's goal: 3 what the goal needs (the offer for sales,
  /// the question for comments, the link for clicks), 1 a fact (a figure, a word the brief asks for), 0 filler.
  func weight(_ sentence: String) -> Int {
    let lower = sentence.lowercased()
    let words = Set(lower.split(whereSeparator: { !$0.isLetter && !$0.isNumber && $0 != "-" }).map(String.init))
    switch brief.goal {
    case .sales:
      let offer =
        lower.contains(where: { "€$£¥%".contains($0) })
        || !words.isDisjoint(with: Self.offerWords) || lower.contains("pre-order") || lower.contains("gift card")
      if offer { return 3 }
    case .comments:
      if sentence.contains("?") { return 3 }
    case .clicks:
      if lower.contains("http") || lower.contains("link") { return 3 }
    case .follows:
      if words.contains("follow") { return 3 }
    default: break
    }
    if sentence.contains(where: \.isNumber) { return 1 }
    if brief.include.contains(where: { lower.contains($0.lowercased()) }) { return 1 }
    return 0
  }

  static let offerWords: Set<String> = [
    "buy", "order", "orders", "price", "prices", "sale", "discount", "off", "offer", "book", "booking",
    "available", "voucher", "vouchers", "deal", "free", "kr", "eur", "usd", "sek", "cost", "costs", "pay",
  ]

  // MARK: Writing

  /// The draft for `plan`: its hook, its body in pieces, its call to action.
  func draft(_ plan: Plan) -> Draft {
    var rest = sentences
    var hook: String
    var topicInHook = false
    // The notes sentence the hook took, if it took one.
    var taken: String?
    func take(_ sentence: String) {
      if let index = rest.firstIndex(of: sentence) {
        rest.remove(at: index)
        taken = sentence
      }
    }
    switch plan.pattern {
    case _ where OpeningPattern.of(topicSentence) == plan.pattern:
      hook = topicSentence
      topicInHook = true
    case .question:
      if let question = rest.first(where: { $0.hasSuffix("?") && $0.count <= 100 }) {
        hook = question
        take(question)
      } else if topic.lowercased().hasPrefix("how ") {
        hook = "Want to know \(Self.lowerFirst(topic))?"
      } else if topicIsClause || OpeningPattern.of(topicSentence) != .statement {
        hook = "Have you heard?"
      } else {
        hook = "Ready for \(Self.lowerFirst(topic))?"
        topicInHook = true
      }
    case .number:
      // `usable` made sure there is one: a count of the engine's own would break when shortening cuts.
      let figure = numberSentence ?? topicSentence
      hook = CaptionDrafter.sentence(figure)
      take(figure)
    case .story:
      if let opening = rest.first, OpeningPattern.of(opening) == .story, opening.count <= 100 {
        hook = CaptionDrafter.sentence(opening)
        take(opening)
      } else {
        hook = (formal ? "The story behind this: " : "Story time: ") + Self.lowerFirst(topicSentence)
        topicInHook = true
      }
    case .howTo:
      hook = formal ? "Here is how it works." : "Here's how it works."
    case .claim:
      hook =
        formal || OpeningPattern.of(topic + "!") != .claim ? "Big news: \(Self.lowerFirst(topicSentence))" : topic + "!"
      topicInHook = true
    case .statement:
      hook = topicSentence
      topicInHook = true
    }
    if let emoji, plan.structure != .list || !emojiBullets { hook += " " + emoji }

    var pieces: [Piece] = []
    if !topicInHook { pieces.append(Piece(text: topicSentence, weight: 3, newLine: false)) }
    switch plan.structure {
    case .short:
      // The one sentence that matters most for the goal (the earliest of the weightiest).
      if let best = rest.enumerated().max(by: {
        weight($0.element) != weight($1.element) ? weight($0.element) < weight($1.element) : $0.offset > $1.offset
      }) {
        pieces.append(Piece(text: best.element, weight: max(1, weight(best.element)), newLine: false))
        // Anything else the goal needs stays too.
        for sentence in rest where sentence != best.element && weight(sentence) == 3 {
          pieces.append(Piece(text: sentence, weight: 3, newLine: false))
        }
      }
    case .list:
      let numbered = plan.pattern == .howTo
      // The facts as bullets (what has a figure, a word the brief asks for, what the goal needs), filler
      // left to the story; all of the notes when fewer than two are facts.
      let facts = rest.filter { weight($0) > 0 }
      for (index, sentence) in (facts.count >= 2 && !numbered ? facts : rest).enumerated() {
        let bullet = numbered ? "\(index + 1). " : emojiBullets ? "\(emoji!) " : "• "
        pieces.append(
          Piece(text: bullet + sentence, weight: weight(sentence), newLine: true, newParagraph: index == 0))
      }
    case .story:
      // The notes as written: their own lines and paragraphs, without the sentence the hook took.
      var hookSentence = taken
      var first = true
      var blankBefore = true
      for line in brief.notes.components(separatedBy: "\n") {
        var lineSentences = CaptionDrafter.sentences(line)
        if let taken = hookSentence, let index = lineSentences.firstIndex(of: taken) {
          lineSentences.remove(at: index)
          hookSentence = nil
        }
        guard !lineSentences.isEmpty else {
          if line.trimmingCharacters(in: .whitespaces).isEmpty { blankBefore = true }
          continue
        }
        for (index, sentence) in lineSentences.enumerated() {
          pieces.append(
            Piece(
              text: sentence, weight: weight(sentence), newLine: index == 0,
              newParagraph: index == 0 && (first || blankBefore)))
        }
        first = false
        blankBefore = false
      }
    }
    var callToAction =
      brief.callToAction.map(CaptionDrafter.sentence)
      ?? Self.callToAction(brief.goal, platform: platform, formal: formal)
    // A comments post whose notes already ask their question needs no second one.
    if brief.callToAction == nil, brief.goal == .comments, sentences.contains(where: { $0.hasSuffix("?") }) {
      callToAction = "Tell me in the comments."
    }
    if plan.structure == .story, let audience = brief.audience?.trimmingCharacters(in: .whitespaces),
      !audience.isEmpty
    {
      callToAction = "\(Self.upperFirst(audience)), \(Self.lowerFirst(callToAction))"
    }
    return Draft(plan: plan, hook: hook, pieces: pieces, callToAction: callToAction)
  }

  /// The body of `pieces` with those in `dropped` left out, lines and paragraphs as the pieces say.
  static func body(_ pieces: [Piece], dropping dropped: Set<Int> = []) -> String {
    var text = ""
    for (index, piece) in pieces.enumerated() where !dropped.contains(index) {
      if !text.isEmpty { text += piece.newParagraph ? "\n\n" : piece.newLine ? "\n" : " " }
      text += piece.text
    }
    return text
  }

  /// The order shortening drops pieces in: filler first, from the end; then facts; never what the goal
  /// needs (weight 3).
  static func dropOrder(_ pieces: [Piece]) -> [Int] {
    pieces.indices.filter { pieces[$0].weight < 3 }.sorted {
      pieces[$0].weight != pieces[$1].weight ? pieces[$0].weight < pieces[$1].weight : $0 > $1
    }
  }

  /// The default call to action for `goal` when the brief has none.
  static func callToAction(_ goal: PostGoal, platform: Platform, formal: Bool = false) -> String {
    let inBio = !platform.captionLinksClickable
    switch goal {
    case .engagement: return formal ? "I would welcome your thoughts below." : "Tell me what you think below."
    case .reach, .shares: return "Share this with someone who needs to see it."
    case .likes: return formal ? "Like this post if it was useful." : "Double-tap if this made your day."
    case .follows: return "Follow for more like this."
    case .clicks: return inBio ? "Tap the link in bio." : "More at the link."
    case .saves: return "Save this post so you have it when you need it."
    case .comments:
      return formal ? "What would you add? I read every comment." : "Tell me in the comments: what would you add?"
    case .sales: return inBio ? "Tap the link in bio to order." : "Order at the link."
    }
  }
}
