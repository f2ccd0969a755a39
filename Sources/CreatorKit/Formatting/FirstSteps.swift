import Foundation

/// What `creator` with no arguments prints: the main jobs, then the next step for this store (how to import
/// when it holds nothing; the report and drafting commands, with its account names, when it holds posts).
public enum FirstSteps {
  /// The main jobs, in the order a creator meets them, with one line each.
  public static let jobs: [(command: String, summary: String)] = [
    ("import", "read your export (the zip as downloaded, a folder or a file) into the store"),
    ("report", "the weekly report: what changed, why it matters, what to try next (Markdown, HTML, JSON)"),
    ("stats", "engagement rates, weekly trend, best times to post, hashtag performance"),
    ("hashtags", "hashtags for a post file, proven, rising and new, each with its evidence"),
    ("caption", "caption drafts for a post file, checked against the platform's rules"),
    ("batch", "captions and hashtags for a folder of post files or a content calendar"),
  ]

  /// The overview for the store at `path`; `accounts` is nil when there is no store there yet. With
  /// `namesPath` (the user gave `--database`), the suggested commands name the store too.
  public static func text(path: String, accounts: [AccountSummary]?, namesPath: Bool = false) -> String {
    let database = namesPath ? " --database " + shellQuoted(TerminalText.escaped(path)) : ""
    var lines = ["creator: your social-media exports in one SQLite file you own.", "", "Main jobs:"]
    let width = jobs.map(\.command.count).max() ?? 0
    for job in jobs {
      lines.append("  " + job.command.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + job.summary)
    }
    lines.append(
      "Also: posts, accounts, ask, models, logs. 'creator help COMMAND' shows a command's options and examples.")
    lines.append("")
    let store = TerminalText.escaped(path)
    guard let accounts, !accounts.isEmpty else {
      lines.append(accounts == nil ? "No store yet at \(store)." : "The store at \(store) holds no posts yet.")
      lines += [
        "Next step: request your export (Instagram: Accounts Center > Your information and permissions >",
        "Download your information, format JSON; the README's \"Supported exports\" names every platform's),",
        "then import the file as downloaded:",
        "  creator import ~/Downloads/instagram-yourname-2026-11-20.zip\(database)",
      ]
      return lines.joined(separator: "\n")
    }
    let posts = accounts.reduce(0) { $0 + $1.postCount }
    var names = accounts.prefix(6).map { "@" + TerminalText.escaped($0.account) + " on " + $0.platform.displayName }
    if accounts.count > 6 { names[5] = "\(accounts.count - 5) more accounts (creator accounts lists them)" }
    lines.append(
      "The store at \(store) holds \(NumberText.count(posts)) post\(posts == 1 ? "" : "s") of "
        + names.joined(separator: ", ") + ".")
    lines.append("Next steps:")
    let first = accounts[0]
    let sameName = accounts.filter { AccountHandle.same($0.account, first.account) }.count > 1
    let scope =
      accounts.count == 1
      ? ""
      : " --account \(shellQuoted(TerminalText.escaped(first.account)))"
        + (sameName ? " --platform \(first.platform.rawValue)" : "")
    lines.append("  creator report\(scope) --format html --output week.html\(database)")
    if accounts.count > 1 { lines.append("  creator report --all-accounts\(database)") }
    lines += [
      "  creator stats\(scope)\(database)",
      "  creator hashtags post.md\(database)      (post.md: front matter with platforms, account, topic; see the README)",
      "  creator caption post.md\(database)",
    ]
    return lines.joined(separator: "\n")
  }

  /// `text` as one shell word: quoted when it holds anything but letters, digits and `/._-~+`.
  static func shellQuoted(_ text: String) -> String {
    let plain = text.unicodeScalars.allSatisfy {
      CharacterSet.alphanumerics.contains($0) || "/._-~+".unicodeScalars.contains($0)
    }
    return plain && !text.isEmpty ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
  }
}
