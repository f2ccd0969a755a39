import Foundation

/// Instagram's account-level audience insights (`past_instagram_insights/audience_insights.json`, root
/// `organic_insights_audience`): for one rolling window (`Date Range`, e.g. `Feb 6 - May 6`, no year),
/// `Followers` (at its end), `Follows`, `Unfollows` and `Overall followers` (the net change, which can be
/// negative), written as text like every insight value. The percentages by town, country and age are not
/// read. Labels are known in English; a row whose labels are all unknown stops the import as an unknown
/// language pack rather than being dropped.
public struct InstagramAudienceImporter: ExportImporter {
  /// The name recorded with every import that this importer read a file of: `instagram-audience`.
  public let name = "instagram-audience"
  /// Reads in the metrics phase, after every file that creates posts: its numbers join posts already read or stored.
  public let phase = ImportPhase.metrics

  private static let rootKey = "organic_insights_audience"

  private enum Field {
    case period, followers, follows, unfollows, net
  }

  /// Labels, normalized by `MetricLabels.normalize`.
  private static let labels: [String: Field] = [
    "date range": .period, "followers": .followers, "follows": .follows, "unfollows": .unfollows,
    "overall followers": .net,
  ]

  /// An importer; it keeps no state between files, so one instance reads any number of imports.
  public init() {}

  /// Whether `file` is one of the files this importer reads, judged from its shape (its keys or header) first and its
  /// path second.
  public func claims(_ file: ExportFile) -> Bool {
    if case .jsonObject(let keys) = file.shape, keys.contains(Self.rootKey) { return true }
    return file.fileName == "audience_insights.json" && file.lowercasedPath.contains("past_instagram_insights/")
  }

  /// Reads `file` into `sink`: every post and metric reading it holds, and each record it cannot use as a skipped
  /// record with its place and reason. Throws `ImportError` naming the file and place on input that is broken as a
  /// whole.
  public func read(
    _ file: ExportFile, from source: ExportSource, context: ImportContext, into sink: any ImportSink
  ) throws {
    let account = try InstagramExport.account(in: source, context: context, for: file)
    let stream = JSONRecordStream(
      file: file, rootKey: Self.rootKey, repairsMetaText: true, recordName: "audience rows",
      skippedKeys: ["href"])
    try stream.forEach(progress: sink) { record in
      guard let map = try record.record("string_map_data") else {
        sink.skip(SkippedRecord(file: record.file, place: record.path, reason: "no string_map_data in the row"))
        return
      }
      var period = ""
      var numbers: [Field: Int64] = [:]
      var known = false
      for (label, entry) in map.object.members {
        guard let field = Self.labels[MetricLabels.normalize(label)] else { continue }
        known = true
        guard case .object(let cell) = entry else { throw map.wrongType(label, expected: "an object", found: entry) }
        let raw = cell["value"] ?? .null
        if field == .period {
          period = raw.stringValue ?? ""
          continue
        }
        switch MetricNumber(raw) {
        case .value(let number): numbers[field] = number
        case .missing: break
        case .invalid:
          throw ImportError(
            file: record.file, place: map.place("\(label).value"),
            message: "\"\(raw.stringValue ?? raw.kindName)\" is not a count for \(label)")
        }
      }
      // Labels follow the account's language: rather than skip a file in an unknown one, say so.
      if !known && !map.object.members.isEmpty {
        let labels = map.object.members.prefix(4).map { "\"\($0.key)\"" }.joined(separator: ", ")
        throw ImportError(
          file: record.file, place: record.path,
          message: "unknown language pack: none of the labels (\(labels)) is known; please report them")
      }
      guard !numbers.isEmpty else {
        sink.skip(SkippedRecord(file: record.file, place: record.path, reason: "no follower counts in the row"))
        return
      }
      try sink.add(
        AccountReading(
          platform: .instagram, account: account, observedAt: context.observedAt, period: period,
          followers: numbers[.followers], follows: numbers[.follows], unfollows: numbers[.unfollows],
          netFollowers: numbers[.net], source: name, sourceFile: record.file))
    }
  }
}
