import Foundation

/// Writes batch results: JSON Lines as each item finishes (one object per item, the `BatchItemResult` fields
/// in snake case), or CSV when the batch ends: one row per post and platform, its caption drafts and its
/// hashtags side by side, in calendar order (planned time, undated posts last, then the order in the input,
/// then platform), formula-like cells neutralised.
public final class BatchOutput: @unchecked Sendable {
  /// JSON Lines, or CSV with formula-like cells neutralised.
  public enum Format: String, Sendable { case jsonl, csv }

  public static let csvHeader = [
    "planned", "brief_id", "source", "platform", "status", "engine", "draft_1", "draft_1_valid", "draft_1_rules",
    "draft_2", "draft_2_valid", "draft_2_rules", "draft_3", "draft_3_valid", "draft_3_rules", "hashtags",
    "hashtag_tiers", "error",
  ]

  public let format: Format
  /// Standard output, or the JSON Lines file written as items finish; nil for a CSV file.
  private let handle: FileHandle?
  /// The CSV file, written whole when the batch ends.
  private let csvPath: String?
  private let lock = NSLock()
  private let timeZone: TimeZone
  /// CSV rows waiting for the end of the batch: each post and platform's items.
  private var rows: [RowKey: [BatchItemResult]] = [:]
  private var closed = false

  private struct RowKey: Hashable {
    var order: Int
    var platform: Platform
  }

  /// Writes to `path`, or to standard output when it is nil; the format follows the file's ending (`.csv`,
  /// else JSON Lines). A JSON Lines file is created or emptied now and grows as items finish; a CSV file is
  /// written whole when the batch ends, in one atomic step, so a batch killed halfway leaves the CSV of the run
  /// before as it was (its finished items stay in the store: a rerun writes them all). Planned times are
  /// written in `timeZone` as `yyyy-MM-dd HH:mm`, as a calendar takes them.
  public init(path: String?, timeZone: TimeZone = .current) throws {
    format = path?.lowercased().hasSuffix(".csv") == true ? .csv : .jsonl
    self.timeZone = timeZone
    guard let path else {
      handle = FileHandle.standardOutput
      csvPath = nil
      return
    }
    if format == .csv {
      // Checked now, so a batch does not run for an hour to find it cannot write its result.
      let manager = FileManager.default
      let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
      guard
        manager.fileExists(atPath: path) ? manager.isWritableFile(atPath: path) : manager.isWritableFile(atPath: folder)
      else {
        throw BriefError(source: path, message: "cannot create the output file")
      }
      handle = nil
      csvPath = path
    } else {
      guard FileManager.default.createFile(atPath: path, contents: nil) else {
        throw BriefError(source: path, message: "cannot create the output file")
      }
      handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
      csvPath = nil
    }
  }

  public func append(_ result: BatchItemResult) {
    switch format {
    case .jsonl:
      write(DraftListing.compactJSON(result) + "\n")
    case .csv:
      lock.withLock { rows[RowKey(order: result.order, platform: result.platform), default: []].append(result) }
    }
  }

  /// Writes the CSV's rows and closes the file, once (a second call does nothing); throws when the CSV
  /// file cannot be written.
  public func close() throws {
    let pending: [RowKey: [BatchItemResult]]? = lock.withLock {
      defer { closed = true }
      return closed ? nil : rows
    }
    guard let pending else { return }
    defer { if let handle, handle !== FileHandle.standardOutput { try? handle.close() } }
    guard format == .csv else { return }
    let text = Self.csv(Array(pending.values), timeZone: timeZone)
    guard let csvPath else { return write(text) }
    do {
      try Data(text.utf8).write(to: URL(fileURLWithPath: csvPath), options: .atomic)
    } catch {
      throw BriefError(source: csvPath, message: "cannot write the output file (\(error.localizedDescription))")
    }
  }

  /// The CSV of `rows` (each the items of one post and platform), header first, in calendar order.
  static func csv(_ rows: [[BatchItemResult]], timeZone: TimeZone) -> String {
    var writer = CSVWriter(header: csvHeader)  // a writer's first row is its header
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = timeZone
    formatter.dateFormat = "yyyy-MM-dd HH:mm"
    let sorted = rows.filter { !$0.isEmpty }.sorted { left, right in
      let (a, b) = (left[0], right[0])
      switch (a.planned, b.planned) {
      case (let x?, let y?) where x != y: return x < y
      case (_?, nil): return true
      case (nil, _?): return false
      default: return a.order != b.order ? a.order < b.order : a.platform < b.platform
      }
    }
    for items in sorted {
      let first = items[0]
      let captions = items.first { $0.task == .captions }
      let hashtags = items.first { $0.task == .hashtags }
      let status: BatchItemResult.Status =
        items.contains { $0.status == .failed } ? .failed : items.contains { $0.status == .done } ? .done : .earlier
      var cells: [String] = [
        first.planned.map(formatter.string(from:)) ?? "", first.briefID, first.source, first.platform.rawValue,
        status.rawValue, captions?.captions?.engine ?? hashtags?.hashtags?.engine ?? "",
      ]
      let drafts = captions?.captions?.drafts ?? []
      for index in 0..<3 {
        let draft = index < drafts.count ? drafts[index] : nil
        cells += [
          draft?.text ?? "", draft.map { $0.isValid ? "yes" : "no" } ?? "",
          draft?.violations.map(\.description).joined(separator: "; ") ?? "",
        ]
      }
      cells += [
        hashtags?.hashtags?.line ?? "",
        hashtags?.hashtags?.tags.map { "#\($0.tag): \($0.tier.rawValue)" }.joined(separator: "; ") ?? "",
        items.compactMap { item in item.error.map { "\(item.task.rawValue): \($0)" } }.joined(separator: "; "),
      ]
      writer.appendRow(cells.map(CSVWriter.Cell.text))
    }
    return writer.text
  }

  private func write(_ text: String) {
    lock.withLock { handle?.write(Data(text.utf8)) }
  }
}
