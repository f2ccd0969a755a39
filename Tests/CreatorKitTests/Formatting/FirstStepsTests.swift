import Foundation
import Testing

@testable import CreatorKit

@Suite struct FirstStepsTests {
  func account(_ name: String, _ platform: Platform = .instagram, posts: Int = 10) -> AccountSummary {
    AccountSummary(
      platform: platform, account: name, postCount: posts, firstPost: Date(timeIntervalSince1970: 0),
      lastPost: Date(timeIntervalSince1970: 86_400), metrics: [.likes], postsWithMetrics: posts, snapshotCount: posts)
  }

  @Test func manyAccountsAreCountedNotListed() {
    let accounts = (1...8).map { account("shop\($0)", posts: 2_000) }
    let text = FirstSteps.text(path: "/data/creator.sqlite", accounts: accounts)
    #expect(text.contains("holds 16,000 posts of @shop1 on Instagram"))
    #expect(text.contains("@shop5 on Instagram, 3 more accounts (creator accounts lists them)."))
    #expect(!text.contains("@shop6"))
  }

  @Test func oddHandlesAndPathsAreQuotedAndEscaped() {
    let accounts = [account("it's\u{1B}[2J"), account("it's\u{1B}[2J", .threads)]
    let text = FirstSteps.text(path: "/tmp/my store.sqlite", accounts: accounts, namesPath: true)
    #expect(!text.contains("\u{1B}"))
    #expect(text.contains(#"creator report --account 'it'\''s\u{1B}[2J' --platform instagram"#))
    #expect(text.contains("--database '/tmp/my store.sqlite'"))
  }
}
