import Foundation
import Testing

@testable import CreatorKit

@Suite struct PlatformRulesTests {
  let rules = try! PlatformRules.parse(DraftingResources.platformRules, source: "bundled")

  @Test(arguments: [
    ("hello", 5),
    ("café", 4),  // é precomposed
    ("cafe\u{301}", 4),  // e + combining acute: NFC makes it one code point
    ("東京", 4),  // CJK counts 2 each
    ("👍", 2), ("👍🏽", 2), ("👨‍👩‍👧", 2), ("❤️", 2),  // an emoji sequence counts 2, whatever its code points
    ("see https://example.com/a/very/long/path/that/goes/on?x=1", 4 + 23),
    ("order at bakerbee.com/o or www.x.org", 9 + 23 + 4 + 23),  // bare domains with a common ending, and www.
    ("see notes.txt", 13),  // not a domain
    ("“quotes” — dash", 15),  // U+201C/D and U+2014 sit in the light ranges
  ])
  func countsLikeX(text: String, weighted: Int) {
    #expect(TextMeasure.xWeighted.length(of: text) == weighted)
  }

  @Test func countsBytesForThreadsAndYouTube() {
    #expect(TextMeasure.utf8Bytes.length(of: "é👍東") == 2 + 4 + 3)
    #expect(TextMeasure.utf16.length(of: "é👍東") == 1 + 2 + 1)
    #expect(TextMeasure.graphemes.length(of: "é👍🏽東") == 3)
    let threads = rules.check(String(repeating: "é", count: 251), on: .threads)
    #expect(threads.map(\.overshoot) == [2])
    #expect(rules.check(String(repeating: "e", count: 500), on: .threads).isEmpty)
    let youtube = rules.check("Watch <this>", on: .youtube)
    #expect(youtube.first?.rule.contains("no '<' or '>'") == true)
  }

  @Test func capsInstagramHashtagsAndKeepsTheHookBeforeTheFold() {
    let six = "New loaf. #a1 #b2 #c3 #d4 #e5 #f6"
    #expect(rules.check(six, on: .instagram).map(\.description) == ["instagram: at most 5 hashtags: has 6, 1 over"])
    let longHook = String(repeating: "word ", count: 30) + "end. Then the rest."
    let violation = rules.check(longHook, on: .instagram).first
    #expect(violation?.rule.contains("fold at 125") == true && violation?.actual == 154)
    #expect(rules.check("Short hook! " + String(repeating: "more ", count: 200), on: .instagram).isEmpty)
    let x = rules.check(String(repeating: "東", count: 141), on: .x)
    #expect(x.first?.description == "x caption: at most 280 weighted characters: has 282, 2 over")
  }

  @Test func laysAUsersFileOverTheBundledRules() throws {
    let folder = try TemporaryFolder()
    _ = try folder.file(
      "creator/platform-rules.yaml",
      "updated: 2027-01-01\nplatforms:\n  instagram:\n    caption: {limit: 1000, count: graphemes}\n    hashtags: {limit: 3}\n"
    )
    let merged = try PlatformRules.load(environment: ["XDG_CONFIG_HOME": folder.url.path])
    #expect(merged.updated == "2027-01-01")
    #expect(merged.rule(for: .instagram).caption?.limit == 1000)
    #expect(merged.rule(for: .instagram).hashtagLimit == 3)
    #expect(merged.rule(for: .x).caption?.limit == 280)
    _ = try folder.file(
      "creator/platform-rules.yaml", "platforms:\n  instagram:\n    caption: {limit: 10, count: words}\n")
    #expect {
      _ = try PlatformRules.load(environment: ["XDG_CONFIG_HOME": folder.url.path])
    } throws: { error in
      "\(error)".contains("platforms.instagram.caption.count") && "\(error)".contains("unknown count 'words'")
    }
  }
}
