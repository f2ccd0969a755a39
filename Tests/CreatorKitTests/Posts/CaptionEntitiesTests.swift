import Testing

@testable import CreatorKit

@Suite struct CaptionEntitiesTests {
  @Test func findsUnicodeHashtags() {
    #expect(CaptionEntities.hashtags(in: "Morning #café in #東京!") == ["café", "東京"])
  }

  @Test func findsTagsGluedToEmojiAndPunctuation() {
    #expect(CaptionEntities.hashtags(in: "yum🍰#cake,(#bread) #travel🍰#cake.") == ["cake", "bread", "travel"])
  }

  @Test func foldsCaseAndComposesAccents() {
    // "e" + combining acute is the same tag as the precomposed "é".
    #expect(CaptionEntities.hashtags(in: "#Cafe\u{301} #CAFÉ") == ["café"])
  }

  @Test func skipsNumbersAndMidWordHashes() {
    #expect(CaptionEntities.hashtags(in: "#2026 issue#4 C# #1stday") == ["1stday"])
  }

  @Test func findsChainedFullWidthAndSelectorTagsButNotEntities() {
    #expect(CaptionEntities.hashtags(in: "#ab#cd x#no") == ["ab", "cd"], "a tag right after a tag is one")
    #expect(CaptionEntities.hashtags(in: "朝 ＃東京 ＃パン の＃no") == ["東京", "パン"], "full-width ＃, lead byte 0xEF")
    #expect(CaptionEntities.hashtags(in: "❤️#love ️️#️x &#39;s") == ["love"], "U+FE0F shares the lead byte")
    #expect(CaptionEntities.mentions(in: "＠Baker_Bee and @river") == ["baker_bee", "river"])
  }

  @Test func findsMentionsButNotEmailAddresses() {
    #expect(
      CaptionEntities.mentions(in: "thanks @flour.friend. write me at a@b.com @Baker_Bee") == [
        "flour.friend", "baker_bee",
      ])
  }
}
