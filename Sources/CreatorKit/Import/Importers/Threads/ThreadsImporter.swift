import Foundation

/// Threads posts and replies from the Instagram export:
/// `your_instagram_activity/threads/threads_and_replies.json`, shaped
/// `{"text_post_app_text_posts": [{"media": [...], "title"?, "creation_timestamp"?}]}` with Instagram's caption
/// rule (several media: text and time at the top level; one: in `media[0]`) and Meta's byte-escaped text.
/// Text-only posts have `"uri": ""`. No metrics.
///
/// Replies are mixed in with posts. The file has no documented reply field, so a reply is told apart by:
/// 1. an explicit marker when an export carries one (`is_reply: true`, or a non-empty `reply_to...`,
///    `in_reply_to...`, `replied_to...` or `parent_post...` member on the entry, its media or `text_app_post`);
/// 2. failing that, in a file where some entries carry the reply setting (`text_app_post.reply_control`,
///    "who can reply", chosen when a thread is started) and others do not, the ones without it.
/// The import notes which rule decided, so the user can check it against their own export.
public struct ThreadsImporter: ExportImporter {
  /// The name recorded with every import that this importer read a file of: `threads-json`.
  public let name = "threads-json"
  /// Reads in the posts phase: its files create posts.
  public let phase = ImportPhase.posts

  private static let rootKey = "text_post_app_text_posts"

  /// Members never decoded: EXIF (GPS, device ids, upload IPs) and media detail nothing uses.
  private static let unread: Set<String> = [
    "exif_data", "camera_metadata", "dubbing_info", "media_variants", "cross_post_source", "geo_gated_country_list",
  ]

  /// How an entry says whether it replies to another post.
  private enum ReplyEvidence {
    case marked(Bool)
    case replySetting(Bool)
  }

  /// An importer; it keeps no state between files, so one instance reads any number of imports.
  public init() {}

  /// Whether `file` is one of the files this importer reads, judged from its shape (its keys or header) first and its
  /// path second.
  public func claims(_ file: ExportFile) -> Bool {
    if case .jsonObject(let keys) = file.shape, keys.contains(Self.rootKey) { return true }
    return file.fileName == "threads_and_replies.json"
  }

  /// Reads `file` into `sink`: every post and metric reading it holds, and each record it cannot use as a skipped
  /// record with its place and reason. Throws `ImportError` naming the file and place on input that is broken as a
  /// whole.
  public func read(
    _ file: ExportFile, from source: ExportSource, context: ImportContext, into sink: any ImportSink
  ) throws {
    let account = try InstagramExport.account(in: source, context: context, for: file)
    let stream = JSONRecordStream(
      file: file, rootKey: Self.rootKey, repairsMetaText: true, recordName: "Threads posts", skippedKeys: Self.unread)
    // Held until the file is read: whether a missing reply setting means "reply" depends on the whole file.
    var entries: [(post: Post, evidence: ReplyEvidence)] = []
    var keysSeen: [String: Int] = [:]
    try stream.forEach(progress: sink) { record in
      guard var entry = try entry(record, account: account, sink: sink) else { return }
      let seen = keysSeen[entry.post.key, default: 0]
      keysSeen[entry.post.key] = seen + 1
      // Two text posts in the same second: the second keeps the order the export lists them in.
      if seen > 0 { entry.post.key += "#\(seen + 1)" }
      entries.append(entry)
    }
    var (withSetting, withoutSetting) = (0, 0)
    for case .replySetting(let hasSetting) in entries.map(\.evidence) {
      if hasSetting { withSetting += 1 } else { withoutSetting += 1 }
    }
    let mixedSettings = withSetting > 0 && withoutSetting > 0
    var inferred = 0
    for (var post, evidence) in entries {
      switch evidence {
      case .marked(let isReply):
        post.relation = isReply ? .reply : .own
      case .replySetting(let hasSetting):
        post.relation = mixedSettings && !hasSetting ? .reply : .own
        if post.relation == .reply { inferred += 1 }
      }
      try sink.add(post)
    }
    if inferred > 0 {
      sink.note(
        "\(file.displayName): \(inferred) of \(entries.count) entries taken as replies because they lack the reply "
          + "setting (text_app_post.reply_control) that the file's other entries carry")
    } else if withSetting + withoutSetting == entries.count && entries.count > 1 {
      sink.note("\(file.displayName): no entry is marked as a reply, so all \(entries.count) are counted as posts")
    }
  }

  private func entry(_ record: JSONRecord, account: String, sink: any ImportSink) throws -> (
    post: Post, evidence: ReplyEvidence
  )? {
    let media = try record.records("media")
    let first = try media.first.map { (title: try $0.string("title"), timestamp: try $0.integer("creation_timestamp")) }
    let (caption, timestamp) = InstagramExport.captionAndTime(
      top: (try record.string("title"), try record.integer("creation_timestamp")), first: first,
      mediaCount: media.count)
    guard let timestamp else {
      sink.skip(SkippedRecord(file: record.file, place: record.path, reason: "no creation_timestamp"))
      return nil
    }
    let uris = try media.compactMap { try $0.string("uri") }.filter { !$0.isEmpty }
    guard !uris.isEmpty || !caption.isEmpty else {
      sink.skip(SkippedRecord(file: record.file, place: record.path, reason: "neither text nor media"))
      return nil
    }
    let keys = uris.flatMap(InstagramExport.keys(forURI:))
    let mediaKind: MediaKind
    switch uris.count {
    case 0: mediaKind = .text
    case 1: mediaKind = try isVideo(uri: uris[0], media: media[0]) ? .video : .image
    default: mediaKind = .carousel
    }
    let post = Post(
      platform: .threads, account: account, key: keys.first ?? "thread:\(timestamp)",
      alternateKeys: Array(keys.dropFirst()), published: .epoch(timestamp), caption: caption, mediaKind: mediaKind,
      mediaCount: uris.count, sourceFile: record.file)
    return (post, try evidence(record, media: media))
  }

  private func evidence(_ record: JSONRecord, media: [JSONRecord]) throws -> ReplyEvidence {
    var settings: [JSONRecord] = []
    for part in [record] + media {
      if let marked = Self.replyMarker(in: part.object) { return .marked(marked) }
      if let post = try part.record("text_app_post") {
        if let marked = Self.replyMarker(in: post.object) { return .marked(marked) }
        settings.append(post)
      }
    }
    return .replySetting(settings.contains { $0.has("reply_control") })
  }

  /// True or false when the object says outright whether it is a reply; nil when it does not say.
  private static func replyMarker(in object: JSONObject) -> Bool? {
    for (key, value) in object.members {
      let key = key.lowercased()
      if key == "is_reply" {
        if case .bool(let flag) = value { return flag }
        if case .string(let text) = value { return ["true", "1", "yes"].contains(text.lowercased()) }
      }
      let names = ["reply_to", "in_reply_to", "replied_to", "parent_post"]
      guard names.contains(where: { key.hasPrefix($0) }) else { continue }
      switch value {
      case .null: return false
      case .string(let text): return !text.isEmpty
      case .object(let child): return !child.members.isEmpty
      case .array(let items): return !items.isEmpty
      case .bool(let flag): return flag
      case .int, .double: return true
      }
    }
    return nil
  }

  private func isVideo(uri: String, media: JSONRecord) throws -> Bool {
    if let metadata = try media.record("media_metadata") {
      if metadata.has("video_metadata") { return true }
      if metadata.has("photo_metadata") { return false }
    }
    return InstagramExport.videoEndings.contains(PathText.ending(uri))
  }
}
