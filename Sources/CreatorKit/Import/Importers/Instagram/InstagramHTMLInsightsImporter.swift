import Foundation

/// Instagram professional insights in the HTML export (`past_instagram_insights/posts.html`): per post a
/// thumbnail (the media file the post is joined on) and a table whose cells read `Label<div><div>Value`
/// (`Accounts reached` / `1,508`). Labels go through the same alias table as the JSON insights, numbers through
/// the same reader (`1,508`, `12.345`, `--`); a page whose labels are all unknown fails as an unknown language
/// pack rather than importing posts without numbers.
public struct InstagramHTMLInsightsImporter: ExportImporter {
  /// The name recorded with every import that this importer read a file of: `instagram-insights-html`.
  public let name = "instagram-insights-html"
  /// Reads in the metrics phase, after every file that creates posts: its numbers join posts already read or stored.
  public let phase = ImportPhase.metrics

  /// An importer; it keeps no state between files, so one instance reads any number of imports.
  public init() {}

  /// Whether `file` is one of the files this importer reads, judged from its shape (its keys or header) first and its
  /// path second.
  public func claims(_ file: ExportFile) -> Bool {
    file.lowercasedPath.contains("past_instagram_insights/") && file.fileName == "posts.html"
  }

  /// Reads `file` into `sink`: every post and metric reading it holds, and each record it cannot use as a skipped
  /// record with its place and reason. Throws `ImportError` naming the file and place on input that is broken as a
  /// whole.
  public func read(
    _ file: ExportFile, from source: ExportSource, context: ImportContext, into sink: any ImportSink
  ) throws {
    let account = try InstagramExport.account(in: source, context: context, for: file)
    let root = try HTMLNode.load(file)
    let blocks = InstagramHTMLImporter.postBlocks(root)
    var known = 0
    var unknown: [String: Int] = [:]
    for (index, block) in blocks.enumerated() {
      let place = "post \(index + 1)"
      guard let uri = InstagramHTMLImporter.media(in: block).first?.uri,
        let key = InstagramExport.keys(forURI: uri).first
      else {
        sink.skip(SkippedRecord(file: file.displayName, place: place, reason: "no thumbnail to join the row on"))
        continue
      }
      var values = MetricValues()
      for (label, value) in Self.cells(in: block) {
        if let metric = MetricLabels.metric(for: label) {
          known += 1
          switch MetricNumber(value) {
          case .value(let number): values[metric] = number
          case .missing: break
          case .invalid:
            throw ImportError(
              file: file.displayName, place: "\(place), \"\(label)\"",
              message: "\"\(value.prefix(40))\" is not a number")
          }
        } else if !MetricLabels.isKnownNonMetric(label) {
          unknown[label, default: 0] += 1
        }
      }
      guard !values.isEmpty else {
        sink.skip(SkippedRecord(file: file.displayName, place: place, reason: "no metric values in the row"))
        continue
      }
      try sink.add(
        MetricReading(
          platform: .instagram, account: account, postKey: key, values: values, observedAt: context.observedAt,
          source: name, sourceFile: file.displayName, place: place))
    }
    if known == 0, !unknown.isEmpty {
      let labels = unknown.keys.sorted().prefix(4).map { "\"\($0)\"" }.joined(separator: ", ")
      throw ImportError(
        file: file.displayName,
        message: "unknown language pack: none of the labels (\(labels)) is known; please report them")
    }
  }

  /// Each table row's label and value, in the three ways Meta writes them: one cell with the label as its own
  /// text and the value in a block inside (`<td colspan="2">Likes<div><div>47</div></div></td>`), one cell
  /// with the label and the value each in a block (`<td><div>Source type</div><div><div>library</div>`), or
  /// two cells (`<td>Creation Timestamp</td><td>Jan 06, 2025 7:12 pm</td>`).
  static func cells(in block: HTMLNode) -> [(label: String, value: String)] {
    var cells: [(String, String)] = []
    block.walk { row in
      guard row.name == "tr" else { return }
      let columns = row.children.filter { $0.name == "td" || $0.name == "th" }
      if columns.count >= 2 {
        let label = columns[0].textContent
        if !label.isEmpty { cells.append((label, columns[1].textContent)) }
        return
      }
      guard let cell = columns.first else { return }
      let own = cell.children.filter(\.isText).map(\.text).joined().trimmingCharacters(in: .whitespacesAndNewlines)
      let blocks = cell.children.filter { $0.name == "div" }
      if !own.isEmpty {
        cells.append((own, blocks.first?.textContent ?? ""))
      } else if blocks.count >= 2 {
        cells.append((blocks[0].textContent, blocks[1].textContent))
      }
    }
    return cells
  }
}
