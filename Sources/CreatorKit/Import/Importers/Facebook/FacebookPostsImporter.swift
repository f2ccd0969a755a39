import Foundation

/// Facebook "Download your information", JSON: posts in every path generation (`posts/your_posts_1.json`,
/// `.../your_posts__check_ins__photos_and_videos_1.json`), videos (`{"videos_v2": [...]}`) and reels
/// (`{"lasso_videos_v2": [...]}`). A post's text is in `data[].post` (often absent; then a photo's own
/// `description`); `title` is a system sentence ("Ada Baker added a new photo.") and is never the caption. Attachments give the media:
/// photos, videos, links, places. Meta's byte-escaped text is repaired; EXIF and upload IPs are never decoded.
/// There is no post id in these files: a post is known by its first media file, else by its creation second.
/// A post that shows media first posted long before (a "shared a memory" post re-uses the original's files
/// with its own time and text) is known by its files and its own second, so it never merges into the
/// original. Check-ins, events, for-sale items, life events and links without text of their own are kept as
/// text posts whose caption is the attachment's words (place, event, item or link name); GPS coordinates are
/// never decoded. No metrics: Facebook's numbers come from the Business Suite export.
public struct FacebookPostsImporter: ExportImporter {
  public let name = "facebook-json"
  public let phase = ImportPhase.posts

  private static let unread: Set<String> = ["exif_data", "media_metadata", "thumbnail", "tags", "coordinate"]

  /// Media shown more than this long after they were first posted make a new post, not the original.
  private static let reshareAfter: Int64 = 86_400

  private enum Layout {
    case posts, videos(String)
  }

  public init() {}

  public func claims(_ file: ExportFile) -> Bool {
    layout(of: file) != nil
  }

  private func layout(of file: ExportFile) -> Layout? {
    switch file.shape {
    case .jsonArray(let keys)
    where keys.contains("attachments") || (keys.contains("timestamp") && keys.contains("data")):
      return .posts
    case .jsonObject(let keys) where keys.contains("videos_v2"):
      return .videos("videos_v2")
    case .jsonObject(let keys) where keys.contains("lasso_videos_v2"):
      return .videos("lasso_videos_v2")
    default:
      if file.fileName.wholeMatch(of: /your_posts(__check_ins__photos_and_videos)?_\d+\.json/) != nil { return .posts }
      return nil
    }
  }

  public func read(
    _ file: ExportFile, from source: ExportSource, context: ImportContext, into sink: any ImportSink
  ) throws {
    guard let layout = layout(of: file) else { return }
    let account = try self.account(in: source, context: context, for: file)
    var seen: [String: Int] = [:]
    func unique(_ key: String) -> String {
      seen[key, default: 0] += 1
      return seen[key]! > 1 ? "\(key)#\(seen[key]!)" : key
    }
    switch layout {
    case .posts:
      var wordsFrom: [String: Int] = [:]
      defer {
        if !wordsFrom.isEmpty {
          let kinds = wordsFrom.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
          sink.note(
            "\(file.displayName): posts without text of their own kept as text posts with their attachment's words "
              + "(\(kinds))")
        }
      }
      let stream = JSONRecordStream(
        file: file, rootKey: nil, repairsMetaText: true, recordName: "Facebook posts", skippedKeys: Self.unread)
      try stream.forEach(progress: sink) { record in
        guard let timestamp = try record.integer("timestamp") else {
          sink.skip(SkippedRecord(file: record.file, place: record.path, reason: "no timestamp"))
          return
        }
        var text = try record.records("data").compactMap { try $0.string("post") }.filter { !$0.isEmpty }
          .joined(separator: "\n\n")
        var descriptions: [String] = []
        var uris: [String] = []
        var videos = 0
        var links = 0
        var firstMediaTime: Int64?
        // The words of attachments that are not media, with what they are, for posts without text.
        var attached: [(kind: String, text: String)] = []
        for attachment in try record.records("attachments") {
          for item in try attachment.records("data") {
            if let media = try item.record("media"), let uri = try media.string("uri"), !uri.isEmpty {
              uris.append(uri)
              if firstMediaTime == nil { firstMediaTime = try media.integer("creation_timestamp") }
              if Self.isVideo(uri) { videos += 1 }
              if let description = try media.string("description"), !description.isEmpty {
                descriptions.append(description)
              }
            }
            if let link = try item.record("external_context") {
              links += 1
              if let words = try link.string("name") ?? link.string("url"), !words.isEmpty {
                attached.append(("link", words))
              }
            }
            for (key, field, kind) in Self.attachmentWords {
              if let words = try item.record(key)?.string(field), !words.isEmpty { attached.append((kind, words)) }
            }
            if let words = try item.string("text"), !words.isEmpty { attached.append(("text", words)) }
          }
        }
        // A photo posted without post text keeps the words in its own description; a check-in, event or link
        // the words of what it shows.
        if text.isEmpty, let description = descriptions.first { text = description }
        if text.isEmpty, !attached.isEmpty {
          text = attached.map(\.text).joined(separator: "\n")
          wordsFrom[attached[0].kind, default: 0] += 1
        }
        guard !text.isEmpty || !uris.isEmpty || links > 0 else {
          sink.skip(SkippedRecord(file: record.file, place: record.path, reason: "no text and no attachment"))
          return
        }
        let kind: MediaKind =
          uris.isEmpty ? .text : uris.count > 1 ? .carousel : videos > 0 ? .video : .image
        // Shared again long after it was first posted (a memory), or seen already in this file: the files and
        // this post's own second.
        let reshared =
          firstMediaTime.map { abs($0 - timestamp) > Self.reshareAfter } == true
          || uris.first.map { seen["uri:\($0)"] != nil } == true
        let keys = uris.map { reshared ? "uri:\($0)@\(timestamp)" : "uri:\($0)" }
        if let first = keys.first { seen[first, default: 0] += 1 }
        try sink.add(
          Post(
            platform: .facebook, account: account, key: keys.first ?? unique("time:\(timestamp)"),
            alternateKeys: Array(keys.dropFirst()), published: .epoch(timestamp), caption: text, mediaKind: kind,
            mediaCount: uris.count, sourceFile: record.file))
      }
    case .videos(let rootKey):
      let stream = JSONRecordStream(
        file: file, rootKey: rootKey, repairsMetaText: true, recordName: "Facebook videos", skippedKeys: Self.unread)
      try stream.forEach(progress: sink) { record in
        guard let uri = try record.string("uri"), !uri.isEmpty,
          let timestamp = try record.integer("creation_timestamp")
        else {
          sink.skip(SkippedRecord(file: record.file, place: record.path, reason: "no uri or creation_timestamp"))
          return
        }
        try sink.add(
          Post(
            platform: .facebook, account: account, key: "uri:\(uri)", published: .epoch(timestamp),
            caption: try record.string("description") ?? "", mediaKind: rootKey == "lasso_videos_v2" ? .reel : .video,
            sourceFile: record.file))
      }
    }
  }

  /// Attachments that are not media, the field that holds their words, and what they are called in the
  /// import's note.
  private static let attachmentWords: [(key: String, field: String, kind: String)] = [
    ("place", "name", "check-in"), ("event", "name", "event"), ("for_sale_item", "title", "for-sale item"),
    ("life_event", "title", "life event"), ("fundraiser", "title", "fundraiser"),
  ]

  static func isVideo(_ uri: String) -> Bool {
    let lower = uri.lowercased()
    return lower.hasSuffix(".mp4") || lower.hasSuffix(".mov") || lower.contains("/videos/")
  }

  /// `--account`, else the name in `profile_information.json`, else a `facebook-<name>-<date>` folder name.
  func account(in source: ExportSource, context: ImportContext, for file: ExportFile) throws -> String {
    if let account = context.account { return account }
    if let profile = source.file(endingWith: "profile_information.json") {
      let stream = JSONRecordStream(file: profile, rootKey: nil, repairsMetaText: true, recordName: "a profile")
      if let name = try? stream.value(at: ["profile_v2", "name", "full_name"])?.stringValue, !name.isEmpty {
        return AccountHandle.normalized(name)
      }
    }
    for name in [file.relativePath.split(separator: "/").first.map(String.init), source.url.lastPathComponent] {
      if let name, let match = name.wholeMatch(of: /facebook-([A-Za-z0-9._]+?)(-\d{4}-\d{2}-\d{2}.*)?(\.zip)?/) {
        return String(match.1)
      }
    }
    throw ImportError(
      .needsOption, file: file.displayName, message: "the export does not say whose it is: pass --account NAME")
  }
}
