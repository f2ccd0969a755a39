import Foundation

/// Instagram professional insights per post (`past_instagram_insights/posts.json`) and per reel (older
/// exports' `reels.json`): rows of `string_map_data` labels with values written as text (`"1,508"`, `"--"`,
/// German `"12.345"`), joined to posts by the media id in `media_map_data."Media Thumbnail".uri`.
///
/// Labels follow the account's language; unknown labels are reported, and a file in which no label is
/// known fails as an unknown language pack rather than importing rows without numbers.
public struct InstagramInsightsImporter: ExportImporter {
  /// The name recorded with every import that this importer read a file of: `instagram-insights`.
  public let name = "instagram-insights"
  /// Reads in the metrics phase, after every file that creates posts: its numbers join posts already read or stored.
  public let phase = ImportPhase.metrics

  private static let rootKeys = ["organic_insights_posts", "organic_insights_reels"]

  /// An importer; it keeps no state between files, so one instance reads any number of imports.
  public init() {}

  /// Whether `file` is one of the files this importer reads, judged from its shape (its keys or header) first and its
  /// path second.
  public func claims(_ file: ExportFile) -> Bool {
    rootKey(of: file) != nil
  }

  private func rootKey(of file: ExportFile) -> String? {
    // An object whose first key could not be read (a file cut down to `{`) is known by its path instead,
    // so it fails as cut off rather than being passed over.
    if case .jsonObject(let keys) = file.shape, !keys.isEmpty {
      return Self.rootKeys.first(where: keys.contains)
    }
    guard file.lowercasedPath.contains("past_instagram_insights/") else { return nil }
    switch file.fileName {
    case "posts.json": return "organic_insights_posts"
    case "reels.json": return "organic_insights_reels"
    default: return nil
    }
  }

  /// Reads `file` into `sink`: every post and metric reading it holds, and each record it cannot use as a skipped
  /// record with its place and reason. Throws `ImportError` naming the file and place on input that is broken as a
  /// whole.
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
    let stream = JSONRecordStream(file: file, rootKey: rootKey, repairsMetaText: true, recordName: "insight rows")
    // Rows are read straight off the reader, without building each as a `JSONValue` tree: a row is a dozen
    // small objects, and building them cost more than reading them.
    try stream.forEachUnbuilt(progress: sink) { reader, index in
      var values = MetricValues()
      var knownLabel = false
      var uri: String?
      try reader.beginObject()
      while let key = try reader.nextKey() {
        switch key {
        case "string_map_data":
          guard try reader.peekValueStart() != UInt8(ascii: "n") else {
            try reader.skipValue()
            continue
          }
          try reader.beginObject()
          var position = 0
          while let label = try reader.nextKey() {
            defer { position += 1 }
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
            if position == 0 { rowsWithValues += 1 }
            guard let metric = kind.metric else {
              if !kind.known {
                unknownLabels[label, default: 0] += 1
                firstUnknownPlace = firstUnknownPlace ?? reader.place.description
              } else {
                knownLabel = true
              }
              try reader.skipValue()
              continue
            }
            knownLabel = true
            try reader.beginObject()
            while let field = try reader.nextKey() {
              guard field == "value" else {
                try reader.skipValue()
                continue
              }
              let raw = try reader.readValue()
              switch MetricNumber(raw) {
              case .value(let number): values[metric] = number
              case .missing: break
              case .invalid:
                throw reader.failure("\"\(raw.stringValue ?? raw.kindName)\" is not a count for \(label)")
              }
            }
          }
        case "media_map_data":
          guard try reader.peekValueStart() != UInt8(ascii: "n") else {
            try reader.skipValue()
            continue
          }
          try reader.beginObject()
          while let media = try reader.nextKey() {
            guard media == "Media Thumbnail", try reader.peekValueStart() != UInt8(ascii: "n") else {
              try reader.skipValue()
              continue
            }
            try reader.beginObject()
            while let field = try reader.nextKey() {
              guard field == "uri" else {
                try reader.skipValue()
                continue
              }
              switch try reader.readValue() {
              case .string(let text): uri = text
              case .null: uri = nil
              case let other: throw reader.failure("expected text, found \(other.kindName)")
              }
            }
          }
        default:
          try reader.skipValue()
        }
      }
      if knownLabel { rowsWithKnownLabels += 1 }
      let place = "$.\(rootKey)[\(index)]"
      guard let key = InstagramExport.keys(forURI: uri ?? "").first else {
        sink.skip(SkippedRecord(file: file.displayName, place: place, reason: "no media URI to join the row on"))
        return
      }
      guard !values.isEmpty else {
        sink.skip(SkippedRecord(file: file.displayName, place: place, reason: "no metric values in the row"))
        return
      }
      try sink.add(
        MetricReading(
          platform: .instagram, account: account, postKey: key, values: values, observedAt: observedAt,
          source: name, sourceFile: file.displayName, place: place))
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
