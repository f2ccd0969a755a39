import Foundation

/// An X (Twitter) archive: `data/tweets.js` (older archives `data/tweet.js`), large archives split into
/// `tweets-part1.js`, ... Each file is JavaScript, `window.YTD.tweets.part0 = [ ... ]`, holding
/// `{"tweet": {...}}` records in which every number is text. `created_at` reads `Thu Jul 28 15:37:55 +0000
/// 2022`. Retweets (`RT @...`) are kept as reposts, left out of the statistics; replies are marked. An edited
/// post appears once per version: only its last version is kept, known by every version's id. A long post's
/// `full_text` is cut with `…`; its whole text is in `data/note-tweet.js`, joined on the creation second.
/// The account comes from `data/manifest.js`; `account.js` (with the e-mail address) is never read.
public struct XArchiveImporter: ExportImporter {
  public let name = "x-archive"
  public let phase = ImportPhase.posts

  public init() {}

  public func claims(_ file: ExportFile) -> Bool {
    file.fileName.wholeMatch(of: /tweets?(-part\d+)?\.js/) != nil
  }

  public func read(
    _ file: ExportFile, from source: ExportSource, context: ImportContext, into sink: any ImportSink
  ) throws {
    let account = try self.account(in: source, context: context, for: file)
    let notes = try noteTexts(in: source)
    var stream = JSONRecordStream(
      file: file, rootPaths: [], repairsMetaText: false, recordName: "posts", skippedKeys: Self.unread)
    stream.skipsAssignmentPrefix = true
    let parser = Self.dateFormatter()
    var earlierVersions = 0
    try stream.forEach(progress: sink) { record in
      let tweet = try record.record("tweet") ?? record
      guard let id = try tweet.string("id_str") ?? tweet.string("id"), !id.isEmpty else {
        sink.skip(SkippedRecord(file: record.file, place: record.path, reason: "no id_str"))
        return
      }
      let versions = try Self.editVersions(of: tweet)
      if let last = versions.last, last != id {
        earlierVersions += 1
        return
      }
      guard let created = try tweet.string("created_at"), let date = Self.date(created, parser: parser) else {
        sink.skip(SkippedRecord(file: record.file, place: record.path, reason: "no readable created_at"))
        return
      }
      var text = try tweet.string("full_text") ?? tweet.string("text") ?? ""
      if let second = Int64(epochSeconds: date), let full = notes[second], Self.isStart(of: full, text) { text = full }
      let relation: PostRelation =
        text.hasPrefix("RT @")
        ? .repost : (try tweet.string("in_reply_to_status_id_str")).map { $0.isEmpty ? .own : .reply } ?? .own
      let media = try (tweet.record("extended_entities") ?? tweet.record("entities"))?.records("media") ?? []
      let kinds = try media.map { try $0.string("type") ?? "photo" }
      let kind: MediaKind =
        kinds.isEmpty ? .text : kinds.contains { $0 != "photo" } ? .video : kinds.count > 1 ? .carousel : .image
      let keys = (versions.isEmpty ? [id] : versions.reversed()).map { "tweet:\($0)" }
      // A repost's numbers are the original's, not the creator's: none are kept.
      var values = MetricValues()
      if relation != .repost {
        values[.likes] = try tweet.integer("favorite_count")
        values[.shares] = try tweet.integer("retweet_count")
      }
      try sink.add(
        Post(
          platform: .x, account: account, key: keys[0], alternateKeys: Array(keys.dropFirst()),
          published: PostTime(date: date), caption: Self.unescaped(text), mediaKind: kind, mediaCount: media.count,
          permalink: "https://x.com/\(account)/status/\(id)", sourceFile: record.file, relation: relation),
        metrics: values, observedAt: context.observedAt, source: name, place: record.path)
    }
    if earlierVersions > 0 {
      sink.note(
        "\(file.displayName): \(earlierVersions) earlier version\(earlierVersions == 1 ? "" : "s") of edited posts left out"
      )
    }
  }

  /// Members never decoded: hashtags come from the text, and the rest is detail nothing reads.
  private static let unread: Set<String> = [
    "display_text_range", "source", "hashtags", "user_mentions", "urls", "symbols", "indices", "favorited",
    "retweeted", "truncated", "lang", "possibly_sensitive",
  ]

  /// Every version's id, oldest first, from `edit_info.initial.editTweetIds` (or `edit_info.edit`).
  static func editVersions(of tweet: JSONRecord) throws -> [String] {
    guard let info = try tweet.record("edit_info") else { return [] }
    let part = try info.record("initial") ?? info.record("edit")?.record("editControlInitial")
    guard case .array(let ids)? = part?.object["editTweetIds"] else { return [] }
    return ids.compactMap { $0.stringValue ?? $0.intValue.map(String.init) }
  }

  /// `Tue Nov 14 22:13:20 +0000 2023`, read by hand when it has that exact shape.
  static func date(_ text: String, parser: DateFormatter) -> Date? {
    if let seconds = CivilTime.twitter(text[...].utf8)?.instant {
      return Date(timeIntervalSince1970: TimeInterval(seconds))
    }
    return parser.date(from: text)
  }

  /// X writes `&amp;`, `&lt;` and `&gt;` in tweet text.
  static func unescaped(_ text: String) -> String {
    guard text.utf8.contains(UInt8(ascii: "&")) else { return text }
    return text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
      .replacingOccurrences(of: "&amp;", with: "&")
  }

  static func dateFormatter() -> DateFormatter {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.dateFormat = "EEE MMM dd HH:mm:ss Z yyyy"
    return formatter
  }

  /// Long posts' full text by creation second, from `note-tweet.js`.
  func noteTexts(in source: ExportSource) throws -> [Int64: String] {
    guard let file = source.file(endingWith: "note-tweet.js") else { return [:] }
    var stream = JSONRecordStream(file: file, rootPaths: [], repairsMetaText: false, recordName: "note tweets")
    stream.skipsAssignmentPrefix = true
    let iso = ISO8601DateFormatter()
    iso.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    let plain = ISO8601DateFormatter()
    var texts: [Int64: String] = [:]
    try stream.forEach(progress: nil) { record in
      let note = try record.record("noteTweet") ?? record
      guard let created = try note.string("createdAt"), let text = try note.record("core")?.string("text"),
        let date = iso.date(from: created) ?? plain.date(from: created)
      else { return }
      if let second = Int64(epochSeconds: date) { texts[second] = text }
    }
    return texts
  }

  /// Whether a post's text is the start of a long post's full text: the text without the `…` that cuts it
  /// and without the `https://t.co/…` link to the post itself that may follow, begins `full`.
  static func isStart(of full: String, _ text: String) -> Bool {
    var stem = Substring(text).trimmingCharacters(in: .whitespacesAndNewlines)[...]
    if let link = stem.range(of: #"\s*https://t\.co/[A-Za-z0-9]+$"#, options: .regularExpression) {
      stem = stem[..<link.lowerBound]
    }
    while stem.hasSuffix("…") || stem.hasSuffix("...") {
      stem = stem.hasSuffix("…") ? stem.dropLast() : stem.dropLast(3)
    }
    stem = stem.trimmingCharacters(in: .whitespacesAndNewlines)[...]
    guard stem.count >= 10 else { return false }
    return unescaped(full).hasPrefix(unescaped(String(stem)))
  }

  /// `--account`, else `userInfo.userName` in `data/manifest.js`, else `account.username` in
  /// `data/account.js` (archives shared without their manifest; nothing else of that file is kept).
  func account(in source: ExportSource, context: ImportContext, for file: ExportFile) throws -> String {
    if let account = context.account { return account }
    if let manifest = source.file(endingWith: "manifest.js") {
      var stream = JSONRecordStream(file: manifest, rootPaths: [], repairsMetaText: false, recordName: "a manifest")
      stream.skipsAssignmentPrefix = true
      if let name = try stream.value(at: ["userInfo", "userName"])?.stringValue, !name.isEmpty {
        return AccountHandle.normalized(name)
      }
    }
    if let accountFile = source.file(endingWith: "account.js") {
      var stream = JSONRecordStream(file: accountFile, rootPaths: [], repairsMetaText: false, recordName: "an account")
      stream.skipsAssignmentPrefix = true
      var name: String?
      try? stream.forEach(progress: nil) { record in
        if name == nil, let found = try record.record("account")?.string("username"), !found.isEmpty {
          name = AccountHandle.normalized(found)
        }
      }
      if let name { return name }
    }
    throw ImportError(
      .needsOption, file: file.displayName, message: "the archive does not say whose it is: pass --account NAME")
  }
}
