import Foundation

/// Instagram "Download your information" in HTML: the same paths as the JSON export with `.html`
/// (`posts_1.html`, `reels.html`, `stories.html`). Meta obfuscates its CSS class names (`_2pin _a6_q`), so
/// nothing here reads a class: a post is the innermost block that holds both media (an `img`, `video` or
/// link to a file under `media/`) and a date line (`Oct 19, 2025 6:11 pm`, the account's zone, marked
/// assumed); its caption is the block's `h2`. The text is real UTF-8 with entities (`&#064;` for `@`), which
/// libxml2 decodes. Keys come from the media files, as in the JSON export, so insights join the same way.
public struct InstagramHTMLImporter: ExportImporter {
  /// The name recorded with every import that this importer read a file of: `instagram-html`.
  public let name = "instagram-html"
  /// Reads in the posts phase: its files create posts.
  public let phase = ImportPhase.posts

  /// An importer; it keeps no state between files, so one instance reads any number of imports.
  public init() {}

  /// Whether `file` is one of the files this importer reads, judged from its shape (its keys or header) first and its
  /// path second.
  public func claims(_ file: ExportFile) -> Bool {
    kind(of: file) != nil
  }

  /// The kind every item of the page has (nil: worked out per item), and whether the page holds archived
  /// posts; nil for a page this importer does not read.
  private func kind(of file: ExportFile) -> (kind: MediaKind?, archived: Bool)? {
    let path = file.lowercasedPath
    guard path.hasSuffix(".html"), !path.contains("insights"),
      path.contains("content/") || path.contains("media/") || !path.contains("/")
    else { return nil }
    // A browser that downloads a page twice names the copy `posts_1 (1).html`.
    let name = file.fileName.replacing(/\s\(\d+\)(?=\.html$)/, with: "")
    if name.wholeMatch(of: /posts_\d+\.html/) != nil { return (nil, false) }
    if name == "archived_posts.html" { return (nil, true) }
    if name == "reels.html" { return (.reel, false) }
    if name == "stories.html" { return (.story, false) }
    return nil
  }

  static let datePattern = try! NSRegularExpression(
    pattern: #"^[A-Z][a-z]{2} \d{1,2}, \d{4} \d{1,2}:\d{2}\s?[ap]m$"#, options: [.caseInsensitive])

  /// Reads `file` into `sink`: every post and metric reading it holds, and each record it cannot use as a skipped
  /// record with its place and reason. Throws `ImportError` naming the file and place on input that is broken as a
  /// whole.
  public func read(
    _ file: ExportFile, from source: ExportSource, context: ImportContext, into sink: any ImportSink
  ) throws {
    guard let (fixedKind, archived) = kind(of: file) else { return }
    let account = try InstagramExport.account(in: source, context: context, for: file)
    let root = try HTMLNode.load(file)
    // The wall clock is read as UTC, then placed in the account's zone: a time a daylight-saving change
    // skipped or repeated is read as the CSV importers read it (forward, or the first), not dropped.
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = "MMM d, yyyy h:mm a"
    let zone = ZoneOffsets(context.timeZone)
    var items: [(media: [(uri: String, video: Bool)], caption: String, date: String?)] = []
    Self.collect(root, into: &items)
    guard !items.isEmpty else {
      throw ImportError(
        file: file.displayName, message: "unknown layout: no post blocks (media with a date) in the page")
    }
    for (index, item) in items.enumerated() {
      let place = "post \(index + 1)"
      guard let dateText = item.date, let wallClock = formatter.date(from: Self.upperCasedMeridiem(dateText)),
        let local = Int64(epochSeconds: wallClock)
      else {
        sink.skip(SkippedRecord(file: file.displayName, place: place, reason: "no readable date"))
        continue
      }
      let keys = item.media.flatMap { InstagramExport.keys(forURI: $0.uri) }
      guard let key = keys.first else {
        sink.skip(SkippedRecord(file: file.displayName, place: place, reason: "no media to identify the post"))
        continue
      }
      let kind: MediaKind =
        fixedKind ?? (item.media.count > 1 ? .carousel : item.media.first?.video == true ? .video : .image)
      var post = Post(
        platform: .instagram, account: account, key: key, alternateKeys: Array(keys.dropFirst()),
        published: PostTime(
          date: Date(timeIntervalSince1970: TimeInterval(zone.resolve(local: local).instant)),
          assumedTimeZone: context.timeZone.name), caption: item.caption,
        mediaKind: kind, mediaCount: item.media.count, sourceFile: file.displayName, archived: archived)
      post.media = MediaLocation.photo(item.media.first?.uri, in: source.url.path)
      try sink.add(post)
    }
  }

  /// `6:11 pm` as DateFormatter reads it: `6:11 PM`.
  static func upperCasedMeridiem(_ text: String) -> String {
    let lower = text.lowercased()
    guard lower.hasSuffix("am") || lower.hasSuffix("pm") else { return text }
    return String(text.dropLast(2)) + text.suffix(2).uppercased()
  }

  /// Finds the post blocks: going down from the page, a block whose children split its media among several
  /// blocks with a caption or a date line holds several posts; a block whose media sit in children without
  /// either (a carousel's images, each maybe with its metadata tables) is one post. A block with media in one
  /// child is the post when something beside that child holds its caption, date or insights table (real
  /// archives put `Source type` tables inside the media block, before the date line that sits beside it);
  /// otherwise the post is further down. A post without a date line is kept, to be reported skipped.
  static func collect(
    _ node: HTMLNode, into items: inout [(media: [(uri: String, video: Bool)], caption: String, date: String?)]
  ) {
    for block in postBlocks(node) {
      var caption: String?
      block.walk { node in
        if caption == nil, node.name == "h2" { caption = node.textKeepingLineBreaks }
      }
      items.append((Self.media(in: block), caption ?? "", Self.dates(in: block).last))
    }
  }

  static func postBlocks(_ node: HTMLNode) -> [HTMLNode] {
    let holders = node.children.indices.filter { !node.children[$0].isText && !media(in: node.children[$0]).isEmpty }
    switch holders.count {
    case 0:
      return []
    case 1:
      let holder = holders[0]
      let textBeside = node.children.indices.contains { $0 != holder && hasPostText(node.children[$0]) }
      return textBeside ? [node] : postBlocks(node.children[holder]).nonEmpty ?? [node]
    default:
      let children = holders.map { node.children[$0] }
      let posts = children.filter { hasCaptionOrDate($0) }
      return posts.count >= 2 ? children.flatMap { postBlocks($0).nonEmpty ?? [$0] } : [node]
    }
  }

  /// A caption heading, an insights table or a date line somewhere below.
  static func hasPostText(_ node: HTMLNode) -> Bool {
    var found = false
    node.walk { element in
      if !found, element.name == "table" { found = true }
    }
    return found || hasCaptionOrDate(node)
  }

  /// A caption heading or a date line somewhere below: what each of several posts side by side has, and
  /// the images of one carousel do not.
  static func hasCaptionOrDate(_ node: HTMLNode) -> Bool {
    var found = false
    node.walk { element in
      if !found, element.name == "h2" { found = true }
    }
    return found || !dates(in: node).isEmpty
  }

  /// Media files under `media/` the block shows or links, once each, in order.
  static func media(in node: HTMLNode) -> [(uri: String, video: Bool)] {
    var found: [(uri: String, video: Bool)] = []
    node.walk { element in
      let uri: String?
      switch element.name {
      case "img", "video", "source": uri = element.attributes["src"]
      case "a": uri = element.attributes["href"]
      default: uri = nil
      }
      guard let uri, uri.contains("media/"), !found.contains(where: { $0.uri == uri }) else { return }
      let lower = uri.lowercased()
      found.append((uri, element.name == "video" || element.name == "source" || lower.hasSuffix(".mp4")))
    }
    return found
  }

  /// Text nodes that read as Instagram's date lines.
  static func dates(in node: HTMLNode) -> [String] {
    var found: [String] = []
    node.walk { element in
      guard element.isText else { return }
      let text = element.text.trimmingCharacters(in: .whitespacesAndNewlines)
      if datePattern.firstMatch(in: text, range: NSRange(location: 0, length: (text as NSString).length)) != nil {
        found.append(text)
      }
    }
    return found
  }
}

extension Array {
  /// The array, or nil when it is empty.
  var nonEmpty: [Element]? { isEmpty ? nil : self }
}
