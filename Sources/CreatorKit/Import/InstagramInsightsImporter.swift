import Foundation

/// Instagram professional insights per post (`past_instagram_insights/posts.json`) and per reel (older
/// exports' `reels.json`): rows of `string_map_data` labels with values written as text (`"1,508"`, `"--"`,
/// German `"12.345"`), joined to posts by the media id in `media_map_data."Media Thumbnail".uri`.
///
/// Labels follow the account's language; unknown labels are reported, and a file in which no label is
/// known fails as an unknown language pack rather than importing rows without numbers.
public struct InstagramInsightsImporter: ExportImporter {
  public let name = "instagram-insights"
  public let phase = ImportPhase.metrics

  private static let rootKeys = ["organic_insights_posts", "organic_insights_reels"]

  public init() {}

  public func claims(_ file: ExportFile) -> Bool {
    rootKey(of: file) != nil
  }

  private func rootKey(of file: ExportFile) -> String? {
    if case .jsonObject(let keys) = file.shape {
      return Self.rootKeys.first(where: keys.contains)
    }
    guard file.lowercasedPath.contains("past_instagram_insights/") else { return nil }
    switch file.fileName {
    case "posts.json": return "organic_insights_posts"
    case "reels.json": return "organic_insights_reels"
    default: return nil
    }
  }

  public func read(
    _ file: ExportFile, from source: ExportSource, context: ImportContext, into sink: any ImportSink
  ) throws {
    guard let rootKey = rootKey(of: file) else { return }
    let account = try InstagramExport.account(in: source, context: context, for: file)
    let observedAt = context.observedAt
    var unknownLabels: [String: Int] = [:]
    var rowsWithValues = 0
    var rowsWithKnownLabels = 0
    var firstUnknownPlace: String?
    // The same dozen labels repeat on every row, in the same order: look each up once, and compare with the
    // label at the same position in the last row before hashing.
    var labels: [String: (metric: Metric?, known: Bool)] = [:]
    var byPosition: [(label: String, kind: (metric: Metric?, known: Bool))] = []
    let stream = JSONRecordStream(
      file: file, rootKey: rootKey, repairsMetaText: true, recordName: "insight rows",
      skippedKeys: ["href", "timestamp", "title", "creation_timestamp"])
    try stream.forEach(progress: sink) { record in
      var values = MetricValues()
      var knownLabel = false
      if let map = try record.record("string_map_data") {
        for (position, (label, entry)) in map.object.members.enumerated() {
          let kind: (metric: Metric?, known: Bool)
          if position < byPosition.count && byPosition[position].label == label {
            kind = byPosition[position].kind
          } else {
            kind =
              labels[label]
              ?? {
                let kind = (MetricLabels.metric(for: label), MetricLabels.isKnownNonMetric(label))
                labels[label] = kind
                return kind
              }()
            if position < byPosition.count {
              byPosition[position] = (label, kind)
            } else if position == byPosition.count {
              byPosition.append((label, kind))
            }
          }
          guard let metric = kind.metric else {
            if !kind.known {
              unknownLabels[label, default: 0] += 1
              firstUnknownPlace = firstUnknownPlace ?? map.place(label)
            } else {
              knownLabel = true
            }
            continue
          }
          knownLabel = true
          guard case .object(let cell) = entry else { throw map.wrongType(label, expected: "an object", found: entry) }
          let raw = cell["value"] ?? .null
          switch MetricNumber(raw) {
          case .value(let number): values[metric] = number
          case .missing: break
          case .invalid:
            throw ImportError(
              file: record.file, place: map.place("\(label).value"),
              message: "\"\(raw.stringValue ?? raw.kindName)\" is not a count for \(label)")
          }
        }
        if !map.object.members.isEmpty { rowsWithValues += 1 }
      }
      if knownLabel { rowsWithKnownLabels += 1 }
      let thumbnail = try record.record("media_map_data").flatMap { try $0.record("Media Thumbnail") }
      let uri = try thumbnail?.string("uri") ?? ""
      guard let key = InstagramExport.keys(forURI: uri).first else {
        sink.skip(SkippedRecord(file: record.file, place: record.path, reason: "no media URI to join the row on"))
        return
      }
      guard !values.isEmpty else {
        sink.skip(SkippedRecord(file: record.file, place: record.path, reason: "no metric values in the row"))
        return
      }
      try sink.add(
        MetricReading(
          platform: .instagram, account: account, postKey: key, values: values, observedAt: observedAt,
          source: name, sourceFile: record.file, place: record.path))
    }
    if rowsWithValues > 0 && rowsWithKnownLabels == 0 {
      let labels = unknownLabels.keys.sorted().prefix(4).map { "\"\($0)\"" }.joined(separator: ", ")
      throw ImportError(
        file: file.displayName, place: firstUnknownPlace,
        message: "unknown language pack: none of the labels (\(labels)) is known; please report them")
    }
    for (label, count) in unknownLabels.sorted(by: { $0.key < $1.key }) {
      sink.note(
        "\(file.displayName): label \"\(label)\" is not a known metric (\(count) rows); its values were not imported")
    }
  }
}
