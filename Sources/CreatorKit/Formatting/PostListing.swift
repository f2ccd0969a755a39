import Foundation

/// Renders posts for `creator posts`: an aligned table for people, and JSON or CSV with a stable set of
/// fields for scripts (documented in the README; new fields are only ever added at the end).
public enum PostListing {
  /// How posts are printed: a table for people, JSON or CSV with stable fields for scripts.
  public enum Format: String, Sendable, CaseIterable {
    case table, json, csv
  }

  /// The field names of JSON objects and CSV columns, in order.
  public static let fields =
    [
      "platform", "account", "key", "published_at", "time_zone_assumed", "media_kind", "media_count", "caption",
      "hashtags",
    ] + Metric.allCases.map(\.rawValue) + ["metrics_observed_at", "permalink", "source_file", "relation", "archived"]

  public static func render(_ posts: [StoredPost], as format: Format, timeZone: TimeZone = .current) -> String {
    switch format {
    case .table: table(posts, timeZone: timeZone)
    case .json: json(posts)
    case .csv: csv(posts)
    }
  }

  static func iso(_ date: Date) -> String {
    date.formatted(.iso8601)
  }

  static func table(_ posts: [StoredPost], timeZone: TimeZone) -> String {
    guard !posts.isEmpty else { return "No posts match." }
    var table = TextTable(
      headers: ["published", "platform", "account", "kind", "likes", "comments", "reach", "views", "caption"],
      alignments: [.left, .left, .left, .left, .right, .right, .right, .right, .left], maximumCellWidth: 50)
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = timeZone
    for post in posts {
      formatter.dateFormat = post.published.precision == .day ? "yyyy-MM-dd" : "yyyy-MM-dd HH:mm"
      let number = { (metric: Metric) in post.metrics[metric].map { NumberText.count($0) } ?? "–" }
      table.rows.append([
        formatter.string(from: post.published.date) + (post.published.isZoneAssumed ? "*" : ""),
        post.platform.displayName, "@" + post.account, post.mediaKind.rawValue, number(.likes), number(.comments),
        number(.reach), number(.views), post.caption,
      ])
    }
    var text = table.render()
    text += "\n\n\(NumberText.count(posts.count)) post\(posts.count == 1 ? "" : "s"); times in \(timeZone.name)"
    if posts.contains(where: \.published.isZoneAssumed) {
      text += "; * the export gave no time zone, so one was assumed at import"
    }
    return text
  }

  static func json(_ posts: [StoredPost]) -> String {
    let objects: [[String: Any]] = posts.map { post in
      var object: [String: Any] = [
        "platform": post.platform.rawValue, "account": post.account, "key": post.key,
        "published_at": iso(post.published.date),
        "time_zone_assumed": post.published.assumedTimeZone ?? NSNull(), "media_kind": post.mediaKind.rawValue,
        "media_count": post.mediaCount ?? NSNull(), "caption": post.caption, "hashtags": post.hashtags,
        "metrics_observed_at": post.metricsObservedAt.map(iso) ?? NSNull(),
        "permalink": post.permalink ?? NSNull(), "source_file": post.sourceFile,
        "relation": post.relation.rawValue, "archived": post.archived,
      ]
      for metric in Metric.allCases { object[metric.rawValue] = post.metrics[metric] ?? NSNull() }
      return object
    }
    let data = (try? JSONSerialization.data(withJSONObject: objects, options: [.prettyPrinted, .sortedKeys])) ?? Data()
    return String(decoding: data, as: UTF8.self)
  }

  static func csv(_ posts: [StoredPost]) -> String {
    var writer = CSVWriter(header: fields)
    for post in posts {
      var cells: [CSVWriter.Cell] = [
        .text(post.platform.rawValue), .text(post.account), .text(post.key), .text(iso(post.published.date)),
        .text(post.published.assumedTimeZone ?? ""), .text(post.mediaKind.rawValue),
        .number(post.mediaCount.map(Int64.init)), .text(post.caption), .text(post.hashtags.joined(separator: " ")),
      ]
      cells += Metric.allCases.map { .number(post.metrics[$0]) }
      cells += [
        .text(post.metricsObservedAt.map(iso) ?? ""), .text(post.permalink ?? ""), .text(post.sourceFile),
        .text(post.relation.rawValue), .text(post.archived ? "true" : "false"),
      ]
      writer.appendRow(cells)
    }
    return writer.text
  }
}
