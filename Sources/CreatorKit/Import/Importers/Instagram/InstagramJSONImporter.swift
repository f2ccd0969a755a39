import Foundation

/// Instagram "Download your information" in JSON, every layout generation (`content/`,
/// `your_instagram_activity/content/`, `your_instagram_activity/media/`): `posts_N.json`, `reels.json`
/// and `stories.json`. These carry captions, times and media but no metrics; the insights importer joins
/// those on by media id.
///
/// The caption rule that trips naive parsers: a carousel (more than one media) has its caption and time at
/// the top level and empty child titles; a single-media post has no top-level keys and keeps its caption in
/// `media[0].title`. EXIF (GPS, device ids) and upload IPs are never read.
///
/// Archived posts (`archived_posts.json`, `ig_archived_post_media`), which the creator hid from the profile,
/// are read the same way and marked archived: listed, and left out of statistics unless asked for.
public struct InstagramJSONImporter: ExportImporter {
  /// The name recorded with every import that this importer read a file of: `instagram-json`.
  public let name = "instagram-json"
  /// Reads in the posts phase: its files create posts.
  public let phase = ImportPhase.posts

  /// Files shaped like posts but not published posts.
  private static let notPublished: Set<String> = [
    "recently_deleted_content.json", "profile_photos.json", "other_content.json",
  ]

  private enum Layout {
    case posts, reels, stories, archived

    var rootKey: String? {
      switch self {
      case .posts: nil
      case .reels: "ig_reels_media"
      case .stories: "ig_stories"
      case .archived: "ig_archived_post_media"
      }
    }

    var recordName: String {
      switch self {
      case .posts: "posts"
      case .reels: "reels"
      case .stories: "stories"
      case .archived: "archived posts"
      }
    }
  }

  /// An importer; it keeps no state between files, so one instance reads any number of imports.
  public init() {}

  /// Whether `file` is one of the files this importer reads, judged from its shape (its keys or header) first and its
  /// path second.
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
    case .jsonObject(let keys) where keys.contains("ig_archived_post_media"):
      return .archived
    default:
      // A file in a known place whose content is broken is still ours, so its error is reported.
      let path = file.lowercasedPath
      guard path.contains("content/") || path.contains("media/") || !path.contains("/") else { return nil }
      if file.fileName.wholeMatch(of: /posts_\d+\.json/) != nil { return .posts }
      if file.fileName == "reels.json" && !path.contains("insights") { return .reels }
      if file.fileName == "stories.json" && !path.contains("insights") { return .stories }
      if file.fileName == "archived_posts.json" { return .archived }
      return nil
    }
  }

  /// Reads `file` into `sink`: every post and metric reading it holds, and each record it cannot use as a skipped
  /// record with its place and reason. Throws `ImportError` naming the file and place on input that is broken as a
  /// whole.
  public func read(
    _ file: ExportFile, from source: ExportSource, context: ImportContext, into sink: any ImportSink
  ) throws {
    guard let layout = layout(of: file) else { return }
    let account = try InstagramExport.account(in: source, context: context, for: file)
    let stream = JSONRecordStream(
      file: file, rootKey: layout.rootKey, repairsMetaText: true, recordName: layout.recordName)
    // Records are read straight off the stream reader, keeping only the fields below: building each as a
    // `JSONValue` tree cost more than reading it.
    try stream.forEachUnbuilt(progress: sink) { reader, index in
      _ = try reader.peekValueStart()  // to the record's first line
      let record = RecordReader(
        reader: reader, file: file.displayName, path: layout.rootKey.map { "$.\($0)[\(index)]" } ?? "$[\(index)]",
        line: reader.place.line)
      var post: Post?
      switch layout {
      case .posts: post = try feedPost(record, account: account, kind: nil, sink: sink)
      case .reels: post = try feedPost(record, account: account, kind: .reel, sink: sink)
      case .stories: post = try story(record, account: account, sink: sink)
      case .archived:
        post = try feedPost(record, account: account, kind: nil, sink: sink)
        post?.archived = true
      }
      if var post {
        post.media = post.media.map { MediaLocation(export: source.url.path, path: $0.path) }
        try sink.add(post)
      }
    }
  }

  /// The fields of a post or of one of its media that the importer uses.
  private struct Fields {
    var uri: String?
    var timestamp: Int64?
    var title: String?
    /// True with `video_metadata`, false with only `photo_metadata`, nil without either.
    var isVideo: Bool?
    var media: [Fields] = []
  }

  /// Reads one record's fields, reporting a wrong type as `posts_1.json: $[3].media[0].title (record at line
  /// 42): expected text, found a number`.
  private struct RecordReader {
    let reader: JSONStreamReader
    let file: String
    let path: String
    let line: Int

    func wrongType(_ expected: String, found: JSONValue) -> ImportError {
      ImportError(
        file: file, place: "\(reader.pathDescription) (record at line \(line))",
        message: "expected \(expected), found \(found.kindName)")
    }

    /// An object's fields; media only at the top (`nested` false).
    func fields(nested: Bool) throws -> Fields {
      var fields = Fields()
      guard try reader.peekValueStart() == UInt8(ascii: "{") else {
        throw wrongType("an object", found: try reader.readValue())
      }
      try reader.beginObject()
      while let key = try reader.nextKey() {
        switch key {
        case "uri": fields.uri = try text()
        case "title": fields.title = try text()
        case "creation_timestamp": fields.timestamp = try wholeNumber()
        case "media_metadata": fields.isVideo = try mediaKind()
        case "media" where !nested:
          switch try reader.peekValueStart() {
          case UInt8(ascii: "n"): try reader.skipValue()
          case UInt8(ascii: "["):
            try reader.beginArray()
            while try reader.nextElement() { fields.media.append(try self.fields(nested: true)) }
          default: throw wrongType("an array", found: try reader.readValue())
          }
        default:
          // EXIF (GPS, device ids, upload IPs) and every other member are passed over undecoded.
          try reader.skipValue()
        }
      }
      return fields
    }

    private func text() throws -> String? {
      switch try reader.readValue() {
      case .null: return nil
      case .string(let text): return text
      case let other: throw wrongType("text", found: other)
      }
    }

    private func wholeNumber() throws -> Int64? {
      switch try reader.readValue() {
      case .null: return nil
      case let value:
        if let whole = value.wholeNumber { return whole }
        throw ImportError(
          file: file, place: "\(reader.pathDescription) (record at line \(line))", message: value.notWholeNumber)
      }
    }

    /// `video_metadata` makes a video, `photo_metadata` alone a photo.
    private func mediaKind() throws -> Bool? {
      switch try reader.peekValueStart() {
      case UInt8(ascii: "n"):
        try reader.skipValue()
        return nil
      case UInt8(ascii: "{"):
        var isVideo: Bool?
        try reader.beginObject()
        while let key = try reader.nextKey() {
          if key == "video_metadata" {
            isVideo = true
          } else if key == "photo_metadata" && isVideo == nil {
            isVideo = false
          }
          try reader.skipValue()
        }
        return isVideo
      default:
        throw wrongType("an object", found: try reader.readValue())
      }
    }
  }

  /// A post or reel: `{"media": [...], "title"?, "creation_timestamp"?}`.
  private func feedPost(_ record: RecordReader, account: String, kind: MediaKind?, sink: any ImportSink) throws -> Post?
  {
    let post = try record.fields(nested: false)
    let media = post.media
    guard let first = media.first else {
      sink.skip(SkippedRecord(file: record.file, place: record.path, reason: "no media in the post"))
      return nil
    }
    let isCarousel = media.count > 1
    let (caption, timestamp) = InstagramExport.captionAndTime(
      top: (post.title, post.timestamp), first: (first.title, first.timestamp), mediaCount: media.count)
    guard let timestamp else {
      sink.skip(SkippedRecord(file: record.file, place: record.path, reason: "no creation_timestamp"))
      return nil
    }
    let uris = media.compactMap(\.uri).filter { !$0.isEmpty }
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
      mediaKind = isVideo(first) ? .video : .image
    }
    var read = Post(
      platform: .instagram, account: account, key: key, alternateKeys: Array(keys.dropFirst()),
      published: .epoch(timestamp), caption: caption, mediaKind: mediaKind, mediaCount: media.count,
      sourceFile: record.file)
    // The export's path is filled in by `read`, which knows the source.
    read.media = MediaLocation.photo(uris.first, in: "")
    return read
  }

  /// A story: a flat media object `{"uri", "creation_timestamp", "title", ...}`.
  private func story(_ record: RecordReader, account: String, sink: any ImportSink) throws -> Post? {
    let story = try record.fields(nested: true)
    guard let timestamp = story.timestamp else {
      sink.skip(SkippedRecord(file: record.file, place: record.path, reason: "no creation_timestamp"))
      return nil
    }
    let keys = InstagramExport.keys(forURI: story.uri ?? "")
    guard let key = keys.first else {
      sink.skip(SkippedRecord(file: record.file, place: record.path, reason: "no media URI to identify the story"))
      return nil
    }
    return Post(
      platform: .instagram, account: account, key: key, alternateKeys: Array(keys.dropFirst()),
      published: .epoch(timestamp), caption: story.title ?? "", mediaKind: .story, sourceFile: record.file)
  }

  /// Video when the metadata says so, or when the URI has a video ending or none at all (2024 videos).
  private func isVideo(_ media: Fields) -> Bool {
    if let isVideo = media.isVideo { return isVideo }
    let ending = PathText.ending(media.uri ?? "")
    return ending.isEmpty || InstagramExport.videoEndings.contains(ending)
  }
}
