import Foundation

/// An export's CSV file read the way every CSV importer needs it: the header row first (an empty file is an
/// error), then each record with its place (`line 12`), and the reader's syntax errors turned into
/// `ImportError`s that name the file and line.
struct CSVTable {
  let file: ExportFile

  /// Calls `header` once with the header row, then `row` for each record with its place.
  func read(header: ([String]) throws -> Void, row: ([String], String) throws -> Void) throws {
    let reader: CSVReader
    do { reader = try CSVReader(url: file.url) } catch {
      throw ImportError(.unreadable, file: file.displayName, message: "the file cannot be read")
    }
    do {
      guard let names = try reader.nextRecord() else {
        throw ImportError(file: file.displayName, message: "the file is empty (expected a header row)")
      }
      try header(names)
      while let record = try reader.nextRecord() {
        try row(record, "line \(reader.recordLine)")
      }
    } catch let error as CSVReadError {
      throw ImportError(file: file.displayName, place: "line \(error.line)", message: error.message)
    }
  }
}
