import Foundation

/// Which hashtags the creator uses with which words: from the newest captions, the words of each caption
/// (hashtags left out) counted with the tags on it. A tag fits a brief when the creator's own posts with
/// the tag mention the brief's words more often than their posts do overall.
public struct TopicIndex: Sendable, Equatable, Codable {
  /// Captions read.
  public var posts: Int
  /// Captions containing each word.
  public var wordPosts: [String: Int]
  /// Captions carrying each tag.
  public var tagPosts: [String: Int]
  /// Captions with both, word first.
  public var pairs: [String: [String: Int]]

  /// A tag counts as fitting when at least this many of its posts mention a brief word ...
  static let minimumShared = 2
  /// ... at this many times the rate of the creator's posts overall.
  static let minimumRatio = 1.5

  /// An index of the posts' `captions` and, at the same positions, their `tags`.
  public init(captions: [String], tags: [[String]]) {
    posts = captions.count
    (wordPosts, tagPosts, pairs) = ([:], [:], [:])
    for (caption, postTags) in zip(captions, tags) {
      let words = Self.words(in: caption)
      let distinctTags = Set(postTags)
      for tag in distinctTags { tagPosts[tag, default: 0] += 1 }
      for word in words {
        wordPosts[word, default: 0] += 1
        for tag in distinctTags { pairs[word, default: [:]][tag, default: 0] += 1 }
      }
    }
  }

  /// Lower-case words of at least three letters, a plural `s` dropped, hashtags and links left out.
  static func words(in text: String) -> Set<String> {
    let plain = text.split(whereSeparator: \.isWhitespace).filter {
      !$0.hasPrefix("#") && !$0.hasPrefix("＃") && !$0.contains("://")
    }.joined(separator: " ")
    return HashtagStrategist.words(in: plain).subtracting(stopWords)
  }

  /// Words too common to say what a post is about.
  static let stopWords: Set<String> = [
    "the", "and", "for", "with", "you", "your", "our", "this", "that", "are", "was", "has", "have", "but", "not",
    "all", "out", "from", "just", "what", "who", "how", "get", "got", "now", "new", "one", "day", "today", "week",
    "here", "there", "they", "them", "their", "will", "can", "more", "some", "only", "back", "about", "into",
  ]

  /// How a tag fits a brief, and the evidence.
  public struct Fit: Sendable, Equatable {
    /// 1 for a tag named after a brief word; else the share of the tag's posts that mention the word.
    public var score: Double
    public var word: String
    /// "named after 'cardamom' in the brief", "3 of your 4 recent posts with it mention 'cardamom'".
    public var evidence: String
  }

  /// How well `tag` fits `words` (the brief's topic and notes), or nil when it does not.
  public func fit(_ tag: String, words: Set<String>) -> Fit? {
    if let word = words.sorted().first(where: { word in tag.contains(word) || (word.count >= 4 && word.contains(tag)) })
    {
      return Fit(score: 1, word: word, evidence: "named after '\(word)' in the brief")
    }
    guard let withTag = tagPosts[tag], withTag > 0, posts > 0 else { return nil }
    var best: Fit?
    for word in words.sorted() {
      guard let shared = pairs[word]?[tag], shared >= Self.minimumShared, let all = wordPosts[word] else { continue }
      let share = Double(shared) / Double(withTag)
      guard share / (Double(all) / Double(posts)) >= Self.minimumRatio, share > (best?.score ?? 0) else { continue }
      best = Fit(
        score: share, word: word,
        evidence: "\(shared) of your \(withTag) recent posts with it mention '\(word)' from the brief")
    }
    return best
  }

  /// Tags the index knows that fit `words`, best fit first.
  public func fitting(_ words: Set<String>) -> [(tag: String, fit: Fit)] {
    tagPosts.keys.compactMap { tag in fit(tag, words: words).map { (tag, $0) } }
      .sorted { ($0.fit.score, $1.tag) > ($1.fit.score, $0.tag) }
  }
}
