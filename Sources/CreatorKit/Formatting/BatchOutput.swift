import Foundation

/// Writes batch results as they finish: JSON Lines (one object per item, the `BatchItemResult` fields in
/// snake case) or CSV (one row per item; drafts and tags flattened, formula-like cells neutralised).
public final class BatchOutput: @unchecked Sendable {
  /// JSON Lines, or CSV with formula-like cells neutralised.
  public enum Format: String, Sendable { case jsonl, csv }

  public static let csvHeader = [
    "brief_id", "source", "platform", "task", "status", "engine", "draft_1", "draft_1_valid", "draft_1_rules",
    "draft_2", "draft_2_valid", "draft_2_rules", "draft_3", "draft_3_valid", "draft_3_rules", "hashtags",
    "hashtag_tiers", "error",
  ]

  public let format: Format
  private let handle: FileHandle
  private let lock = NSLock()

  /// Writes to `path` (created or emptied), or to standard output when it is nil; the format follows the
  /// file's ending (`.csv`, else JSON Lines).
  public init(path: String?) throws {
    format = path?.lowercased().hasSuffix(".csv") == true ? .csv : .jsonl
    if let path {
      guard FileManager.default.createFile(atPath: path, contents: nil) else {
        throw BriefError(source: path, message: "cannot create the output file")
      }
      handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    } else {
      handle = FileHandle.standardOutput
    }
    if format == .csv { write(CSVWriter(header: Self.csvHeader).text) }  // a writer's first row is its header
  }

  public func append(_ result: BatchItemResult) {
    switch format {
    case .jsonl:
      write(DraftListing.compactJSON(result) + "\n")
    case .csv:
      var cells: [String] = [
        result.briefID, result.source, result.platform.rawValue, result.task.rawValue, result.status.rawValue,
        result.captions?.engine ?? result.hashtags?.engine ?? "",
      ]
      let drafts = result.captions?.drafts ?? []
      for index in 0..<3 {
        let draft = index < drafts.count ? drafts[index] : nil
        cells += [
          draft?.text ?? "", draft.map { $0.isValid ? "yes" : "no" } ?? "",
          draft?.violations.map(\.description).joined(separator: "; ") ?? "",
        ]
      }
      cells += [
        result.hashtags?.line ?? "",
        result.hashtags?.tags.map { "#\($0.tag): \($0.tier.rawValue)" }.joined(separator: "; ") ?? "",
        result.error ?? "",
      ]
      write(CSVWriter(header: cells).text)
    }
  }

  public func close() {
    if handle !== FileHandle.standardOutput { try? handle.close() }
  }

  private func write(_ text: String) {
    lock.withLock { handle.write(Data(text.utf8)) }
  }
}
