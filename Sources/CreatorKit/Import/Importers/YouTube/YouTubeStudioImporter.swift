import Foundation

/// YouTube Studio → Analytics → Advanced mode → Export: `Table data.csv`, one row per video. Its columns are
/// whatever metrics the user picked, found here by header (`Views`, `Impressions`, `Likes`, `Comments added`,
/// `Shares`, `Subscribers`, ...; watch time, revenue and ratios are not post metrics and are passed over).
/// The second row is an aggregate whose `Content` is `Total`: skipped. Video ids that start with `-` are
/// written with a leading space: trimmed. `Video publish time` is a date only (`Aug 28, 2025`), so the post
/// is marked day-precise and stays out of hour-of-day statistics; a never-published video has none and is
/// skipped. The export names the channel only in its folder or zip name (`Content 2025-08-01_2025-08-31
/// Channel Name`), which is used when `--account` is not given.
public struct YouTubeStudioImporter: ExportImporter {
  /// The name recorded with every import that this importer read a file of: `youtube-studio`.
  public let name = "youtube-studio"
  /// Reads in the posts phase: its files create posts.
  public let phase = ImportPhase.posts

  /// An importer; it keeps no state between files, so one instance reads any number of imports.
  public init() {}

  /// Whether `file` is one of the files this importer reads, judged from its shape (its keys or header) first and its
  /// path second.
  public func claims(_ file: ExportFile) -> Bool {
    if file.fileName == "table data.csv" { return true }
    guard case .csv(let header) = file.shape else { return false }
    let names = Set(header.map { $0.trimmingCharacters(in: .whitespaces).lowercased() })
    return names.contains("content") && names.contains("video publish time")
  }

  /// The channel in a YouTube Studio export's folder or zip name: `Content 2025-08-01_2025-08-31 Oven Thyme`.
  static func channel(inName name: String) -> String? {
    let stem = name.lowercased().hasSuffix(".zip") ? String(name.dropLast(4)) : name
    guard let match = stem.wholeMatch(of: /Content \d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2} (.+)/) else { return nil }
    let channel = match.1.trimmingCharacters(in: .whitespaces)
    return channel.isEmpty ? nil : channel
  }

  /// Reads `file` into `sink`: every post and metric reading it holds, and each record it cannot use as a skipped
  /// record with its place and reason. Throws `ImportError` naming the file and place on input that is broken as a
  /// whole.
  public func read(
    _ file: ExportFile, from source: ExportSource, context: ImportContext, into sink: any ImportSink
  ) throws {
    let folders = file.relativePath.split(separator: "/").dropLast().reversed().map(String.init)
    guard
      let account = context.account
        ?? (folders + [source.url.lastPathComponent]).lazy.compactMap(Self.channel(inName:)).first
    else {
      throw ImportError(
        .needsOption, file: file.displayName,
        message: "a YouTube Studio export names its channel only in its folder name (Content DATE_DATE Channel), "
          + "and this one's does not: pass --account NAME")
    }
    let dates = DateFormatter()
    dates.locale = Locale(identifier: "en_US_POSIX")
    dates.timeZone = context.timeZone
    dates.dateFormat = "MMM d, yyyy"
    var content = 0
    var published = 0
    var title: Int?
    var metrics = MetricColumns(columns: [])
    try CSVTable(file: file).read { header in
      let names = header.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
      guard let contentIndex = names.firstIndex(of: "content"),
        let publishedIndex = names.firstIndex(of: "video publish time")
      else {
        throw ImportError(
          file: file.displayName, place: "line 1", message: "missing column \"Content\" or \"Video publish time\"")
      }
      (content, published, title) = (contentIndex, publishedIndex, names.firstIndex(of: "video title"))
      metrics = MetricColumns(header: header)
    } row: { row, place in
      func cell(_ index: Int?) -> String {
        guard let index, index < row.count else { return "" }
        return row[index].trimmingCharacters(in: .whitespaces)
      }
      let id = cell(content)
      if id.lowercased() == "total" { return }
      guard !id.isEmpty else {
        sink.skip(SkippedRecord(file: file.displayName, place: place, reason: "no video id in Content"))
        return
      }
      let dateText = cell(published)
      guard !dateText.isEmpty else {
        sink.skip(SkippedRecord(file: file.displayName, place: place, reason: "never published (no publish time)"))
        return
      }
      guard let date = dates.date(from: dateText) else {
        throw ImportError(
          file: file.displayName, place: place, message: "\"\(dateText)\" is not a date like \"Aug 28, 2025\"")
      }
      let key = "video:\(id)"
      try sink.add(
        Post(
          platform: .youtube, account: account, key: key,
          published: PostTime(date: date, assumedTimeZone: context.timeZone.name, precision: .day),
          caption: cell(title), mediaKind: .video, permalink: "https://www.youtube.com/watch?v=\(id)",
          sourceFile: file.displayName),
        metrics: try metrics.values(in: row, file: file.displayName, place: place), observedAt: context.observedAt,
        source: name, place: place)
    }
  }
}
