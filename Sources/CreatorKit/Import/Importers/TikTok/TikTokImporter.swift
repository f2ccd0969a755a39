import Foundation

/// TikTok "Download your data", JSON: `user_data.json` (older) or `user_data_tiktok.json` (2024+), one big
/// object. Own posts sit under `Video.Videos.VideoList` in some exports and `Post.Posts.VideoList` in others;
/// an empty list is `null`. Each post has a zone-less `Date` (read in the account's zone, marked assumed), a
/// `Title` (the caption, often empty) and `Likes` as text; `N/A` and `None` mean nothing. Likes are the only
/// metric. `Link` is a signed, expiring file URL, so it is not the post's identity: the creation second is
/// (`time:2024-11-24 08:53:18`), which a later export of the same account repeats. Watch history, messages
/// and the rest of the file are skipped without being decoded.
public struct TikTokImporter: ExportImporter {
  public let name = "tiktok-json"
  public let phase = ImportPhase.posts

  static let postPaths = [["Video", "Videos", "VideoList"], ["Post", "Posts", "VideoList"]]
  static let deletedPaths = [
    ["Video", "RecentlyDeletedPosts", "PostList"], ["Post", "Recently Deleted Posts", "PostList"],
  ]

  public init() {}

  public func claims(_ file: ExportFile) -> Bool {
    // By name first: a broken file of ours is still ours, so its error is reported.
    if file.fileName == "user_data.json" || file.fileName == "user_data_tiktok.json" { return true }
    guard case .jsonObject(let keys) = file.shape else { return false }
    let sections = Set(keys)
    return (sections.contains("Video") || sections.contains("Post"))
      && (sections.contains("Profile") || sections.contains("Activity") || sections.contains("Your Activity"))
  }

  public func read(
    _ file: ExportFile, from source: ExportSource, context: ImportContext, into sink: any ImportSink
  ) throws {
    let account = try self.account(in: file, context: context)
    let times = PublishTimeParser(timeZone: context.timeZone)
    var seen: [String: Int] = [:]
    // One pass over the file: posts, and the recently deleted ones, which are only counted.
    let stream = JSONRecordStream(
      file: file, rootPaths: Self.postPaths + Self.deletedPaths, repairsMetaText: false, recordName: "TikTok posts")
    var deleted = 0
    try stream.forEach(progress: sink) { record in
      if Self.deletedPaths.contains(where: { record.path.hasPrefix("$." + $0.joined(separator: ".")) }) {
        deleted += 1
        return
      }
      guard let dateText = try record.string("Date"), let time = times.parse(dateText) else {
        sink.skip(SkippedRecord(file: record.file, place: record.path, reason: "no readable Date"))
        return
      }
      // Two posts in the same second (rare) keep apart by their order in the file.
      var key = "time:" + dateText.trimmed
      seen[key, default: 0] += 1
      if let count = seen[key], count > 1 { key += "#\(count)" }
      let title = Self.text(try record.string("Title")) ?? ""
      var values = MetricValues()
      switch record.object["Likes"] {
      case nil, .null?: break
      case .string(let text)?: values[.likes] = Self.count(text)
      case .int(let number)?: values[.likes] = number
      case let other?: throw record.wrongType("Likes", expected: "a count", found: other)
      }
      try sink.add(
        Post(
          platform: .tiktok, account: account, key: key, published: time, caption: title, mediaKind: .video,
          sourceFile: record.file),
        metrics: values, observedAt: context.observedAt, source: name, place: record.path)
    }
    if let note = times.transitionNote(file: file.displayName) { sink.note(note) }
    if deleted > 0 {
      sink.note("\(file.displayName): \(deleted) recently deleted post\(deleted == 1 ? "" : "s") left out")
    }
  }

  /// `--account`, else `Profile."Profile Information".ProfileMap.userName`.
  func account(in file: ExportFile, context: ImportContext) throws -> String {
    if let account = context.account { return account }
    let stream = JSONRecordStream(file: file, rootPaths: [], repairsMetaText: false, recordName: "a profile")
    for path in [["Profile", "Profile Information", "ProfileMap"], ["Profile", "Profile Info", "ProfileMap"]] {
      if let name = try stream.value(at: path)?["userName"]?.stringValue, let text = Self.text(name) {
        return AccountHandle.normalized(text)
      }
    }
    throw ImportError(
      .needsOption, file: file.displayName, message: "the export does not say whose it is: pass --account NAME")
  }

  /// Text, with TikTok's placeholders for nothing taken as nothing.
  static func text(_ value: String?) -> String? {
    guard let value = value?.trimmed, !value.isEmpty,
      !["N/A", "None", "null"].contains(value)
    else { return nil }
    return value
  }

  static func count(_ value: String?) -> Int64? {
    guard let text = text(value), case .value(let number) = MetricNumber(text) else { return nil }
    return number
  }
}
