import Foundation

/// Posts column by column, the way the statistics read them: one array per field, hashtags as ids into one
/// list of names, no allocation per post. A million posts take about 80 MB here; as `PostSample` values
/// they took 270 MB and two million small allocations, and every figure re-derived the same rates from them.
/// Rows keep the order they were added in; the store's tables are oldest first.
public struct PostTable: Sendable {
  /// An account the rows point at.
  public struct Account: Sendable, Equatable {
    public var platform: Platform
    public var name: String
  }

  /// What a count column holds where the export had no such count (which is not zero).
  static let missing = Int64.min

  public private(set) var ids: [Int64] = []
  public private(set) var published: [Date] = []
  /// False for date-only sources, which stay out of hour-of-day statistics.
  private(set) var timed: [Bool] = []
  private(set) var kinds: [MediaKind] = []
  /// In characters (Unicode code points).
  private(set) var captionLengths: [Int32] = []
  /// Each row's account, as an index into `accounts`.
  private(set) var accountIndexes: [Int32] = []
  public let accounts: [Account]
  /// Likes + comments + shares + saves from the parts present, `missing` when no part is.
  var engagements: [Int64] = []
  var reach: [Int64] = []
  var views: [Int64] = []
  var impressions: [Int64] = []
  /// The account's followers at post time (`FollowerTimeline`), `missing` where unknown.
  var followers: [Int64] = []
  /// Row `i`'s hashtags are `tagIDs[tagStarts[i]..<tagStarts[i + 1]]`, each an index into `tagNames`.
  private(set) var tagStarts: [Int32] = [0]
  private(set) var tagIDs: [Int32] = []
  /// Names by id; nil for ids no tag has.
  public let tagNames: [String?]
  /// Keys and captions, when the rows were read with them (`SampleQuery.captions`); else empty.
  private(set) var keys: [String] = []
  private(set) var captions: [String] = []
  /// Every count of every row, when the rows were read to become `PostSample`s; else empty.
  var metrics: [MetricValues] = []

  init(accounts: [Account], tagNames: [String?]) {
    self.accounts = accounts
    self.tagNames = tagNames
  }

  /// Rows given column by column, without counts or tags (`setCounts`, `setTags` give them). `keys` and
  /// `captions` are empty or one a row; `withMetrics` keeps every count of every row.
  init(
    accounts: [Account], tagNames: [String?], ids: [Int64], published: [Date], timed: [Bool], kinds: [MediaKind],
    captionLengths: [Int32], accountIndexes: [Int32], keys: [String] = [], captions: [String] = [],
    withMetrics: Bool
  ) {
    self.init(accounts: accounts, tagNames: tagNames)
    self.ids = ids
    self.published = published
    self.timed = timed
    self.kinds = kinds
    self.captionLengths = captionLengths
    self.accountIndexes = accountIndexes
    self.keys = keys
    self.captions = captions
    let none = [Int64](repeating: Self.missing, count: ids.count)
    (engagements, reach, views, impressions, followers) = (none, none, none, none, none)
    tagStarts = [Int32](repeating: 0, count: ids.count + 1)
    metrics = withMetrics ? Array(repeating: MetricValues(), count: ids.count) : []
  }

  public var count: Int { ids.count }
  public var isEmpty: Bool { ids.isEmpty }

  /// Gives row `row` the counts the rates divide (`missing` for none).
  mutating func setCounts(row: Int, engagements: Int64, reach: Int64, views: Int64, impressions: Int64) {
    self.engagements[row] = engagements
    self.reach[row] = reach
    self.views[row] = views
    self.impressions[row] = impressions
  }

  /// Gives row `row` all its counts.
  mutating func setCounts(_ values: MetricValues, row: Int) {
    setCounts(
      row: row, engagements: values.engagements ?? Self.missing, reach: values[.reach] ?? Self.missing,
      views: values[.views] ?? Self.missing, impressions: values[.impressions] ?? Self.missing)
    if !metrics.isEmpty { metrics[row] = values }
  }

  /// Gives the rows their hashtags from (row, tag id) links in any order; a row's tags keep the links' order.
  mutating func setTags(_ links: [(row: Int32, tag: Int32)]) {
    var starts = [Int32](repeating: 0, count: count + 1)
    for link in links { starts[Int(link.row) + 1] += 1 }
    for row in 0..<count { starts[row + 1] += starts[row] }
    var next = starts
    var ids = [Int32](repeating: 0, count: links.count)
    for link in links {
      ids[Int(next[Int(link.row)])] = link.tag
      next[Int(link.row)] += 1
    }
    tagStarts = starts
    tagIDs = ids
  }

  /// Row `row`'s hashtag ids.
  func tags(of row: Int) -> ArraySlice<Int32> {
    tagIDs[tagRange(of: row)]
  }

  /// Where row `row`'s hashtag ids are in `tagIDs`: loops over a million rows index `tagIDs` by this range
  /// instead of taking a slice per row (a slice retains and releases the array's storage).
  func tagRange(of row: Int) -> Range<Int> {
    Int(tagStarts[row])..<Int(tagStarts[row + 1])
  }

  /// Row `row`'s hashtags.
  public func hashtags(of row: Int) -> [String] {
    tags(of: row).map(tagName)
  }

  /// The name of tag id `id`.
  func tagName(_ id: Int32) -> String { tagNames[Int(id)] ?? "" }

  public func account(of row: Int) -> Account { accounts[Int(accountIndexes[row])] }

  public func key(of row: Int) -> String { keys.isEmpty ? "" : keys[row] }

  public func caption(of row: Int) -> String { captions.isEmpty ? "" : captions[row] }

  /// What rates by `basis` divide by, row by row.
  func denominators(_ basis: RateBasis) -> [Int64] {
    switch basis {
    case .reach: reach
    case .views: views
    case .impressions: impressions
    case .followers: followers
    }
  }

  /// Gives every row the followers its account had when it went out, from each account's readings (by
  /// position in `accounts`).
  mutating func setFollowers(_ timelines: [FollowerTimeline?]) {
    guard timelines.contains(where: { $0 != nil }) else { return }
    for row in ids.indices {
      if let timeline = timelines[Int(accountIndexes[row])] {
        followers[row] = timeline.followers(at: published[row]) ?? Self.missing
      }
    }
  }

  /// The platform every row is on, or nil when they differ or there are none.
  public var platform: Platform? {
    var seen = [Bool](repeating: false, count: accounts.count)
    for index in accountIndexes { seen[Int(index)] = true }
    let platforms = Set(accounts.indices.filter { seen[$0] }.map { accounts[$0].platform })
    return platforms.count == 1 ? platforms.first : nil
  }

  /// Appends `other`'s rows; both must come from the same accounts and tag names.
  mutating func append(contentsOf other: PostTable) {
    let offset = Int32(tagIDs.count)
    ids += other.ids
    published += other.published
    timed += other.timed
    kinds += other.kinds
    captionLengths += other.captionLengths
    accountIndexes += other.accountIndexes
    engagements += other.engagements
    reach += other.reach
    views += other.views
    impressions += other.impressions
    followers += other.followers
    tagStarts += other.tagStarts.dropFirst().map { $0 + offset }
    tagIDs += other.tagIDs
    keys += other.keys
    captions += other.captions
    metrics += other.metrics
  }

  /// The rows `rows` (row numbers, in the order given) as a table of their own, with the same accounts and
  /// tag names.
  public func rows(_ rows: [Int]) -> PostTable {
    func picked<Value>(_ column: [Value]) -> [Value] { column.isEmpty ? [] : rows.map { column[$0] } }
    var table = PostTable(accounts: accounts, tagNames: tagNames)
    table.ids = picked(ids)
    table.published = picked(published)
    table.timed = picked(timed)
    table.kinds = picked(kinds)
    table.captionLengths = picked(captionLengths)
    table.accountIndexes = picked(accountIndexes)
    table.engagements = picked(engagements)
    table.reach = picked(reach)
    table.views = picked(views)
    table.impressions = picked(impressions)
    table.followers = picked(followers)
    table.keys = picked(keys)
    table.captions = picked(captions)
    table.metrics = picked(metrics)
    var starts: [Int32] = [0]
    starts.reserveCapacity(rows.count + 1)
    var tags: [Int32] = []
    for row in rows {
      tags += self.tags(of: row)
      starts.append(Int32(tags.count))
    }
    (table.tagStarts, table.tagIDs) = (starts, tags)
    return table
  }

  /// The rows published in `range`, in order.
  public func rows(publishedIn range: Range<Date>) -> PostTable {
    rows(published.indices.filter { range.contains(published[$0]) })
  }

  /// Oldest first, ties by id; a table already in that order costs one pass to check.
  mutating func sortByTime() {
    func before(_ a: Int, _ b: Int) -> Bool {
      published[a] != published[b] ? published[a] < published[b] : ids[a] < ids[b]
    }
    guard ids.indices.dropFirst().contains(where: { before($0, $0 - 1) }) else { return }
    let order = ids.indices.sorted(by: before)
    func reordered<Value>(_ column: [Value]) -> [Value] { column.isEmpty ? [] : order.map { column[$0] } }
    var starts: [Int32] = [0]
    starts.reserveCapacity(count + 1)
    var tags: [Int32] = []
    tags.reserveCapacity(tagIDs.count)
    for row in order {
      tags += self.tags(of: row)
      starts.append(Int32(tags.count))
    }
    (tagStarts, tagIDs) = (starts, tags)
    ids = reordered(ids)
    published = reordered(published)
    timed = reordered(timed)
    kinds = reordered(kinds)
    captionLengths = reordered(captionLengths)
    accountIndexes = reordered(accountIndexes)
    engagements = reordered(engagements)
    reach = reordered(reach)
    views = reordered(views)
    impressions = reordered(impressions)
    followers = reordered(followers)
    keys = reordered(keys)
    captions = reordered(captions)
    metrics = reordered(metrics)
  }
}

extension PostTable {
  /// The table of `posts`, in their order, with their keys, captions and counts.
  public init(_ posts: [PostSample]) {
    var accounts: [Account] = []
    var accountIndex: [String: Int32] = [:]
    var tagNames: [String?] = []
    var tagIndex: [String: Int32] = [:]
    var links: [(row: Int32, tag: Int32)] = []
    let accountIndexes = posts.indices.map { row in
      let post = posts[row]
      for tag in post.hashtags {
        if tagIndex[tag] == nil {
          tagIndex[tag] = Int32(tagNames.count)
          tagNames.append(tag)
        }
        links.append((Int32(row), tagIndex[tag]!))
      }
      let key = post.platform.rawValue + "\u{0}" + post.account
      if let index = accountIndex[key] { return index }
      accountIndex[key] = Int32(accounts.count)
      accounts.append(Account(platform: post.platform, name: post.account))
      return Int32(accounts.count - 1)
    }
    self.init(
      accounts: accounts, tagNames: tagNames, ids: posts.map(\.id), published: posts.map(\.published),
      timed: posts.map(\.hasTimeOfDay), kinds: posts.map(\.mediaKind),
      captionLengths: posts.map { Int32(clamping: $0.captionLength) }, accountIndexes: accountIndexes,
      keys: posts.map(\.key), captions: posts.map(\.caption), withMetrics: true)
    for (row, post) in posts.enumerated() {
      setCounts(post.metrics, row: row)
      followers[row] = post.followers ?? Self.missing
    }
    setTags(links)
  }

  /// The rows as `PostSample`s (keys and captions empty when the table has none, counts only when it kept
  /// them all).
  public var samples: [PostSample] {
    ids.indices.map { row in
      let account = account(of: row)
      return PostSample(
        id: ids[row], platform: account.platform, account: account.name, key: key(of: row),
        published: published[row], hasTimeOfDay: timed[row], mediaKind: kinds[row], caption: caption(of: row),
        captionLength: Int(captionLengths[row]), hashtags: hashtags(of: row),
        metrics: metrics.isEmpty ? MetricValues() : metrics[row],
        followers: followers[row] == Self.missing ? nil : followers[row])
    }
  }
}
