import Testing

@testable import CreatorKit

@Suite struct SuggestionTests {
  let commands = ["import", "posts", "accounts", "stats", "report", "caption", "hashtags", "batch", "logs"]

  @Test func suggestsTheNearestCommandForTyposSwapsAndPrefixes() {
    #expect(Suggestion.closest(to: "reprot", among: commands) == "report")
    #expect(Suggestion.closest(to: "Caption", among: commands) == "caption")
    #expect(Suggestion.closest(to: "hashtag", among: commands) == "hashtags")
    #expect(Suggestion.closest(to: "acc", among: commands) == "accounts")
    #expect(Suggestion.closest(to: "stat", among: commands) == "stats")
  }

  @Test func suggestsNothingWhenNothingIsClose() {
    #expect(Suggestion.closest(to: "frobnicate", among: commands) == nil)
    #expect(Suggestion.closest(to: "xyz", among: commands) == nil)
    #expect(Suggestion.closest(to: "", among: commands) == nil)
    // "s" begins both words, and neither is one edit away.
    #expect(Suggestion.closest(to: "s", among: ["stats", "search"]) == nil)
  }

  @Test func countsASwapAsOneEdit() {
    #expect(Suggestion.editDistance(Array("ab"), Array("ba")) == 1)
    #expect(Suggestion.editDistance(Array("kitten"), Array("sitting")) == 3)
  }
}
