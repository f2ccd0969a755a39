import Foundation

/// LinkedIn "Get a copy of your data": `Shares.csv` (or `Shares_<memberId>.csv`) with `Date, ShareLink,
/// ShareCommentary, SharedUrl, MediaUrl, Visibility`. The post's identity is the URN in `ShareLink`
/// (`urn:li:share:...`, `urn:li:ugcPost:...`); `Date` has no zone (read in `--timezone`, marked assumed).
/// No metrics: LinkedIn puts creator analytics in a separate spreadsheet.
///
/// The export's bug: in multi-line commentary every line is quoted on its own inside the field, so after
/// CSV decoding a post reads `Journey"` / `""` / `"I am thrilled`. Such text is repaired line by line.
///
/// The 2018-era copy is UTF-16 with a byte order mark, tab-separated, with `Share Commentary`, `Share Link` and
/// `Date` written `2017/06/08 08:15:44 UTC` (a stated zone, so not assumed). Group posts link to
/// `urn:li:groupPost:<group>-<post>`: the whole URN is the key, so a group's posts stay apart.
public struct LinkedInSharesImporter: ExportImporter {
  public let name = "linkedin-shares"
  public let phase = ImportPhase.posts

  public init() {}

  public func claims(_ file: ExportFile) -> Bool {
    // By name first: a broken file of ours is still ours, so its error is reported.
    if file.fileName == "shares.csv" || file.fileName.wholeMatch(of: /shares_\d+\.csv/) != nil { return true }
    guard case .csv(let header) = file.shape else { return false }
    let names = Set(header.map(Self.columnName))
    return names.contains("sharelink") && names.contains("sharecommentary")
  }

  /// A header cell as matched here: lower-cased without spaces (`Share Link` and `ShareLink` alike).
  static func columnName(_ cell: String) -> String {
    cell.lowercased().filter { !$0.isWhitespace }
  }

  public func read(
    _ file: ExportFile, from source: ExportSource, context: ImportContext, into sink: any ImportSink
  ) throws {
    let account = try self.account(in: source, context: context, for: file)
    let times = PublishTimeParser(timeZone: context.timeZone)
    var columns: [String: Int] = [:]
    try CSVTable(file: file).read { header in
      columns = Dictionary(
        header.enumerated().map { (Self.columnName($1), $0) }, uniquingKeysWith: { first, _ in first })
      let missing = ["Date", "ShareLink", "ShareCommentary"].filter { columns[Self.columnName($0)] == nil }
      guard missing.isEmpty else {
        throw ImportError(
          file: file.displayName, place: "line 1",
          message:
            "missing column\(missing.count > 1 ? "s" : "") \(missing.map { "\"\($0)\"" }.joined(separator: ", "))")
      }
    } row: { row, place in
      func cell(_ name: String) -> String {
        guard let index = columns[Self.columnName(name)], index < row.count else { return "" }
        return row[index]
      }
      guard let urn = Self.urn(in: cell("ShareLink")) else {
        sink.skip(SkippedRecord(file: file.displayName, place: place, reason: "no post URN in ShareLink"))
        return
      }
      guard let published = Self.utcTime(cell("Date")) ?? times.parse(cell("Date")) else {
        sink.skip(
          SkippedRecord(file: file.displayName, place: place, reason: "unreadable Date \"\(cell("Date").prefix(40))\""))
        return
      }
      let media = cell("MediaUrl").trimmingCharacters(in: .whitespaces)
      try sink.add(
        Post(
          platform: .linkedin, account: account, key: urn, published: published,
          caption: Self.repaired(cell("ShareCommentary")), mediaKind: media.isEmpty ? .text : .image,
          mediaCount: media.isEmpty ? 0 : 1, permalink: cell("ShareLink").trimmingCharacters(in: .whitespaces),
          sourceFile: file.displayName))
    }
    if let note = times.transitionNote(file: file.displayName) { sink.note(note) }
  }

  /// `urn:li:share:7200...` (or `urn:li:groupPost:123-456`, whole) from a ShareLink URL, percent-encoded or
  /// not.
  static func urn(in link: String) -> String? {
    let decoded = link.removingPercentEncoding ?? link
    guard let range = decoded.range(of: #"urn:li:[A-Za-z]+:[0-9]+(-[0-9]+)*"#, options: .regularExpression)
    else { return nil }
    return String(decoded[range])
  }

  /// The old copy's `2017/06/08 08:15:44 UTC`.
  static func utcTime(_ text: String) -> PostTime? {
    let text = text.trimmingCharacters(in: .whitespaces)
    guard text.hasSuffix(" UTC"), text.count > 14 else { return nil }
    let stamp = text.dropLast(4).replacingOccurrences(of: "/", with: "-")
    guard let civil = CivilTime.local(stamp[...].utf8) else { return nil }
    return .epoch(civil.secondsAsUTC)
  }

  /// Undoes the per-line quoting of multi-line commentary, only where every line shows it.
  static func repaired(_ text: String) -> String {
    let lines = text.components(separatedBy: "\n")
    guard lines.count > 1,
      lines.dropFirst().allSatisfy({ $0.hasPrefix("\"") }),
      lines.dropLast().allSatisfy({ $0.hasSuffix("\"") })
    else { return text.trimmingCharacters(in: .whitespacesAndNewlines) }
    return lines.enumerated().map { index, line in
      var line = Substring(line)
      if index > 0 { line = line.dropFirst() }
      if index < lines.count - 1 { line = line.dropLast() }
      return String(line)
    }.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
  }

  /// `--account`, else the name in the export's `Profile.csv` (first and last name only; nothing else of it
  /// is read), else the question.
  func account(in source: ExportSource, context: ImportContext, for file: ExportFile) throws -> String {
    if let account = context.account { return account }
    if let profile = source.file(endingWith: "profile.csv"), let reader = try? CSVReader(url: profile.url),
      let header = try? reader.nextRecord(), let row = try? reader.nextRecord()
    {
      let names = header.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
      let first = names.firstIndex(of: "first name").flatMap { $0 < row.count ? row[$0] : nil } ?? ""
      let last = names.firstIndex(of: "last name").flatMap { $0 < row.count ? row[$0] : nil } ?? ""
      let name = [first, last].map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        .joined(separator: "-").lowercased()
      if !name.isEmpty { return AccountHandle.normalized(name) }
    }
    throw ImportError(
      .needsOption, file: file.displayName, message: "the export does not say whose it is: pass --account NAME")
  }
}
