/// The text `creator import` prints: what was found per account, what was skipped and why, and anything
/// the user should look at. Verbose (dry runs) lists every file and every skipped record.
public struct ImportSummary: Sendable {
  public var report: ImportReport
  public var verbose: Bool

  public init(report: ImportReport, verbose: Bool) {
    self.report = report
    self.verbose = verbose
  }

  public var text: String {
    var lines: [String] = []
    if report.dryRun { lines.append("Dry run: nothing was written.") }
    lines += report.summaryLines.map(TerminalText.escaped)
    if report.exports.count > 1 {
      lines.append(
        "Exports read (\(report.exports.filter(\.recognized).count) of \(report.exports.count) hold data CreatorKit reads):"
      )
      lines += report.exports.map(Self.exportLine).map(TerminalText.escaped)
    }
    if verbose {
      lines.append("Files read:")
      lines += report.filesRead.map { file in
        var counts = ["\(NumberText.count(file.posts)) post\(file.posts == 1 ? "" : "s")"]
        if file.readings > 0 {
          counts.append("\(NumberText.count(file.readings)) metric row\(file.readings == 1 ? "" : "s")")
        }
        if file.skipped > 0 { counts.append("\(NumberText.count(file.skipped)) skipped") }
        return "  \(TerminalText.escaped(file.file)) (\(file.importer)): " + counts.joined(separator: ", ")
      }
    } else {
      lines.append("Read \(NumberText.count(report.filesRead.count)) file\(report.filesRead.count == 1 ? "" : "s").")
    }
    if report.filesIgnored > 0 {
      let files =
        report.filesIgnored == 1
        ? "1 other data file holds" : "\(NumberText.count(report.filesIgnored)) other data files hold"
      lines.append("\(files) nothing CreatorKit imports yet.")
    }
    if !report.skipped.isEmpty {
      var reasons: [String: Int] = [:]
      for record in report.skipped { reasons[Self.reasonKind(record.reason), default: 0] += 1 }
      lines.append("Skipped \(NumberText.count(report.skipped.count)) record\(report.skipped.count == 1 ? "" : "s"):")
      for (reason, count) in reasons.sorted(by: { ($0.value, $1.key) > ($1.value, $0.key) }) {
        lines.append("  \(NumberText.count(count)) × \(TerminalText.escaped(reason))")
      }
      if verbose {
        lines += report.skipped.map { TerminalText.escaped("  \($0.file): \($0.place): \($0.reason)") }
      } else {
        lines.append("  (run with --dry-run to list each one)")
      }
    }
    lines += report.notes.map { "Note: \(TerminalText.escaped($0))" }
    if let id = report.importID { lines.append("Recorded as import #\(id).") }
    return lines.joined(separator: "\n")
  }

  /// `  Downloads/bakerbee.zip: Instagram @bakerbee · 5 posts, 4 metric rows from 3 files`.
  static func exportLine(_ export: ImportReport.ExportRead) -> String {
    guard export.recognized else { return "  \(export.name): nothing CreatorKit reads, left alone" }
    var counts = ["\(NumberText.count(export.posts)) post\(export.posts == 1 ? "" : "s")"]
    if export.readings > 0 {
      counts.append("\(NumberText.count(export.readings)) metric row\(export.readings == 1 ? "" : "s")")
    }
    if export.skipped > 0 { counts.append("\(NumberText.count(export.skipped)) skipped") }
    let whose = export.accounts.isEmpty ? "" : export.accounts.joined(separator: ", ") + " · "
    return
      "  \(export.name): \(whose)\(counts.joined(separator: ", ")) from \(export.files) file\(export.files == 1 ? "" : "s")"
  }

  /// Groups "no post with media:123 ..." and out-of-range publish times under one heading each.
  static func reasonKind(_ reason: String) -> String {
    if reason.hasPrefix("no post with ") { return "metric rows whose post is not in this import or the store" }
    if reason.hasPrefix("publish time "), reason.contains(" outside the years accepted") {
      return "posts published outside the years accepted (2004 to the end of next year)"
    }
    return reason
  }
}
