import Foundation

/// Google Takeout's YouTube video metadata: the 2022 `videos/Video Metadata.csv` (with `Like Count` and
/// `View Count`, times like `2013-02-13 03:41:40 UTC`) and the 2024+ `video metadata/videos.csv` (no counts,
/// ISO times with an offset). The caption is the title and the description. A video never published has no
/// publish time and is skipped. The channel is `--account`, else the row's channel id. Folder, file and column
/// names are read in every language `TakeoutLanguagePack` knows; any other language is an error that says so.
public struct YouTubeTakeoutImporter: ExportImporter {
  /// The name recorded with every import that this importer read a file of: `youtube-takeout`.
  public let name = "youtube-takeout"
  /// Reads in the posts phase: its files create posts.
  public let phase = ImportPhase.posts

  /// An importer; it keeps no state between files, so one instance reads any number of imports.
  public init() {}

  /// Whether `file` is one of the files this importer reads, judged from its shape (its keys or header) first and its
  /// path second.
  public func claims(_ file: ExportFile) -> Bool {
    if case .csv(let header) = file.shape, TakeoutLanguagePack.match(header) != nil { return true }
    // A file Takeout names the video table, given alone or in a place that looks like Takeout, is ours even when its
    // columns are in a language no pack knows: it fails loudly rather than being passed over.
    let name = TakeoutLanguagePack.fold(file.fileName)
    guard
      TakeoutLanguagePack.knownFileNames.contains(name)
        || TakeoutLanguagePack.unsupportedFileNames.contains(file.fileName)
    else { return false }
    let folders = file.relativePath.split(separator: "/").dropLast().map { TakeoutLanguagePack.fold(String($0)) }
    return folders.isEmpty || folders.contains { $0 == "takeout" || $0.contains("youtube") || $0.contains("metad") }
  }

  /// Reads `file` into `sink`: every post and metric reading it holds, and each record it cannot use as a skipped
  /// record with its place and reason. Throws `ImportError` naming the file and place on input that is broken as a
  /// whole.
  public func read(
    _ file: ExportFile, from source: ExportSource, context: ImportContext, into sink: any ImportSink
  ) throws {
    let utc = DateFormatter()
    utc.locale = Locale(identifier: "en_US_POSIX")
    utc.dateFormat = "yyyy-MM-dd HH:mm:ss zzz"
    let iso = ISO8601DateFormatter()
    iso.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    let isoPlain = ISO8601DateFormatter()
    var columns: [TakeoutLanguagePack.Column: Int] = [:]
    var metrics = MetricColumns(columns: [])
    try CSVTable(file: file).read { header in
      guard let (_, positions) = TakeoutLanguagePack.match(header) else {
        let languages = TakeoutLanguagePack.all.map(\.language).joined(separator: ", ")
        let shown = header.prefix(4).map { "\"\($0)\"" }.joined(separator: ", ")
        throw ImportError(
          file: file.displayName, place: "line 1",
          message: "unknown language pack: the columns (\(shown)\(header.count > 4 ? ", ..." : "")) are not "
            + "Takeout's video id and publish time in \(languages); import the file with --map")
      }
      columns = positions
      metrics = MetricColumns(header: header)
    } row: { row, place in
      func cell(_ column: TakeoutLanguagePack.Column) -> String {
        guard let index = columns[column], index < row.count else { return "" }
        return row[index].trimmingCharacters(in: .whitespaces)
      }
      let id = cell(.id)
      let time = cell(.published)
      guard !id.isEmpty else {
        sink.skip(SkippedRecord(file: file.displayName, place: place, reason: "no video id"))
        return
      }
      guard !time.isEmpty else {
        sink.skip(SkippedRecord(file: file.displayName, place: place, reason: "never published (no publish time)"))
        return
      }
      guard let date = utc.date(from: time) ?? iso.date(from: time) ?? isoPlain.date(from: time) else {
        throw ImportError(file: file.displayName, place: place, message: "\"\(time)\" is not a time")
      }
      guard let account = context.account ?? (cell(.channel).isEmpty ? nil : cell(.channel)) else {
        throw ImportError(
          .needsOption, file: file.displayName, message: "the file does not name the channel: pass --account NAME")
      }
      let caption = [cell(.title), cell(.description)].filter { !$0.isEmpty }.joined(separator: "\n\n")
      let key = "video:\(id)"
      try sink.add(
        Post(
          platform: .youtube, account: account, key: key, published: PostTime(date: date), caption: caption,
          mediaKind: .video, permalink: "https://www.youtube.com/watch?v=\(id)", sourceFile: file.displayName),
        metrics: try metrics.values(in: row, file: file.displayName, place: place), observedAt: context.observedAt,
        source: name, place: place)
    }
  }
}
