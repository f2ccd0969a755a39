import Foundation

/// Where an import writes, as Import/ sees a store: one transaction per import, opened with its history
/// entry, and the writer (`ImportWriter`) that takes the records and keeps the history. Import/ never sees the store's tables or SQL;
/// `PostStore` conforms on either engine.
public protocol ImportTarget: Sendable {
  /// Opens one write transaction, records the import of `inputs` with `options` in the store's history and
  /// hands `body` the writer. Commits when `body` returns; rolls everything back when it throws or
  /// `options.dryRun` is set, so the store is exactly as it was.
  func importing<T>(inputs: [URL], options: ImportOptions, _ body: (any ImportWriter) throws -> T) throws -> T
}
