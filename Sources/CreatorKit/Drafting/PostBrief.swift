import Foundation
import Yams

/// What a post should achieve, which decides the call to action, how drafts are judged and which number
/// the hashtag and timing advice optimises (`metric(on:)`).
public enum PostGoal: String, Sendable, Codable, CaseIterable {
  /// Likes, comments, shares and saves together: the default.
  case engagement
  case reach, likes, comments, shares, saves, follows, clicks, sales

  /// The per-post count this goal is judged by on `platform` (nil: engagements overall). Reach is the
  /// platform's own denominator (views on TikTok and YouTube, impressions on X and LinkedIn); sales have no
  /// count in any export, so they are judged by link clicks, the step before a sale that exports record.
  public func metric(on platform: Platform?) -> Metric? {
    switch self {
    case .engagement: nil
    case .reach: RateBasis.default(for: platform).metric
    case .likes: .likes
    case .comments: .comments
    case .shares: .shares
    case .saves: .saves
    case .follows: .follows
    case .clicks, .sales: .linkTaps
    }
  }
}

/// A planned post: the creator's brief in a Markdown file with YAML front matter, or one row of a content
/// calendar. The body (or the `notes` column) is the creator's own notes.
///
/// ```markdown
/// ---
/// platforms: [instagram, threads]
/// account: bakerbee
/// topic: Rye sourdough is back on Saturdays
/// audience: neighbours who pre-order on Fridays
/// tone: warm, a little playful
/// goal: saves
/// call_to_action: Pre-order by Friday noon
/// language: en
/// images: [rye.jpg]
/// links: [https://bakerbee.example/order]
/// include: [rye, Saturday]
/// avoid: [cheap]
/// planned: 2026-12-05T10:00:00+01:00
/// ---
/// 36-hour ferment, 30 loaves only.
/// ```
public struct PostBrief: Sendable, Equatable, Codable {
  /// Where the brief came from: a file path, or `calendar.csv, row 4`.
  public var source: String
  /// A stable id for batch state: the file name or the calendar's `id` column (else its row).
  public var id: String
  public var platforms: [Platform]
  public var account: String?
  public var topic: String
  public var audience: String?
  public var tone: String?
  public var goal: PostGoal
  public var callToAction: String?
  public var language: String?
  /// Image paths, resolved against the brief's folder.
  public var images: [String]
  public var links: [String]
  public var include: [String]
  public var avoid: [String]
  public var planned: Date?
  public var notes: String

  public init(
    source: String, id: String, platforms: [Platform], account: String? = nil, topic: String,
    audience: String? = nil, tone: String? = nil, goal: PostGoal = .engagement, callToAction: String? = nil,
    language: String? = nil, images: [String] = [], links: [String] = [], include: [String] = [],
    avoid: [String] = [], planned: Date? = nil, notes: String = ""
  ) {
    self.source = source
    self.id = id
    self.platforms = platforms
    self.account = account
    self.topic = topic
    self.audience = audience
    self.tone = tone
    self.goal = goal
    self.callToAction = callToAction
    self.language = language
    self.images = images
    self.links = links
    self.include = include
    self.avoid = avoid
    self.planned = planned
    self.notes = notes
  }

  /// The fields a brief may set, as written in front matter and calendar headers.
  public static let fields = [
    "id", "platform", "platforms", "account", "topic", "audience", "tone", "goal", "call_to_action", "cta", "language",
    "images", "links", "include", "avoid", "planned", "notes",
  ]

  /// The longest front matter read, in bytes.
  static let largestFrontMatter = 64 << 10
  /// The longest notes read, in bytes.
  static let largestNotes = 1 << 20
  /// The most items in one list field (`include`, `avoid`, `images`, ...).
  static let mostListItems = 100

  /// Reads a post file: `---` front matter, then the notes.
  public static func load(_ url: URL) throws -> PostBrief {
    guard FileManager.default.fileExists(atPath: url.path) else {
      throw BriefError(source: url.path, message: "no such file", kind: .unreadable)
    }
    guard RegularFile.exists(at: url) else {
      throw BriefError(source: url.path, message: "cannot read the post file (not a regular file)")
    }
    let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
    guard size <= largestFrontMatter + largestNotes else {
      throw BriefError(source: url.path, message: "the post file is larger than 1 MiB: not a post's brief")
    }
    let text: String
    do { text = try String(contentsOf: url, encoding: .utf8) } catch {
      throw BriefError(source: url.path, message: "cannot read the post file (is it UTF-8 text?)")
    }
    return try parse(text, source: url.path, folder: url.deletingLastPathComponent())
  }

  /// Parses post-file text; `folder` resolves relative image paths.
  public static func parse(_ text: String, source: String, folder: URL? = nil) throws -> PostBrief {
    var body = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
    body = body.replacingOccurrences(of: "\r\n", with: "\n")
    guard body.hasPrefix("---\n") else {
      throw BriefError(source: source, line: 1, message: "a post file starts with '---' and YAML front matter")
    }
    let rest = body.dropFirst(4)
    guard
      let end = rest.range(of: "\n---\n")
        ?? (rest.hasSuffix("\n---") ? rest.range(of: "\n---", options: .backwards) : nil)
    else {
      throw BriefError(source: source, message: "the front matter has no closing '---' line")
    }
    let yaml = String(rest[..<end.lowerBound])
    let notes = String(rest[end.upperBound...]).trimmingCharacters(in: .whitespacesAndNewlines)
    guard yaml.utf8.count <= largestFrontMatter else {
      throw BriefError(source: source, line: 2, message: "the front matter is longer than 64 KiB")
    }
    guard notes.utf8.count <= largestNotes else {
      throw BriefError(source: source, message: "the notes are longer than 1 MiB")
    }
    if let (line, column) = YAMLAliasScan.firstAnchorOrAlias(in: yaml) {
      throw BriefError(
        source: source, line: line + 1,
        message: "column \(column): YAML anchors and aliases (& and *) are not read in a post file; quote the text")
    }
    let node: Node?
    do { node = try Yams.compose(yaml: yaml) } catch {
      let first = "\(error)".split(separator: "\n").first.map(String.init) ?? "\(error)"
      throw BriefError(source: source, message: "the front matter is not valid YAML: \(first)")
    }
    guard let mapping = node?.mapping else {
      throw BriefError(source: source, line: 2, message: "the front matter must be a mapping of fields (topic: ...)")
    }
    var values: [String: (value: BriefValue, line: Int?)] = [:]
    for (key, value) in mapping {
      guard let name = key.string else { throw BriefError(source: source, message: "front matter keys must be text") }
      let line = key.mark.map { $0.line + 1 }  // +1 for the opening '---'
      guard fields.contains(name) else {
        throw BriefError(
          source: source, field: name, line: line,
          message: "unknown field (known: \(fields.joined(separator: ", ")))")
      }
      if let items = value.sequence {
        values[name] = (.list(items.compactMap { $0.string ?? $0.scalar?.string }), line)
      } else if let scalar = value.scalar {
        values[name] = (.text(scalar.string), line)
      } else {
        throw BriefError(source: source, field: name, line: line, message: "expected text or a list")
      }
    }
    let fallbackID = URL(fileURLWithPath: source).deletingPathExtension().lastPathComponent
    return try build(values, notes: notes, source: source, fallbackID: fallbackID, folder: folder)
  }

  enum BriefValue {
    case text(String)
    case list([String])

    var items: [String] {
      switch self {
      case .text(let text):
        text.split(whereSeparator: { $0 == ";" || $0 == "," }).map { $0.trimmingCharacters(in: .whitespaces) }
          .filter { !$0.isEmpty }
      case .list(let items): items.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
      }
    }

    var text: String? {
      switch self {
      case .text(let text): text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : text
      case .list(let items): items.isEmpty ? nil : items.joined(separator: ", ")
      }
    }
  }

  /// Checks and converts the fields of one brief, wherever they came from.
  static func build(
    _ values: [String: (value: BriefValue, line: Int?)], notes: String, source: String, fallbackID: String,
    folder: URL?
  ) throws -> PostBrief {
    func fail(_ field: String, _ message: String) -> BriefError {
      BriefError(source: source, field: field, line: values[field]?.line, message: message)
    }
    // Every list is bounded: drafting compares each item with every candidate tag and word.
    for field in ["include", "avoid", "images", "links", "platform", "platforms"] {
      if let count = values[field]?.value.items.count, count > mostListItems {
        throw fail(field, "\(count) items; a brief takes at most \(mostListItems)")
      }
    }
    var platforms: [Platform] = []
    for field in ["platform", "platforms"] {
      for name in values[field]?.value.items ?? [] {
        guard let platform = Platform(rawValue: name.lowercased()), platform != .other else {
          let known = Platform.allCases.filter { $0 != .other }.map(\.rawValue).joined(separator: ", ")
          throw fail(field, "unknown platform '\(name)' (known: \(known))")
        }
        if !platforms.contains(platform) { platforms.append(platform) }
      }
    }
    guard !platforms.isEmpty else { throw fail("platforms", "a brief needs a platform (platform: instagram)") }
    let notesText = values["notes"]?.value.text ?? notes
    guard let topic = values["topic"]?.value.text else {
      throw fail("topic", "a brief needs a topic (one line on what the post is about)")
    }
    var goal = PostGoal.engagement
    if let text = values["goal"]?.value.text {
      let name = text.lowercased().trimmingCharacters(in: .whitespaces)
      guard let parsed = PostGoal(rawValue: name) ?? PostGoal(rawValue: name + "s") else {
        throw fail(
          "goal", "unknown goal '\(text)' (known: \(PostGoal.allCases.map(\.rawValue).joined(separator: ", ")))")
      }
      goal = parsed
    }
    var planned: Date?
    if let text = values["planned"]?.value.text {
      guard let date = parseTime(text) else {
        throw fail("planned", "'\(text)' is not a time like 2026-12-05T10:00:00+01:00 or 2026-12-05 10:00")
      }
      planned = date
    }
    let images = (values["images"]?.value.items ?? []).map { path in
      path.hasPrefix("/") || folder == nil ? path : folder!.appendingPathComponent(path).path
    }
    for link in values["links"]?.value.items ?? [] where URL(string: link)?.scheme?.hasPrefix("http") != true {
      throw fail("links", "'\(link)' is not an http(s) link")
    }
    return PostBrief(
      source: source, id: values["id"]?.value.text ?? fallbackID, platforms: platforms,
      account: values["account"]?.value.text.map { $0.hasPrefix("@") ? String($0.dropFirst()) : $0 },
      topic: topic, audience: values["audience"]?.value.text, tone: values["tone"]?.value.text, goal: goal,
      callToAction: (values["call_to_action"] ?? values["cta"])?.value.text, language: values["language"]?.value.text,
      images: images, links: values["links"]?.value.items ?? [], include: values["include"]?.value.items ?? [],
      avoid: values["avoid"]?.value.items ?? [], planned: planned, notes: notesText)
  }

  /// ISO 8601 with or without a zone (then the machine's), or `yyyy-MM-dd HH:mm`, or a date.
  static func parseTime(_ text: String) -> Date? {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    if let date = try? Date(trimmed, strategy: .iso8601) { return date }
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    for format in ["yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm", "yyyy-MM-dd"] {
      formatter.dateFormat = format
      if let date = formatter.date(from: trimmed) { return date }
    }
    return nil
  }

  /// The brief as JSON, for batch state keys and prompts' provenance.
  public var json: JSONValue {
    var object: JSONObject = [
      "id": .string(id), "platforms": .array(platforms.map { .string($0.rawValue) }), "topic": .string(topic),
      "goal": .string(goal.rawValue), "notes": .string(notes),
      "images": .array(images.map(JSONValue.string)), "links": .array(links.map(JSONValue.string)),
      "include": .array(include.map(JSONValue.string)), "avoid": .array(avoid.map(JSONValue.string)),
    ]
    object[setting: "account"] = account.map(JSONValue.string)
    object[setting: "audience"] = audience.map(JSONValue.string)
    object[setting: "tone"] = tone.map(JSONValue.string)
    object[setting: "call_to_action"] = callToAction.map(JSONValue.string)
    object[setting: "language"] = language.map(JSONValue.string)
    object[setting: "planned"] = planned.map { .string($0.formatted(.iso8601)) }
    return .object(object)
  }
}

/// A post file or calendar row that cannot be used: names the file, the field and, where known, the line.
public struct BriefError: Error, Sendable, CustomStringConvertible {
  /// Whether the file is there but wrong, or cannot be read at all.
  public enum Kind: Sendable {
    /// The file's content is not a usable brief, calendar or template.
    case badData
    /// The file or folder does not exist or cannot be read.
    case unreadable
  }

  /// The file (or calendar row) at fault.
  public var source: String
  /// The front-matter field or column at fault, when one is.
  public var field: String?
  /// The line at fault, when known.
  public var line: Int?
  /// What is wrong, in plain words.
  public var message: String
  /// Bad content or no readable file.
  public var kind: Kind

  public init(source: String, field: String? = nil, line: Int? = nil, message: String, kind: Kind = .badData) {
    self.source = source
    self.field = field
    self.line = line
    self.message = message
    self.kind = kind
  }

  public var description: String {
    var place = source
    if let line { place += ":\(line)" }
    if let field { place += ": field '\(field)'" }
    return "\(place): \(message)"
  }
}
