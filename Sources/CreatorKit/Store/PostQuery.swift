import Foundation

/// Which posts to list and in what order. Every filter is optional.
public struct PostQuery: Sendable {
  /// The listing's order: newest or oldest first, or by a count, highest first (posts without it last).
  public enum Order: String, Sendable, CaseIterable {
    case newest, oldest, likes, comments, reach, views, engagement
  }

  public var platform: Platform?
  public var account: String?
  public var since: Date?
  /// Exclusive upper bound.
  public var until: Date?
  public var mediaKind: MediaKind?
  /// Words that must all occur in the caption (full-text search, accents ignored).
  public var text: String?
  public var hashtag: String?
  public var order: Order = .newest
  public var limit: Int?

  /// Every post, newest first, without a limit.
  public init() {}

  /// The start of a day written `YYYY-MM-DD` in `timeZone`, for `since` and `until`; nil for other text.
  public static func startOfDay(_ text: String, in timeZone: TimeZone) -> Date? {
    guard let match = text.wholeMatch(of: /(\d{4})-(\d{2})-(\d{2})/) else { return nil }
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = timeZone
    let components = DateComponents(year: Int(match.1), month: Int(match.2), day: Int(match.3))
    guard components.isValidDate(in: calendar) else { return nil }
    return calendar.date(from: components)
  }

  /// An FTS5 query that matches every word of `text` as a literal prefix-free term.
  static func ftsQuery(_ text: String) -> String? {
    let words = text.split(whereSeparator: { $0.isWhitespace || $0 == "#" }).map {
      "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
    return words.isEmpty ? nil : words.joined(separator: " ")
  }
}

/// A post as stored, with its newest metric reading.
public struct StoredPost: Sendable, Equatable {
  public var id: Int64
  public var platform: Platform
  public var account: String
  public var key: String
  public var published: PostTime
  public var caption: String
  public var mediaKind: MediaKind
  public var mediaCount: Int?
  public var permalink: String?
  /// The post's hashtags, normalised, in the order the caption first uses them (the same on both engines).
  public var hashtags: [String]
  /// The newest reading; empty when no export carried metrics for the post.
  public var metrics: MetricValues
  public var metricsObservedAt: Date?
  public var sourceFile: String
  /// Own post, reply or repost.
  public var relation: PostRelation
  /// Hidden from the profile by its creator.
  public var archived: Bool = false

  /// Likes + comments + shares + saves, counting the parts the export has; nil when it has none.
  public var engagements: Int64? { metrics.engagements }
}

extension PostStore {
  /// The posts that match `query`, with hashtags and newest metrics.
  public func posts(_ query: PostQuery) throws -> [StoredPost] {
    guard
      var filter = try scope(platform: query.platform, account: query.account, since: query.since, until: query.until)
    else { return [] }
    if let kind = query.mediaKind { filter.add("p.media_kind = ?", .text(kind.rawValue)) }
    if let text = query.text, let match = dialect.captionMatch(text) {
      filter.add(match.condition, .text(match.value))
    }
    if let tag = query.hashtag.map(CaptionEntities.normalizedTag) {
      filter.add(
        "p.id IN (SELECT post_id FROM post_hashtag JOIN hashtag ON hashtag.id = hashtag_id WHERE hashtag.tag = ?)",
        .text(tag))
    }
    let engagement = "(\(StoreSchema.engagementsSQL(snapshot: "m")))"
    // Every order ends on the id, so a listing (and its first few) comes out the same every time.
    let order: String
    switch query.order {
    case .newest: order = "p.published_at DESC, p.id DESC"
    case .oldest: order = "p.published_at ASC, p.id ASC"
    case .likes: order = "m.likes IS NULL, m.likes DESC, p.published_at DESC, p.id DESC"
    case .comments: order = "m.comments IS NULL, m.comments DESC, p.published_at DESC, p.id DESC"
    case .reach: order = "m.reach IS NULL, m.reach DESC, p.published_at DESC, p.id DESC"
    case .views: order = "m.views IS NULL, m.views DESC, p.published_at DESC, p.id DESC"
    case .engagement: order = "\(engagement) IS NULL, \(engagement) DESC, p.published_at DESC, p.id DESC"
    }
    var sql = """
      SELECT p.id, a.platform, a.name, p.key, p.published_at, p.assumed_time_zone, p.time_precision, p.caption,
        p.media_kind, p.media_count, p.permalink, (SELECT path FROM source_file WHERE id = p.source_file_id),
        (SELECT \(dialect.joined("t.tag", separator: " ")) FROM post_hashtag h JOIN hashtag t ON t.id = h.hashtag_id
          WHERE h.post_id = p.id) AS tags,
        m.observed_at, m.likes, m.comments, m.shares, m.saves, m.reach, m.views, m.impressions, m.follows,
        m.profile_visits, m.link_taps, p.relation, p.archived
      FROM post p
      JOIN account a ON a.id = p.account_id
      LEFT JOIN metric_snapshot m ON m.id = p.latest_snapshot_id
      """
    if let limit = query.limit {
      // The few posts first, by their sort keys alone; then their details. In one query SQLite works out
      // every row's tags before keeping the newest few: 2.2 s instead of 0.3 s over a million posts.
      sql += """
         JOIN (SELECT p.id AS chosen FROM post p JOIN account a ON a.id = p.account_id
          LEFT JOIN metric_snapshot m ON m.id = p.latest_snapshot_id \(filter.whereClause)
          ORDER BY \(order) LIMIT \(limit)) AS chosen_posts ON chosen = p.id
        """
    } else {
      sql += " " + filter.whereClause
    }
    sql += " ORDER BY \(order)"
    return try rows(sql, filter.values).map { row in
      var metrics = MetricValues()
      for (offset, metric) in Metric.allCases.enumerated() { metrics[metric] = row[14 + offset] }
      let observed: Int64? = row[13]
      let tags: String? = row[12]
      return StoredPost(
        id: row[0], platform: Platform(rawValue: row[1]) ?? .other, account: row[2], key: row[3],
        published: PostTime(
          date: Date(timeIntervalSince1970: TimeInterval(row[4] as Int64)), assumedTimeZone: row[5],
          precision: PostTime.Precision(rawValue: row[6]) ?? .time),
        caption: row[7], mediaKind: MediaKind(rawValue: row[8]) ?? .image, mediaCount: row[9], permalink: row[10],
        hashtags: Self.inCaptionOrder(tags.map { $0.split(separator: " ").map(String.init) } ?? [], caption: row[7]),
        metrics: metrics,
        metricsObservedAt: observed.map { Date(timeIntervalSince1970: TimeInterval($0)) }, sourceFile: row[11],
        relation: PostRelation(rawValue: row[24]) ?? .own, archived: row[25])
    }
  }
}

extension PostStore {
  /// A post's tags in the order its caption first uses them (either engine hands them back in any order);
  /// tags the caption does not show last, alphabetically.
  static func inCaptionOrder(_ tags: [String], caption: String) -> [String] {
    guard tags.count > 1 else { return tags }
    var position: [String: Int] = [:]
    for (index, tag) in CaptionEntities.hashtags(in: caption).map(CaptionEntities.normalizedTag).enumerated() {
      if position[tag] == nil { position[tag] = index }
    }
    return tags.sorted { (position[$0] ?? Int.max, $0) < (position[$1] ?? Int.max, $1) }
  }
}

extension PostStore {
  /// Where each post's first photo is (when its export gave one) and its permalink, for the few posts a
  /// report shows.
  public func mediaAndLinks(of ids: [Int64]) throws -> [Int64: (media: MediaLocation?, permalink: String?)] {
    guard !ids.isEmpty else { return [:] }
    var found: [Int64: (media: MediaLocation?, permalink: String?)] = [:]
    let list = ids.map(String.init).joined(separator: ",")
    for row in try rows(
      """
      SELECT p.id, p.media_path, f.export, p.permalink FROM post p
      LEFT JOIN source_file f ON f.id = p.source_file_id WHERE p.id IN (\(list))
      """)
    {
      let path: String? = row[1]
      let export: String? = row[2]
      let media = path.flatMap { path in export.map { MediaLocation(export: $0, path: path) } }
      found[row[0]] = (media, row[3])
    }
    return found
  }
}
