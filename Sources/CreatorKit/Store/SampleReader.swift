import Foundation
import GRDB

/// One read of the posts a statistics query selects, over a range of ids: three range scans into a table.
struct SampleReader: Sendable {
  let filter: SQLFilter
  /// The accounts in scope; nil for every account.
  let accountIDs: [Int64]?
  /// Keys and captions too.
  let texts: Bool
  /// Every metric, not only the rates' parts.
  let allMetrics: Bool
  let accounts: [PostTable.Account]
  /// Account rows' ids to positions in `accounts`.
  let accountPositions: [Int64: Int32]
  let tagNames: [String?]

  init(
    filter: SQLFilter, accountIDs: [Int64]?, texts: Bool, allMetrics: Bool,
    accounts: [(id: Int64, account: PostTable.Account)], tagNames: [String?]
  ) {
    self.filter = filter
    self.accountIDs = accountIDs
    self.texts = texts
    self.allMetrics = allMetrics
    self.accounts = accounts.map(\.account)
    accountPositions = Dictionary(uniqueKeysWithValues: accounts.enumerated().map { ($1.id, Int32($0)) })
    self.tagNames = tagNames
  }

  /// The posts in scope (whose id is in `ids`, when given) with their newest counts and their hashtags.
  /// Without `ids` a time range can use its index.
  func read(_ db: Database, ids: ClosedRange<Int64>?) throws -> PostTable {
    var (table, snapshots) = try scan(db, ids: ids)
    guard !table.isEmpty else { return table }
    try attachMetrics(db, to: &table, snapshots: snapshots)
    try attachHashtags(db, to: &table)
    return table
  }

  /// The posts in scope, in id order, without counts or tags, and their newest snapshot ids (-1 for none)
  /// by row.
  private func scan(_ db: Database, ids: ClosedRange<Int64>?) throws -> (PostTable, snapshots: [Int64]) {
    var filter = self.filter
    if let accountIDs {
      // Over a range of ids the rowid range is the way in: `+` keeps SQLite from taking the (account, time)
      // index instead, which reads every entry of the account and looks each post up (0.43 s against
      // 0.29 s for a million posts of one account). A time range without ids does want that index.
      filter.add(
        (ids == nil ? "" : "+") + "p.account_id IN (\(accountIDs.map(String.init).joined(separator: ", ")))")
    }
    if let ids { filter.add("p.id BETWEEN ? AND ?", ids.lowerBound, ids.upperBound) }
    // Small codes instead of text wherever a column repeats, and the small values packed into one integer
    // (day-only bit, kind code in 3 bits, caption length in 32 (at most 2^31 - 1), account id above): a row adds to four
    // arrays, taken apart column by column afterwards.
    let kinds = MediaKind.allCases.enumerated().map { "WHEN '\($1.rawValue)' THEN \($0 << 1)" }
      .joined(separator: " ")
    let statement = try FastStatement(
      db,
      sql: """
        SELECT p.id, p.published_at,
          (p.time_precision = 'day') | CASE p.media_kind \(kinds) ELSE 0 END
            | (min(length(p.caption), 2147483647) << 4) | (p.account_id << 36),
          ifnull(p.latest_snapshot_id, -1)\(texts ? ", p.key, p.caption" : "")
        FROM post p
        \(filter.whereClause)
        """)
    filter.bind(to: statement)
    defer { statement.reset() }
    let room = ids?.count ?? 0
    var postIDs: [Int64] = []
    var published: [Date] = []
    var packed: [Int64] = []
    var snapshots: [Int64] = []
    var keys: [String] = []
    var captions: [String] = []
    postIDs.reserveCapacity(room)
    published.reserveCapacity(room)
    packed.reserveCapacity(room)
    snapshots.reserveCapacity(room)
    while try statement.step() {
      postIDs.append(statement.integer(0))
      published.append(Date(timeIntervalSince1970: TimeInterval(statement.integer(1))))
      packed.append(statement.integer(2))
      snapshots.append(statement.integer(3))
      if texts {
        keys.append(statement.text(4) ?? "")
        captions.append(statement.text(5) ?? "")
      }
    }
    // `allCases` builds a new array on every call: once, not once a row.
    let mediaKinds = MediaKind.allCases
    var lastAccount: (id: Int64, position: Int32) = (-1, 0)
    let table = PostTable(
      accounts: accounts, tagNames: tagNames, ids: postIDs, published: published,
      timed: packed.map { $0 & 1 == 0 }, kinds: packed.map { mediaKinds[Int(($0 >> 1) & 7)] },
      captionLengths: packed.map { Int32(truncatingIfNeeded: ($0 >> 4) & 0xFFFF_FFFF) },
      accountIndexes: packed.map { value in
        let id = value >> 36
        if id != lastAccount.id { lastAccount = (id, accountPositions[id] ?? 0) }
        return lastAccount.position
      }, keys: keys, captions: captions, withMetrics: allMetrics)
    return (table, snapshots)
  }

  /// Gives each row its newest snapshot's counts, read by scanning the snapshots over the range of their
  /// ids (or one look-up each when the ids are too spread out for that to pay).
  private func attachMetrics(_ db: Database, to table: inout PostTable, snapshots: [Int64]) throws {
    let known = snapshots.filter { $0 >= 0 }
    guard let lowest = known.min(), let highest = known.max() else { return }
    // NULL comes back as Int64.min, so each column costs one call into SQLite, not two. The statistics
    // take the engagements summed in SQL (NULL only when every part is) and the three denominators; the
    // samples take every metric.
    let missing = Int64.min
    let columns: String
    let apply: (inout PostTable, FastStatement, Int32, Int) -> Void
    if allMetrics {
      let metrics = Metric.allCases
      columns = metrics.map { "ifnull(\($0.rawValue), \(missing))" }.joined(separator: ", ")
      apply = { table, statement, first, row in
        var values = MetricValues()
        for (offset, metric) in metrics.enumerated() {
          let value = statement.integer(first + Int32(offset))
          if value != missing { values[metric] = value }
        }
        table.setCounts(values, row: row)
      }
    } else {
      columns = """
        ifnull(\(StoreSchema.engagementsSQL(snapshot: "metric_snapshot")), \(missing)),
        ifnull(reach, \(missing)), ifnull(views, \(missing)), ifnull(impressions, \(missing))
        """
      apply = { table, statement, first, row in
        table.setCounts(
          row: row, engagements: statement.integer(first), reach: statement.integer(first + 1),
          views: statement.integer(first + 2), impressions: statement.integer(first + 3))
      }
    }
    let span = Int(highest - lowest + 1)
    if span <= 4 * snapshots.count + 1024 {
      var rows = [Int32](repeating: -1, count: span)
      for (row, id) in snapshots.enumerated() where id >= 0 { rows[Int(id - lowest)] = Int32(row) }
      let statement = try FastStatement(
        db, sql: "SELECT id, \(columns) FROM metric_snapshot WHERE id BETWEEN ? AND ?")
      statement.bind(1, lowest)
      statement.bind(2, highest)
      defer { statement.reset() }
      while try statement.step() {
        let row = Int(rows[Int(statement.integer(0) - lowest)])
        if row >= 0 { apply(&table, statement, 1, row) }
      }
    } else {
      let statement = try FastStatement(db, sql: "SELECT \(columns) FROM metric_snapshot WHERE id = ?")
      for (row, id) in snapshots.enumerated() where id >= 0 {
        statement.bind(1, id)
        if try statement.step() { apply(&table, statement, 0, row) }
        statement.reset()
      }
    }
  }

  /// Gives each row its hashtags: one range scan of the links in post-id order (no join per link), each
  /// link placed by the post's row, when the ids in scope are dense (one creator's store, or a time range);
  /// one look-up per post when they are spread out (one account of an agency's store, whose posts lie among
  /// everyone else's: a range scan would read every account's links).
  private func attachHashtags(_ db: Database, to table: inout PostTable) throws {
    guard let lowestID = table.ids.min(), let highestID = table.ids.max() else { return }
    let span = Int(highestID - lowestID + 1)
    var links: [(row: Int32, tag: Int32)] = []
    func link(_ row: Int32, _ tag: Int64) {
      guard tag >= 0, tag < tagNames.count, tagNames[Int(tag)] != nil else { return }
      links.append((row, Int32(tag)))
    }
    if span <= 4 * table.count + 1024 {
      var dense = [Int32](repeating: -1, count: span)
      for (row, id) in table.ids.enumerated() { dense[Int(id - lowestID)] = Int32(row) }
      let statement = try FastStatement(
        db, sql: "SELECT post_id, hashtag_id FROM post_hashtag WHERE post_id BETWEEN ? AND ?")
      statement.bind(1, lowestID)
      statement.bind(2, highestID)
      defer { statement.reset() }
      while try statement.step() {
        let row = dense[Int(statement.integer(0) - lowestID)]
        if row >= 0 { link(row, statement.integer(1)) }
      }
    } else {
      let statement = try FastStatement(db, sql: "SELECT hashtag_id FROM post_hashtag WHERE post_id = ?")
      for (row, id) in table.ids.enumerated() {
        statement.bind(1, id)
        while try statement.step() { link(Int32(row), statement.integer(0)) }
        statement.reset()
      }
    }
    table.setTags(links)
  }
}

extension SampleReader {
  /// The same table through the store's `rows`, on any engine: the posts in scope with their newest counts
  /// in one query, their hashtags in a second. PostgreSQL reads this way; on SQLite it is the yardstick the
  /// fast read is tested against.
  func read(_ store: PostStore) throws -> PostTable {
    var filter = self.filter
    if let accountIDs { filter.add("p.account_id IN (\(accountIDs.map(String.init).joined(separator: ", ")))") }
    let counts =
      allMetrics
      ? Metric.allCases.map { "m.\($0.rawValue)" }
      : [StoreSchema.engagementsSQL(snapshot: "m"), "m.reach", "m.views", "m.impressions"]
    let rows = try store.rows(
      """
      SELECT p.id, p.published_at, p.time_precision, p.media_kind, length(p.caption), p.account_id,
        \(counts.joined(separator: ", "))\(texts ? ", p.key, p.caption" : "")
      FROM post p LEFT JOIN metric_snapshot m ON m.id = p.latest_snapshot_id
      \(filter.whereClause) ORDER BY p.id
      """, filter.values)
    let firstText = 6 + counts.count
    let mediaKinds = MediaKind.allCases
    var table = PostTable(
      accounts: accounts, tagNames: tagNames, ids: rows.map { $0[0] },
      published: rows.map { Date(timeIntervalSince1970: TimeInterval($0[1] as Int64)) },
      timed: rows.map { ($0[2] as String) != "day" },
      kinds: rows.map { MediaKind(rawValue: $0[3]) ?? mediaKinds[0] },
      captionLengths: rows.map { Int32(clamping: $0[4] as Int64) },
      accountIndexes: rows.map { accountPositions[$0[5]] ?? 0 },
      keys: texts ? rows.map { $0[firstText] } : [], captions: texts ? rows.map { $0[firstText + 1] } : [],
      withMetrics: allMetrics)
    var rowOfPost: [Int64: Int32] = [:]
    rowOfPost.reserveCapacity(rows.count)
    for (row, values) in rows.enumerated() {
      rowOfPost[values[0]] = Int32(row)
      if allMetrics {
        var metrics = MetricValues()
        for (offset, metric) in Metric.allCases.enumerated() { metrics[metric] = values[6 + offset] }
        table.setCounts(metrics, row: row)
      } else {
        let missing = PostTable.missing
        table.setCounts(
          row: row, engagements: values[6] ?? missing, reach: values[7] ?? missing, views: values[8] ?? missing,
          impressions: values[9] ?? missing)
      }
    }
    guard !rows.isEmpty else { return table }
    var links: [(row: Int32, tag: Int32)] = []
    for link in try store.rows(
      """
      SELECT h.post_id, h.hashtag_id FROM post_hashtag h JOIN post p ON p.id = h.post_id
      \(filter.whereClause) ORDER BY h.post_id, h.hashtag_id
      """, filter.values)
    {
      let tag: Int64 = link[1]
      guard tag >= 0, tag < tagNames.count, tagNames[Int(tag)] != nil, let row = rowOfPost[link[0]] else { continue }
      links.append((row, Int32(tag)))
    }
    table.setTags(links)
    return table
  }
}
