import Foundation

/// The store's side of one import: the records (`ImportSink`) and the import's history. The one writer
/// interface between Import/ and a store engine: `ImportTarget.importing` opens one inside the import's
/// transaction; every engine's writer conforms.
public protocol ImportWriter: ImportSink {
  /// The import's entry in the store's history (rolled back with the rest for a dry run).
  var importID: Int64 { get }
  /// `file` was read whole by the importer named `importer`: kept in the import's history.
  func fileDone(_ file: ExportFile, importer: String) throws
  /// Every file that adds posts is read (metric files may follow): the writer may index the new posts'
  /// captions now.
  func postsDone() throws
  /// Ends the import: snapshots, search index and the import's history entry brought up to date. Returns
  /// what it did per account (in no particular order), the records skipped and the notes for the user.
  func finish() throws -> ImportOutcome
}

/// What an import's writer did, as `ImportWriter.finish()` returns it.
public struct ImportOutcome: Sendable {
  /// One per account the import touched, in no particular order.
  public var accounts: [AccountTally]
  /// Every record read and left out, with the reason.
  public var skipped: [SkippedRecord]
  /// What the user should know, in the order it was found.
  public var notes: [String]

  public init(accounts: [AccountTally], skipped: [SkippedRecord], notes: [String]) {
    self.accounts = accounts
    self.skipped = skipped
    self.notes = notes
  }
}
