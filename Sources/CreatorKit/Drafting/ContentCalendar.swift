import Foundation

/// A content calendar: a CSV with one planned post per row and the post file's fields as columns (lists
/// separated by `;`). Columns are matched case-insensitively, spaces and dashes read as `_`.
public enum ContentCalendar {
  /// The most planned posts one calendar may hold: a year of ten posts a day.
  public static let mostRows = 3_660

  /// The calendar's rows as briefs; planned times without a zone are read in `timeZone`.
  public static func load(_ url: URL, timeZone: TimeZone = .current) throws -> [PostBrief] {
    let reader: CSVReader
    guard RegularFile.exists(at: url) else {
      throw BriefError(source: url.path, message: "cannot read the calendar (not a regular file)")
    }
    do { reader = try CSVReader(url: url) } catch {
      throw BriefError(source: url.path, message: "cannot read the calendar")
    }
    var briefs: [PostBrief] = []
    do {
      guard let header = try reader.nextRecord() else {
        throw BriefError(source: url.path, line: 1, message: "the calendar is empty")
      }
      let columns = header.map {
        $0.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: " ", with: "_")
          .replacingOccurrences(of: "-", with: "_")
      }
      for (index, column) in columns.enumerated() where !column.isEmpty && !PostBrief.fields.contains(column) {
        throw BriefError(
          source: url.path, field: column, line: 1,
          message: "unknown column \(index + 1) (known: \(PostBrief.fields.joined(separator: ", ")))")
      }
      var row = 1
      while let record = try reader.nextRecord() {
        row += 1
        if record.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
        if record.count > columns.count, record[columns.count...].contains(where: { !$0.trimmed.isEmpty }) {
          throw BriefError(
            source: url.path, line: reader.recordLine,
            message: "\(record.count) columns, but the header names \(columns.count) (a comma in an unquoted cell?)")
        }
        guard briefs.count < mostRows else {
          throw BriefError(
            source: url.path, line: reader.recordLine,
            message: "more than \(mostRows) planned posts: split the calendar")
        }
        var values: [String: (value: PostBrief.BriefValue, line: Int?)] = [:]
        for (index, column) in columns.enumerated() where index < record.count && !column.isEmpty {
          let cell = record[index].trimmingCharacters(in: .whitespacesAndNewlines)
          if !cell.isEmpty { values[column] = (.text(cell), row) }
        }
        briefs.append(
          try PostBrief.build(
            values, notes: "", source: "\(url.path), row \(row)", fallbackID: "row-\(row)",
            folder: url.deletingLastPathComponent(), timeZone: timeZone))
      }
    } catch let error as CSVReadError {
      throw BriefError(source: url.path, line: error.line, message: error.message)
    }
    return briefs
  }
}
