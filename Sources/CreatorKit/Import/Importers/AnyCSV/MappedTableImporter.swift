import Foundation

/// Any CSV, JSON (an array of objects) or JSON Lines file read through a `ColumnMapping`: the way in for a
/// scheduler's export or a spreadsheet the creator keeps. Only used when the user gives a mapping. A row's
/// key is its `id` column, else a hash of its time and caption, so importing the file again changes nothing.
/// Times may be ISO 8601 with a zone, epoch seconds, or a local time (read in `--timezone`, marked assumed).
public struct MappedTableImporter: ExportImporter {
  public let name = "mapped-table"
  public let phase = ImportPhase.posts
  public let mapping: ColumnMapping

  public init(mapping: ColumnMapping) { self.mapping = mapping }

  /// The largest JSON Lines file read, in bytes.
  static let largestJSONLines = 256 << 20

  public func claims(_ file: ExportFile) -> Bool {
    switch file.shape {
    case .csv, .jsonArray: return true
    default:
      return [".csv", ".json", ".jsonl", ".ndjson"].contains { file.fileName.hasSuffix($0) }
    }
  }

  public func read(
    _ file: ExportFile, from source: ExportSource, context: ImportContext, into sink: any ImportSink
  ) throws {
    let times = PublishTimeParser(timeZone: context.timeZone)
    let iso = ISO8601DateFormatter()
    let isoFraction = ISO8601DateFormatter()
    isoFraction.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    // A CSV has every column in every row: check the mapping against the header once. JSON rows may leave
    // out a member, which reads as empty.
    var checkedColumns = !(file.shape.isCSV && !file.fileName.hasSuffix(".jsonl"))
    try rows(of: file, sink: sink) { row, place in
      if !checkedColumns {
        checkedColumns = true
        for (field, column) in mapping.columns where row[column] == nil {
          throw ImportError(
            file: file.displayName, place: place,
            message: "the mapping names column '\(column)' for \(field.name), but the file has no such column "
              + "(it has: \(row.keys.sorted().prefix(12).joined(separator: ", ")))")
        }
      }
      func value(_ field: ColumnMapping.Field) -> String {
        mapping.columns[field].flatMap { row[$0] }?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
      }
      let timeText = value(.published)
      let published: PostTime
      if let date = iso.date(from: timeText) ?? isoFraction.date(from: timeText) {
        published = PostTime(date: date)
      } else if let seconds = Int64(timeText), seconds > 100_000_000 {
        published = .epoch(seconds)
      } else if let local = times.parse(timeText) {
        published = local
      } else {
        sink.skip(
          SkippedRecord(file: file.displayName, place: place, reason: "unreadable time \"\(timeText.prefix(40))\""))
        return
      }
      var platform = mapping.platform
      if !value(.platform).isEmpty {
        guard let named = Platform(rawValue: value(.platform).lowercased()) else {
          throw ImportError(file: file.displayName, place: place, message: "unknown platform '\(value(.platform))'")
        }
        platform = named
      }
      guard let platform, let account = context.account ?? (value(.account).isEmpty ? nil : value(.account)) else {
        throw ImportError(
          .needsOption, file: file.displayName, place: place,
          message: "whose posts? pass --account or map account=COLUMN")
      }
      let caption = value(.caption)
      let id = value(.id)
      let key =
        id.isEmpty
        ? "row:" + String(SHA256.hex(Array("\(published.date.timeIntervalSince1970)\u{1F}\(caption)".utf8)).prefix(16))
        : "id:\(id)"
      let kindText = value(.kind).lowercased()
      let kind =
        MediaKind(rawValue: kindText)
        ?? (kindText.contains("reel")
          ? .reel
          : kindText.contains("video")
            ? .video
            : kindText.contains("carousel") || kindText.contains("album")
              ? .carousel
              : kindText.contains("story") ? .story : kindText.contains("text") ? .text : .image)
      var values = MetricValues()
      for case (.metric(let metric), let column) in mapping.columns {
        switch MetricNumber(row[column] ?? "") {
        case .value(let number): values[metric] = number
        case .missing: break
        case .invalid:
          throw ImportError(
            file: file.displayName, place: "\(place), column '\(column)'",
            message: "\"\((row[column] ?? "").prefix(40))\" is not a number")
        }
      }
      try sink.add(
        Post(
          platform: platform, account: AccountHandle.normalized(account), key: key, published: published,
          caption: caption, mediaKind: kind, permalink: value(.permalink).isEmpty ? nil : value(.permalink),
          sourceFile: file.displayName),
        metrics: values, observedAt: context.observedAt, source: name, place: place)
    }
    if let note = times.transitionNote(file: file.displayName) { sink.note(note) }
  }

  /// Each row as column → text, with its place: CSV lines, JSON array elements, JSON Lines lines.
  private func rows(
    of file: ExportFile, sink: any ImportSink, _ body: ([String: String], String) throws -> Void
  ) throws {
    let isJSONLines = file.fileName.hasSuffix(".jsonl") || file.fileName.hasSuffix(".ndjson")
    if case .csv = file.shape, !isJSONLines {
      var names: [String] = []
      try CSVTable(file: file).read { header in
        names = header.map { $0.trimmingCharacters(in: .whitespaces) }
      } row: { record, place in
        var row: [String: String] = [:]
        for (index, name) in names.enumerated() { row[name] = index < record.count ? record[index] : "" }
        try body(row, place)
      }
    } else if isJSONLines {
      let text: String
      // The file is read whole: a spreadsheet's rows, not a data dump.
      guard file.size <= Self.largestJSONLines else {
        throw ImportError(file: file.displayName, message: "a JSON Lines file larger than 256 MiB")
      }
      do { text = try String(contentsOf: file.url, encoding: .utf8) } catch {
        throw ImportError(.unreadable, file: file.displayName, message: "the file cannot be read as UTF-8")
      }
      // A byte order mark and CRLF line ends are common in files saved on Windows ("\r\n" is one Character).
      let content = text.hasPrefix("\u{FEFF}") ? text.dropFirst() : text[...]
      for (index, line) in content.split(
        omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }
      )
      .enumerated()
      where !line.trimmingCharacters(in: .whitespaces).isEmpty {
        let value: JSONValue
        do { value = try JSONValue.parse(Array(line.utf8)) } catch {
          throw ImportError(file: file.displayName, place: "line \(index + 1)", message: error.message)
        }
        guard let object = value.objectValue else {
          throw ImportError(file: file.displayName, place: "line \(index + 1)", message: "expected an object")
        }
        try body(Self.texts(object), "line \(index + 1)")
      }
    } else {
      let stream = JSONRecordStream(file: file, rootKey: nil, repairsMetaText: false, recordName: "rows")
      try stream.forEach(progress: sink) { record in
        try body(Self.texts(record.object), record.path)
      }
    }
  }

  static func texts(_ object: JSONObject) -> [String: String] {
    var row: [String: String] = [:]
    for member in object.members {
      switch member.value {
      case .string(let text): row[member.key] = text
      case .int(let number): row[member.key] = String(number)
      case .double(let number): row[member.key] = String(number)
      case .bool(let flag): row[member.key] = flag ? "true" : "false"
      case .null: row[member.key] = ""
      case .array, .object: row[member.key] = member.value.jsonText
      }
    }
    return row
  }
}
