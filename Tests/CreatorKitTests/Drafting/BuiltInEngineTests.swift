import Foundation
import Testing

@testable import CreatorKit

/// The built-in engine (no model) on the bundled post files and the demo bakery's Instagram posts: variants
/// that differ for real, openings chosen by the creator's numbers, the brief's tone, goal-aware shortening
/// and grounding on the account's other platforms.
@Suite final class BuiltInEngineTests {
  let folder = try! TemporaryFolder()
  private(set) var store: PostStore!
  private(set) var session: DraftingSession!
  let rules = try! PlatformRules.parse(DraftingResources.platformRules, source: "bundled")
  let banned = BannedHashtags(tags: BannedHashtags.parse(DraftingResources.bannedHashtags))
  let stockholm = TimeZone(identifier: "Europe/Stockholm")!

  init() {}

  /// Opens this test's store on `engine` with the demo bakery imported.
  func open(_ engine: TestEngine) throws {
    store = try engine.makeStore()
    try importInto(
      store, fixtures.appendingPathComponent("business-suite/demo-bakery-Jun-29-2026_Nov-22-2026.csv"),
      timeZone: "Europe/Stockholm")
    session = DraftingSession(store: store, rules: rules, banned: banned, client: nil, timeZone: stockholm)
  }

  static var postFiles: [URL] {
    let folder = fixtures.appendingPathComponent("posts")
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    return names.filter { $0.hasSuffix(".md") }.sorted().map { folder.appendingPathComponent($0) }
  }

  /// Lower-cased words (letters and digits), hashtags as their word.
  static func words(_ text: String) -> Set<String> {
    Set(text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init))
  }

  /// A draft's writing as tokens: its words, lower-cased, and its layout (a line break, a bullet) as tokens
  /// of their own; hashtags left out, as they are the tag strategy's and the same in every variant by design.
  static func tokens(_ text: String) -> [String] {
    let writing = CaptionDrafter.removingHashtags(Set(CaptionEntities.hashtags(in: text)), from: text)
    var tokens: [String] = []
    var word = ""
    for character in writing.lowercased() {
      if character.isLetter || character.isNumber {
        word.append(character)
        continue
      }
      if !word.isEmpty { tokens.append(word) }
      word = ""
      if character.isNewline { tokens.append("⏎") } else if character == "•" { tokens.append("•") }
    }
    if !word.isEmpty { tokens.append(word) }
    return tokens
  }

  /// Jaccard overlap of two drafts' word pairs (bigrams of `tokens`): the share of all the pairs of
  /// neighbouring words either draft has that both have. Unlike a bag of words it sees order and layout, so
  /// the same notes as bullets and as the notes' own lines count as different, as a reader sees them.
  static func overlap(_ a: String, _ b: String) -> Double {
    func pairs(_ text: String) -> Set<String> {
      let list = tokens(text)
      return Set(zip(list, list.dropFirst()).map { $0 + " " + $1 })
    }
    let (x, y) = (pairs(a), pairs(b))
    return Double(x.intersection(y).count) / Double(max(1, x.union(y).count))
  }

  /// The highest `overlap` two variants of one post may have.
  ///
  /// Every variant must carry the brief's own words (the topic, the call to action, the link) and what the
  /// goal needs, and may add no facts of its own, so variants of a short brief share a core by design. The
  /// old template engine's variants, one text with "Guess what?" in front or "!" at the end, score 0.90 to
  /// 1.00 on these files (`overlap(text, "Guess what? " + text)`, measured on each draft here). The variants
  /// score 0.30 to 0.84; the highest is gift-cards.md on X, where the offer, the link and the call to action
  /// a sales post needs fill most of 280 characters in every variant. 0.85 is below everything the old
  /// engine produced and fails as soon as two variants become one text with a few words changed.
  static let mostSharedWords = 0.85

  @Test(arguments: postFiles.map(\.lastPathComponent))
  func variantsDifferAndKeepThePlatformRulesOnEveryBundledPostFile(_ name: String) async throws {
    try open(.sqlite)
    let brief = try PostBrief.load(fixtures.appendingPathComponent("posts/" + name))
    let results = try await session.captions(for: brief, variants: 3)
    #expect(results.map(\.platform) == brief.platforms)
    for result in results {
      let drafts = result.drafts
      #expect(drafts.count == 3)
      for draft in drafts {
        #expect(draft.isValid, "\(name) on \(result.platform): \(draft.violations)\n\(draft.text)")
        // The opening the variant claims is the one a reader finds.
        let claimed = try #require(draft.angle?.components(separatedBy: ", ").first)
        #expect(OpeningPattern.of(draft.text).rawValue == claimed, "\(name): \(draft.text)")
        #expect(draft.reason?.hasPrefix("Opens with ") == true)
      }
      #expect(Set(drafts.compactMap(\.angle)).count == 3)
      #expect(Set(drafts.compactMap { $0.angle?.components(separatedBy: ", ").last }) == ["short", "list", "story"])
      for i in drafts.indices {
        for j in drafts.indices where j > i {
          let overlap = Self.overlap(drafts[i].text, drafts[j].text)
          // Below what the old engine's "Guess what?" variant of the same draft scores.
          #expect(overlap < Self.overlap(drafts[i].text, "Guess what? " + drafts[i].text))
          #expect(
            overlap < Self.mostSharedWords,
            "\(name) on \(result.platform): variants \(i + 1) and \(j + 1) share \(overlap)")
        }
      }
      // Nothing invented: every word is the brief's, a tag's, or one of the engine's few fixed phrases.
      var allowed = Self.words(
        [brief.topic, brief.notes, brief.audience ?? "", brief.callToAction ?? "", brief.links.joined(separator: " ")]
          .joined(separator: " "))
      allowed.formUnion(Self.words(BuiltInWriter.callToAction(brief.goal, platform: result.platform)))
      allowed.formUnion(Self.words(BuiltInWriter.callToAction(brief.goal, platform: result.platform, formal: true)))
      allowed.formUnion(Self.words(Self.enginePhrases))
      // Numbered steps.
      allowed.formUnion((1...max(1, CaptionDrafter.sentences(brief.notes).count)).map(String.init))
      for draft in drafts {
        let invented = Self.words(draft.text).subtracting(allowed).filter { word in
          !CaptionEntities.hashtags(in: draft.text).contains { $0.lowercased().contains(word) }
        }
        #expect(invented.isEmpty, "\(name): words from nowhere \(invented.sorted())")
      }
    }
  }

  /// What the engine itself may write around the brief's words.
  static let enginePhrases =
    "Have you heard? Ready for Want to know Story time The story behind this Here's how it works Here is"
    + " Big news Tell me in the comments."

  @Test func theCreatorsBestOpeningLeadsWithItsNumbersAndTooFewPostsAreSaidPlainly() throws {
    // 12 posts open with a question (rate 0.08), 12 with a plain statement (0.04), 2 with a number (0.10).
    let start = Date(timeIntervalSince1970: 1_795_132_800)
    let captions =
      Array(repeating: "Ever tried rye with caraway? Fresh today.", count: 12)
      + Array(repeating: "Fresh rye today.", count: 12) + Array(repeating: "30 loaves only. Rye today.", count: 2)
    let posts = captions.enumerated().map { index, caption in
      let likes: Int64 = caption.hasPrefix("Ever") ? 8 : caption.hasPrefix("30") ? 10 : 4
      return PostSample(
        id: Int64(index), platform: .instagram, account: "a", key: "k\(index)",
        published: start.addingTimeInterval(Double(index) * 86_400), hasTimeOfDay: true, mediaKind: .image,
        caption: caption, hashtags: [], metrics: MetricValues([.likes: likes, .reach: 100]))
    }
    let context = CreatorContext(posts, platform: .instagram, account: "a", timeZone: stockholm)
    let question = try #require(context.openings.first { $0.pattern == .question })
    #expect(question.posts == 12 && question.others == 14)
    #expect(abs((question.lift ?? 0) - 2) < 1e-9, "median 0.08 against the others' 0.04")
    #expect(context.openings.first { $0.pattern == .number }?.lift == nil)
    // A model is told the same.
    #expect(context.prompt().contains("question 2.00x (n = 12)"))

    let drafter = CaptionDrafter(rules: rules, context: context, banned: banned)
    let brief = try PostBrief.load(fixtures.appendingPathComponent("posts/rye-saturday.md"))
    let result = try drafter.builtIn(brief, platform: .instagram, variants: 3)
    // The question did best; the number leads the top posts but on too few posts to tell; plain statements
    // did worse (0.5x) and come after every other opening.
    #expect(result.drafts.map { $0.angle?.components(separatedBy: ", ").first } == ["question", "number", "story"])
    #expect(
      result.drafts[0].reason
        == "Opens with a question: your 12 posts that open with a question had 2.00x the median engagement rate by reach of your 14 others."
    )
    #expect(
      result.drafts[1].reason?.contains("only 2 of your posts open with a number: not enough posts to tell") == true)
    #expect(
      result.drafts[2].reason?.contains("none of your posts open with a story yet: not enough posts to tell") == true)
  }

  @Test(arguments: TestEngine.available) func emojiFollowTheCreatorsHabitAndAFormalToneDropsThem(_ engine: TestEngine)
    throws
  {
    try open(engine)
    let start = Date(timeIntervalSince1970: 1_795_132_800)
    let posts = (0..<10).map { index in
      PostSample(
        id: Int64(index), platform: .instagram, account: "a", key: "k\(index)",
        published: start.addingTimeInterval(Double(index) * 86_400), hasTimeOfDay: true, mediaKind: .image,
        caption: index < 8 ? "Fresh rye today 🍞" : "Fresh rye today.", hashtags: [],
        metrics: MetricValues([.likes: 5, .reach: 100]))
    }
    let context = CreatorContext(posts, platform: .instagram, account: "a", timeZone: stockholm)
    #expect(context.favouriteEmoji == ["🍞"])
    let drafter = CaptionDrafter(rules: rules, context: context, banned: banned)
    var brief = try PostBrief.load(fixtures.appendingPathComponent("posts/rye-saturday.md"))
    let warm = try drafter.builtIn(brief, platform: .instagram, variants: 3)
    #expect(warm.drafts.allSatisfy { $0.text.contains("🍞") })
    // 80% of captions carry emoji: the list's bullets are the creator's emoji.
    #expect(warm.drafts[1].text.contains("\n🍞 "))
    brief.tone = "professional"
    let formal = try drafter.builtIn(brief, platform: .instagram, variants: 3)
    #expect(formal.drafts.allSatisfy { !$0.text.contains("🍞") && !PlatformRules.hook(of: $0.text).hasSuffix("!") })

    // A creator who never uses emoji gets none.
    let plain = CaptionDrafter(
      rules: rules, context: try session.context(platform: .instagram, account: "demo.bakery"), banned: banned)
    #expect(
      try plain.builtIn(brief, platform: .instagram, variants: 3).drafts.allSatisfy {
        !$0.text.contains(where: TextMeasure.isEmoji)
      })
  }

  @Test(arguments: TestEngine.available) func theStoryKeepsTheNotesLineBreaks(_ engine: TestEngine) async throws {
    try open(engine)
    let brief = try PostBrief.load(fixtures.appendingPathComponent("posts/lucia-morning.md"))
    let result = try #require(try await session.captions(for: brief, variants: 3).first)
    let story = try #require(result.drafts.first { $0.angle?.hasSuffix("story") == true })
    #expect(
      story.text.contains(
        "The whole street smelled of it by six.\n\nThe first tray comes out at 7 on the 13th.\nCome early: there are never enough."
      ))
    #expect(
      story.text.contains("Early risers in the neighbourhood, share this"),
      "the audience is named with the call to action")
    // The list holds the facts (the figures), the story the rest too.
    let list = try #require(result.drafts.first { $0.angle?.hasSuffix("list") == true })
    #expect(list.text.contains("\n• The first tray comes out at 7 on the 13th.") && !list.text.contains("whole street"))
  }

  @Test(arguments: TestEngine.available) func shorteningForXKeepsTheOfferAndDropsFillerFirst(_ engine: TestEngine)
    throws
  {
    try open(engine)
    let brief = try PostBrief.load(fixtures.appendingPathComponent("posts/gift-cards.md"))
    let drafter = CaptionDrafter(
      rules: rules, context: try session.context(platform: .x, account: "demo.bakery", goal: .sales), banned: banned)
    let result = try drafter.builtIn(brief, platform: .x, variants: 3)
    #expect(result.drafts.contains { $0.shortened }, "the notes do not fit 280 characters whole")
    for draft in result.drafts {
      #expect(draft.isValid && TextMeasure.xWeighted.length(of: draft.text) <= 280)
      #expect(
        draft.text.contains("Gift cards from €20 at the counter or online, valid for a whole year."), "\(draft.text)")
      #expect(
        draft.text.lowercased().contains("buy at the counter or online.")
          && draft.text.contains("https://oventhyme.example/gift-cards"))
      if draft.shortened {
        #expect(!draft.text.contains("Thank you for a year"), "filler goes first")
      }
    }
    // The same notes on Facebook fit whole: nothing is cut.
    let facebook = try drafter.builtIn(brief, platform: .facebook, variants: 3)
    #expect(facebook.drafts.allSatisfy { !$0.shortened })
    #expect(facebook.drafts[1].text.contains("Thank you for a year"))

    // A comments post keeps its question when cut.
    var comments = try PostBrief.load(fixtures.appendingPathComponent("posts/fika-week.md"))
    comments.platforms = [.x]
    comments.notes =
      (1...6).map { "Filler sentence number \($0) about the week at the bakery." }.joined(separator: " ")
      + " What is your fika order?"
    for draft in try drafter.builtIn(comments, platform: .x, variants: 3).drafts {
      #expect(draft.isValid && draft.text.contains("What is your fika order?"), "\(draft.text)")
    }
  }

  @Test(arguments: TestEngine.available) func longNotesAreCutToFitWithoutARenderPerSentence(_ engine: TestEngine) throws
  {
    try open(engine)
    // 1,000 sentences of notes on X: cutting finds how much to drop by halving, about ten renders a variant
    // (it was one per sentence dropped, quadratic in the notes); the offer the sales goal needs stays.
    var brief = try PostBrief.load(fixtures.appendingPathComponent("posts/gift-cards.md"))
    brief.notes =
      (1...1_000).map { "Line \($0) of the notes, about the oven and the morning." }.joined(separator: "\n")
      + "\nGift cards from €20."
    let drafter = CaptionDrafter(
      rules: rules, context: try session.context(platform: .x, account: "demo.bakery", goal: .sales), banned: banned)
    let result = try drafter.builtIn(brief, platform: .x, variants: 3)
    for draft in result.drafts {
      #expect(draft.isValid && draft.text.contains("Gift cards from €20."), "\(draft.text)")
    }
    // The list and the story carry the notes and had to be cut; the short one never had them.
    #expect(result.drafts.map(\.shortened) == [false, true, true])
  }

  @Test(arguments: TestEngine.available) func groundsOnTheAccountsOtherPlatformWhenTheTargetHasNoPostsAndSaysSo(
    _ engine: TestEngine
  ) async throws {
    try open(engine)
    let brief = try PostBrief.load(fixtures.appendingPathComponent("posts/workshop-linkedin.md"))
    let results = try await session.captions(for: brief)
    #expect(results.map(\.platform) == [.linkedin, .x])
    for result in results {
      #expect(
        result.grounding.hasPrefix(
          "no \(result.platform.displayName) posts yet; grounded on your 89 Instagram posts of @demo.bakery, compared by "
        ),
        "\(result.grounding)")
    }
    // The hashtag strategy says so too.
    let tags = try #require(try await session.hashtags(for: brief, platform: .x).first)
    #expect(tags.notes.first?.hasPrefix("No X posts yet; grounded on your 89 Instagram posts of @demo.bakery") == true)
    let context = try session.context(platform: .x, account: "demo.bakery")
    #expect(context.borrowedFor == .x && context.platform == .instagram)
    #expect(context.prompt().contains("No X posts yet: these figures are from the same account's Instagram posts."))
    // Another account's posts never stand in.
    let stranger = try session.context(platform: .x, account: "someone.else")
    #expect(stranger.posts == 0 && stranger.borrowedFor == nil)
    #expect(stranger.grounding == "no posts from this account in the store: not grounded in your data")
  }
}
