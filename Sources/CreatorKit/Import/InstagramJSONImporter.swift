import Foundation

/// Instagram "Download your information" in JSON, every layout generation (`content/`,
/// `your_instagram_activity/content/`, `your_instagram_activity/media/`): `posts_N.json`, `reels.json`
/// and `stories.json`. These carry captions, times and media but no metrics; the insights importer joins
/// those on by media id.
///
/// The caption rule that trips naive parsers: a carousel (more than one media) has its caption and time at
/// the top level and empty child titles; a single-media post has no top-level keys and keeps its caption in
/// `media[0].title`. EXIF (GPS, device ids) and upload IPs are never read.
public struct InstagramJSONImporter: ExportImporter {
  public let name = "instagram-json"
  public let phase = ImportPhase.posts

  /// Files shaped like posts but not published posts.
  private static let notPublished: Set<String> = [
    "archived_posts.json", "recently_deleted_content.json", "profile_photos.json", "other_content.json",
  ]

  private enum Layout {
    case posts, reels, stories

    var rootKey: String? {
      switch self {
      case .posts: nil
      case .reels: "ig_reels_media"
      case .stories: "ig_stories"
      }
    }

    var recordName: String {
      switch self {
      case .posts: "posts"
      case .reels: "reels"
      case .stories: "stories"
      }
    }
  }

  /// Members never decoded: EXIF (GPS, device ids, upload IPs) and other media detail no statistic uses.
  private static let unread: Set<String> = [
    "exif_data", "dubbing_info", "media_variants", "cross_post_source", "subtitles", "camera_metadata",
  ]

  public init() {}

  public func claims(_ file: ExportFile) -> Bool {
    layout(of: file) != nil
  }

  private func layout(of file: ExportFile) -> Layout? {
    guard !Self.notPublished.contains(file.fileName) else { return nil }
    switch file.shape {
    case .jsonArray(let keys) where keys.contains("media") && !keys.contains("attachments"):
      return .posts
    case .jsonObject(let keys) where keys.contains("ig_reels_media"):
      return .reels
    case .jsonObject(let keys) where keys.contains("ig_stories"):
      return .stories
    default:
      // A file in a known place whose content is broken is still ours, so its error is reported.
      let path = file.lowercasedPath
      guard path.contains("content/") || path.contains("media/") || !path.contains("/") else { return nil }
      if file.fileName.wholeMatch(of: /posts_\d+\.json/) != nil { return .posts }
      if file.fileName == "reels.json" && !path.contains("insights") { return .reels }
      if file.fileName == "stories.json" && !path.contains("insights") { return .stories }
      return nil
    }
  }

  public func read(
    _ file: ExportFile, from source: ExportSource, context: ImportContext, into sink: any ImportSink
  ) throws {
    guard let layout = layout(of: file) else { return }
    let account = try InstagramExport.account(in: source, context: context, for: file)
    let stream = JSONRecordStream(
      file: file, rootKey: layout.rootKey, repairsMetaText: true, recordName: layout.recordName,
      skippedKeys: Self.unread)
    try stream.forEach(progress: sink) { record in
      let post: Post?
      switch layout {
      case .posts: post = try feedPost(record, account: account, kind: nil, sink: sink)
      case .reels: post = try feedPost(record, account: account, kind: .reel, sink: sink)
      case .stories: post = try story(record, account: account, sink: sink)
      }
      if let post { try sink.add(post) }
    }
  }

  /// A post or reel: `{"media": [...], "title"?, "creation_timestamp"?}`.
  private func feedPost(_ record: JSONRecord, account: String, kind: MediaKind?, sink: any ImportSink) throws -> Post? {
    let media = try record.records("media")
    guard let first = media.first else {
      sink.skip(SkippedRecord(file: record.file, place: record.path, reason: "no media in the post"))
      return nil
    }
    let isCarousel = media.count > 1
    let caption: String
    let timestamp: Int64?
    if isCarousel {
      caption = try record.string("title") ?? first.string("title") ?? ""
      timestamp = try record.integer("creation_timestamp") ?? first.integer("creation_timestamp")
    } else {
      let own = try first.string("title") ?? ""
      caption = own.isEmpty ? (try record.string("title") ?? "") : own
      timestamp = try first.integer("creation_timestamp") ?? record.integer("creation_timestamp")
    }
    guard let timestamp else {
      sink.skip(SkippedRecord(file: record.file, place: record.path, reason: "no creation_timestamp"))
      return nil
    }
    let uris = try media.compactMap { try $0.string("uri") }.filter { !$0.isEmpty }
    let keys = uris.flatMap(InstagramExport.keys(forURI:))
    guard let key = keys.first else {
      sink.skip(SkippedRecord(file: record.file, place: record.path, reason: "no media URI to identify the post"))
      return nil
    }
    let mediaKind: MediaKind
    if let kind {
      mediaKind = kind
    } else if isCarousel {
      mediaKind = .carousel
    } else {
      mediaKind = try isVideo(first) ? .video : .image
    }
    return Post(
      platform: .instagram, account: account, key: key, alternateKeys: Array(keys.dropFirst()),
      published: .epoch(timestamp), caption: caption, mediaKind: mediaKind, mediaCount: media.count,
      sourceFile: record.file)
  }

  /// A story: a flat media object `{"uri", "creation_timestamp", "title", ...}`.
  private func story(_ record: JSONRecord, account: String, sink: any ImportSink) throws -> Post? {
    guard let timestamp = try record.integer("creation_timestamp") else {
      sink.skip(SkippedRecord(file: record.file, place: record.path, reason: "no creation_timestamp"))
      return nil
    }
    let keys = InstagramExport.keys(forURI: try record.string("uri") ?? "")
    guard let key = keys.first else {
      sink.skip(SkippedRecord(file: record.file, place: record.path, reason: "no media URI to identify the story"))
      return nil
    }
    return Post(
      platform: .instagram, account: account, key: key, alternateKeys: Array(keys.dropFirst()),
      published: .epoch(timestamp), caption: try record.string("title") ?? "", mediaKind: .story,
      sourceFile: record.file)
  }

  /// Video when the metadata says so, or when the URI has a video ending or none at all (2024 videos).
  private func isVideo(_ media: JSONRecord) throws -> Bool {
    if let metadata = try media.record("media_metadata") {
      if metadata.has("video_metadata") { return true }
      if metadata.has("photo_metadata") { return false }
    }
    let ending = ((try media.string("uri") ?? "") as NSString).pathExtension.lowercased()
    return ending.isEmpty || ["mp4", "mov", "m4v", "webm"].contains(ending)
  }
}
