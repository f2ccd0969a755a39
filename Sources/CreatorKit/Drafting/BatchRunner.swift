import Foundation

/// What a batch does for each post.
public enum BatchTask: String, Sendable, Codable, CaseIterable {
  case captions, hashtags
}

/// How a batch runs.
public struct BatchOptions: Sendable {
  /// What to draft for each post: captions, hashtags or both.
  public var tasks: [BatchTask]
  /// Items drafted at once (at least 1).
  public var concurrency: Int
  /// How each caption is drafted: instant, thinking or contemplate.
  public var mode: DraftMode
  /// Caption drafts per item.
  public var variants: Int
  /// Send a brief's images to models that can see.
  public var images: Bool
  /// Only this platform; nil: every platform of each brief.
  public var platform: Platform?

  /// Options for a batch; the defaults draft captions and hashtags, four at a time, in one call each.
  public init(
    tasks: [BatchTask] = [.captions, .hashtags], concurrency: Int = 4, mode: DraftMode = .instant, variants: Int = 1,
    images: Bool = true, platform: Platform? = nil
  ) {
    self.tasks = tasks
    self.concurrency = max(1, concurrency)
    self.mode = mode
    self.variants = variants
    self.images = images
    self.platform = platform
  }
}

/// One item's outcome: a post, a platform, a task.
public struct BatchItemResult: Sendable, Equatable, Codable {
  /// How an item ended.
  public enum Status: String, Sendable, Codable {
    /// Drafted in this run.
    case done
    /// Done in an earlier run: read back from the store, nothing sent.
    case earlier
    case failed
  }

  public var briefID: String
  public var source: String
  /// When the post is planned (the brief's `planned`), if it says.
  public var planned: Date?
  /// The brief's place in the input, from 1: the calendar's row order, or the post files' by name.
  public var order: Int
  public var platform: Platform
  public var task: BatchTask
  public var status: Status
  public var captions: CaptionResult?
  public var hashtags: HashtagStrategy?
  public var error: String?

  /// One item's result, with its place in the calendar (`planned`, then `order`).
  public init(
    briefID: String, source: String, planned: Date? = nil, order: Int, platform: Platform, task: BatchTask,
    status: Status, captions: CaptionResult? = nil, hashtags: HashtagStrategy? = nil, error: String? = nil
  ) {
    self.briefID = briefID
    self.source = source
    self.planned = planned
    self.order = order
    self.platform = platform
    self.task = task
    self.status = status
    self.captions = captions
    self.hashtags = hashtags
    self.error = error
  }
}

/// What a batch did, for the summary at its end.
public struct BatchSummary: Sendable, Equatable {
  public var items: Int
  public var done: Int
  public var earlier: Int
  public var failed: [BatchItemResult]
  /// Post files or calendar rows that could not be read.
  public var unreadable: [String]
  public var seconds: Double

  /// `12 items: 8 drafted, 3 from an earlier run, 1 failed`.
  public var line: String {
    var parts = ["\(done) drafted"]
    if earlier > 0 { parts.append("\(earlier) from an earlier run") }
    if !failed.isEmpty { parts.append("\(failed.count) failed") }
    if !unreadable.isEmpty { parts.append("\(unreadable.count) unreadable") }
    return "\(items) item\(items == 1 ? "" : "s"): " + parts.joined(separator: ", ")
      + String(format: " in %.1f s", seconds)
  }

  /// One line per unreadable input and failed item, and what to do about the failures.
  public var details: [String] {
    var lines = unreadable.map { "  unreadable: \($0)" }
    lines += failed.map {
      "  failed: \($0.briefID) (\($0.platform.displayName), \($0.task.rawValue)): \($0.error ?? "")"
    }
    if !failed.isEmpty { lines.append("  Run the same command again to retry the failed items only.") }
    return lines
  }
}

/// Runs captions and hashtags over many briefs, `concurrency` at a time. Each finished item is committed to
/// the store before it is reported, so Ctrl-C or `kill -9` loses nothing that had finished, and a rerun of
/// the same batch skips it (its model calls are also in the log's cache). An item's failure is collected and
/// reported; it never stops the batch.
public struct BatchRunner: Sendable {
  public var session: DraftingSession
  public var options: BatchOptions

  /// A batch that drafts through `session` with `options`.
  public init(session: DraftingSession, options: BatchOptions) {
    self.session = session
    self.options = options
  }

  struct Item: Sendable {
    var brief: PostBrief
    /// The brief's place in the input, from 1.
    var order: Int
    var platform: Platform
    var task: BatchTask
    var key: String
  }

  /// Post files in a folder (`*.md`, sorted by name) or the rows of a CSV calendar. A file or row that
  /// cannot be read is returned as a problem, not thrown, so the rest of the batch runs. Planned times
  /// without a zone are read in `timeZone`.
  public static func briefs(in url: URL, timeZone: TimeZone = .current) throws -> (
    briefs: [PostBrief], problems: [BriefError]
  ) {
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) else {
      throw BriefError(source: url.path, message: "no such file or folder", kind: .unreadable)
    }
    guard isFolder.boolValue else { return (try ContentCalendar.load(url, timeZone: timeZone), []) }
    let names = try FileManager.default.contentsOfDirectory(atPath: url.path).filter { $0.hasSuffix(".md") }.sorted()
    var briefs: [PostBrief] = []
    var problems: [BriefError] = []
    for name in names {
      do { briefs.append(try PostBrief.load(url.appendingPathComponent(name), timeZone: timeZone)) } catch let error
        as BriefError
      {
        problems.append(error)
      }
    }
    return (briefs, problems)
  }

  func items(_ briefs: [PostBrief]) -> [Item] {
    var items: [Item] = []
    for (index, brief) in briefs.enumerated() {
      for platform in session.platforms(for: brief, only: options.platform) {
        for task in options.tasks {
          let identity: JSONValue = [
            "brief": brief.json, "platform": .string(platform.rawValue), "task": .string(task.rawValue),
            "engine": .string(session.engine), "mode": .string(options.mode.rawValue),
            "variants": .int(Int64(options.variants)), "images": .bool(options.images),
          ]
          items.append(
            Item(
              brief: brief, order: index + 1, platform: platform, task: task,
              key: SHA256.hex(identity.jsonText.utf8)))
        }
      }
    }
    return items
  }

  /// Runs the batch over `briefs` read from `input`; `report` sees each item as it finishes (earlier ones
  /// first), from several tasks but one at a time.
  public func run(
    _ briefs: [PostBrief], input: String,
    report: @escaping @Sendable (BatchItemResult, _ finished: Int, _ total: Int) -> Void
  ) async throws -> BatchSummary {
    let start = Date()
    let items = items(briefs)
    let earlier = try session.store.doneBatchItems(items.map(\.key))
    let counter = Counter()
    let decoder = JSONDecoder()
    for item in items {
      guard let record = earlier[item.key], let data = record.result.map({ Data($0.utf8) }) else { continue }
      var result = BatchItemResult(
        briefID: item.brief.id, source: item.brief.source, planned: item.brief.planned, order: item.order,
        platform: item.platform, task: item.task, status: .earlier)
      switch item.task {
      case .captions: result.captions = try? decoder.decode(CaptionResult.self, from: data)
      case .hashtags: result.hashtags = try? decoder.decode(HashtagStrategy.self, from: data)
      }
      report(result, counter.next(), items.count)
    }
    if let client = session.client {
      var limits = await client.gate.limits
      limits.concurrency = options.concurrency
      await client.gate.setLimits(limits)
    }
    let pending = items.filter { earlier[$0.key] == nil }
    var failed: [BatchItemResult] = []
    var done = 0
    try await withThrowingTaskGroup(of: BatchItemResult.self) { group in
      var next = 0
      func addNext() {
        guard next < pending.count else { return }
        let item = pending[next]
        next += 1
        group.addTask { try await self.run(item, input: input) }
      }
      for _ in 0..<min(options.concurrency, pending.count) { addNext() }
      while let result = try await group.next() {
        if result.status == .failed { failed.append(result) } else { done += 1 }
        report(result, counter.next(), items.count)
        addNext()
      }
    }
    return BatchSummary(
      items: items.count, done: done, earlier: items.count - pending.count, failed: failed, unreadable: [],
      seconds: Date().timeIntervalSince(start))
  }

  private func run(_ item: Item, input: String) async throws -> BatchItemResult {
    var result = BatchItemResult(
      briefID: item.brief.id, source: item.brief.source, planned: item.brief.planned, order: item.order,
      platform: item.platform, task: item.task, status: .done)
    var record = BatchRecord(
      key: item.key, input: input, briefID: item.brief.id, platform: item.platform, task: item.task.rawValue,
      engine: session.engine, status: .done)
    do {
      switch item.task {
      case .captions:
        let captions = try await session.captions(
          for: item.brief, platform: item.platform, mode: options.mode, variants: options.variants,
          images: options.images
        ).first
        result.captions = captions
        record.result = Self.stateJSON(captions)
      case .hashtags:
        let hashtags = try await session.hashtags(for: item.brief, platform: item.platform, mode: options.mode).first
        result.hashtags = hashtags
        record.result = Self.stateJSON(hashtags)
      }
    } catch is CancellationError {
      throw CancellationError()
    } catch {
      result.status = .failed
      result.error = "\(error)"
      record.status = .failed
      record.error = "\(error)"
    }
    try session.store.record(record)
    return result
  }
}

extension BatchRunner {
  /// A result as the store keeps it: Foundation's default coding, read back by a plain decoder.
  static func stateJSON<T: Encodable>(_ value: T) -> String? {
    (try? JSONEncoder().encode(value)).map { String(decoding: $0, as: UTF8.self) }
  }
}

/// Numbers finished items across tasks.
private final class Counter: @unchecked Sendable {
  private let lock = NSLock()
  private var value = 0
  func next() -> Int {
    lock.withLock {
      value += 1; return value
    }
  }
}
