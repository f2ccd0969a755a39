import Foundation

/// What the weekly report covers.
public struct ReportOptions: Sendable {
  public var platform: Platform?
  public var account: String?
  /// Nil: the last week with posts.
  public var week: ISOWeek?
  public var basis: RateBasis?
  public var timeZone: TimeZone
  /// How hours are written in the whole report (the CLI picks the reader's locale's choice unless told).
  public var clock: Clock

  public init(
    platform: Platform? = nil, account: String? = nil, week: ISOWeek? = nil, basis: RateBasis? = nil,
    timeZone: TimeZone = .current, clock: Clock = .h24
  ) {
    self.platform = platform
    self.account = account
    self.week = week
    self.basis = basis
    self.timeZone = timeZone
    self.clock = clock
  }
}

/// The weekly trend report: one week's figures against the weeks before, said in words, with what to try
/// next week. Every number comes from `AccountStatistics` types, so it matches `creator stats`.
public struct WeeklyReport: Sendable, Codable {
  /// One of the week's posts.
  public struct PostLine: Sendable, Codable {
    public var id: Int64
    public var key: String
    public var published: Date
    /// False when the export gave a date only (YouTube Studio): shown without a time.
    public var hasTimeOfDay: Bool
    public var kind: MediaKind
    public var caption: String
    public var rate: Double?
    public var reach: Int64?
    public var views: Int64?
    /// A small JPEG of its first photo as a data URI, when the export is still where it was imported from.
    public var thumbnail: String?
    public var permalink: String?
  }

  public static let trendWeeks = 12
  /// How many of the week's posts the report shows, best first.
  public static let postsShown = 5
  public static let minimumPerKind = 3

  public var account: String?
  public var platform: Platform?
  public var week: ISOWeek
  public var weekStart: Date
  /// Exclusive: the next Monday.
  public var weekEnd: Date
  public var timeZone: String
  /// How hours are written.
  public var clock: Clock
  public var basis: RateBasis
  public var formula: String
  /// What posts are ranked and compared by: the rate by `basis` where the export allows it, else a count
  /// per post (likes per post on TikTok, views per post on YouTube).
  public var outcome: Outcome
  /// Why there is no rate, in one sentence, when there is none.
  public var outcomeNote: String?
  /// False when the posts carry no number at all (content-only exports): nothing to rank them by.
  public var rankable: Bool
  public var thisWeek: WeekFigure
  public var previousWeek: WeekFigure?
  /// This week's posts, reach, views and engagements, and the week before's, for the tiles a report opens
  /// with.
  public var totals: WeekTotals
  public var previousTotals: WeekTotals
  /// The last `trendWeeks` weeks up to this one, oldest first.
  public var trend: [WeekFigure]
  /// This week's posts, best rate first.
  public var topPosts: [PostLine]
  /// This week's posts by kind.
  public var mediaKinds: [MediaKindFigure]
  /// From the 16 weeks up to the end of this week.
  public var bestTimes: BestTimes
  public var trends: HashtagTrends
  /// Every tag with a figure over the posts given (the store's report: the last 16 weeks), best lift first.
  public var hashtags: [HashtagFigure]
  /// Tags on (nearly) every post of those weeks: no comparison is possible.
  public var hashtagsAlwaysUsed: [String]
  /// Proven tags (`HashtagFigure.Verdict.proven`): lift of at least 1.1, the whole interval above 1.
  public var hashtagsToKeep: [HashtagFigure]
  /// Tags whose whole interval is below 1, worst first.
  public var hashtagsToDrop: [HashtagFigure]
  /// What changed and why it matters, in sentences.
  public var headlines: [String]
  /// What to try next week.
  public var nextWeek: [String]

  /// Builds the report for the week in `options` (or the last week with posts) from the store, reading only
  /// the `BestTimes.defaultWeeks` weeks up to the end of that week: a report costs the same in a store of
  /// a thousand posts or a million.
  ///
  /// A report is for one account: without `options.account` the store's only account (on the platform, when
  /// given) is taken; with several, `ReportError.severalAccounts` lists them (`AccountsOverview` reports on
  /// all of them side by side).
  public init(store: PostStore, options: ReportOptions) throws {
    var options = options
    if options.account == nil {
      let accounts = try store.accountsWithPosts(platform: options.platform)
      if accounts.count > 1 {
        throw ReportError.severalAccounts(accounts.map { "@\($0.name) on \($0.platform.displayName)" })
      }
      if let only = accounts.first {
        options.account = only.name
        options.platform = only.platform
      }
    }
    let calendar = ISOWeek.calendar(in: options.timeZone)
    var query = SampleQuery(platform: options.platform, account: options.account, captions: true)
    let week: ISOWeek
    if let chosen = options.week {
      week = chosen
    } else {
      guard let last = try store.lastPublished(query) else {
        throw ReportError.noPosts(account: options.account, platform: options.platform)
      }
      week = ISOWeek(last, calendar: calendar)
    }
    let end = week.next(in: calendar).start(in: calendar)
    query.until = end
    query.since = calendar.date(byAdding: .day, value: -7 * BestTimes.defaultWeeks, to: end)
    self.init(try store.table(query), week: week, options: options)
    // The posts the report shows get their picture and link.
    let shown = topPosts.indices.prefix(Self.postsShown)
    let found = try store.mediaAndLinks(of: shown.map { topPosts[$0].id })
    for index in shown {
      let post = found[topPosts[index].id]
      topPosts[index].permalink = post?.permalink
      topPosts[index].thumbnail = post?.media.flatMap(PostThumbnail.dataURI)
    }
    // Followers come from account-level readings, not posts: said when an export carried them.
    let scope = SampleQuery(platform: options.platform, account: options.account)
    if let growth = try store.followerGrowth(scope), !growth.readings.isEmpty {
      headlines.append("Followers: " + growth.summary(timeZone: options.timeZone) + ".")
    }
  }

  /// Builds the report for `week` from the rows of `table` (oldest first) up to the end of that week.
  public init(_ table: PostTable, week: ISOWeek, options: ReportOptions) {
    let calendar = ISOWeek.calendar(in: options.timeZone)
    let platform = options.platform ?? table.platform
    let basis = options.basis ?? RateBasis.default(for: platform)
    account = options.account
    self.platform = platform
    self.week = week
    let start = week.start(in: calendar)
    let end = week.next(in: calendar).start(in: calendar)
    weekStart = start
    weekEnd = end
    timeZone = options.timeZone.name
    clock = options.clock
    self.basis = basis
    let historyTable = table.rows(publishedIn: Date.distantPast..<end)
    let currentTable = historyTable.rows(publishedIn: start..<end)
    let previousStart = calendar.date(byAdding: .day, value: -7, to: start) ?? start
    totals = WeekTotals(currentTable)
    previousTotals = WeekTotals(historyTable.rows(publishedIn: previousStart..<start))
    let history = RatedPosts(historyTable, platform: platform, basis: options.basis)
    let chosen = history.chosen
    let outcome = history.outcome
    self.outcome = outcome
    let withViews = historyTable.views.filter { $0 != PostTable.missing }.count
    let export = platform.map { "this \($0.displayName)" } ?? "this"
    rankable = chosen != nil || historyTable.isEmpty
    outcomeNote =
      chosen == nil && !historyTable.isEmpty
      ? (withViews > 0
        ? "No rate: \(export) export has views but no likes, comments, shares or saves per post, and "
          + "\(withViews) post\(withViews == 1 ? "" : "s") with views \(withViews == 1 ? "is" : "are") too few to compare "
          + "(needs \(HashtagFigure.minimumPosts))."
        : "No rate and nothing to rank by: \(export) export carries no likes, views or reach per post "
          + "(only what was posted and when).")
      : outcome.note
    formula = outcome.isRate ? basis.formula : "\(outcome.label), as the export counts them"
    let historyRates = history.rates
    let currentRates = outcome.entries(currentTable)
    // Weeks from the first post on, padded so the report's week is always the last.
    var weeks = WeekFigure.weeks(historyTable, rates: historyRates, basis: basis, calendar: calendar)
    let empty = { (week: ISOWeek) in
      WeekFigure(
        week: week, start: week.start(in: calendar), posts: 0, rate: RateFigure(entries: [RateEntry](), basis: basis))
    }
    if weeks.isEmpty { weeks.append(empty(week)) }
    while let last = weeks.last?.week, last < week { weeks.append(empty(last.next(in: calendar))) }
    thisWeek = weeks[weeks.count - 1]
    previousWeek = weeks.count > 1 ? weeks[weeks.count - 2] : nil
    trend = Array(weeks.suffix(Self.trendWeeks))
    func count(_ value: Int64) -> Int64? { value == PostTable.missing ? nil : value }
    topPosts = currentTable.ids.indices.map { row in
      PostLine(
        id: currentTable.ids[row], key: currentTable.key(of: row), published: currentTable.published[row],
        hasTimeOfDay: currentTable.timed[row], kind: currentTable.kinds[row], caption: currentTable.caption(of: row),
        rate: currentRates[row].rate, reach: count(currentTable.reach[row]), views: count(currentTable.views[row]))
    }.sorted { ($0.rate ?? -1, $1.published) > ($1.rate ?? -1, $0.published) }
    mediaKinds = MediaKindFigure.figures(currentTable, rates: currentRates, basis: basis)
    bestTimes = BestTimes(historyTable, rates: historyRates, calendar: calendar, end: end)
    trends = HashtagTrends(historyTable, week: week, calendar: calendar)
    hashtags = HashtagFigure.figures(historyTable, rates: historyRates)
    hashtagsAlwaysUsed = HashtagFigure.alwaysUsed(historyTable).map(\.tag)
    hashtagsToKeep = hashtags.filter { $0.verdict == .proven }
    hashtagsToDrop = hashtags.filter { $0.verdict == .worse }.sorted { $0.lift < $1.lift }
    headlines = []
    nextWeek = []
    headlines = makeHeadlines(weeks: weeks)
    nextWeek = makeSuggestions()
  }

  private func makeHeadlines(weeks: [WeekFigure]) -> [String] {
    var lines: [String] = []
    let rate = thisWeek.rate
    let measure = outcome.isRate ? "engagement rate by \(basis.rawValue)" : outcome.label
    if let median = rate.median {
      var line = "Median \(measure) was \(outcome.format(median)) (n = \(rate.n))"
      if let previous = previousWeek, let change = changeText(thisWeek) {
        line += ", \(change) on \(previous.week)."
      } else if let previous = previousWeek {
        line += "; \(previous.week) has nothing to compare with (\(previous.rate.shortage ?? "no posts"))."
      } else {
        line += "."
      }
      lines.append(line)
    } else if rankable {
      lines.append(
        outcome.isRate
          ? "Not enough posts with a rate by \(basis.rawValue) this week: \(rate.shortage ?? "")"
            + (rate.leftOutReason.map { " (\($0))" } ?? "") + "."
          : "Not enough \(outcome.postsWithValue) this week: \(rate.shortage ?? "").")
    }
    let earlier = weeks.dropLast().suffix(Self.trendWeeks)
    let average = earlier.isEmpty ? 0 : Double(earlier.reduce(0) { $0 + $1.posts }) / Double(earlier.count)
    let kinds = mediaKinds.map { "\($0.posts) \($0.posts == 1 ? $0.kind.rawValue : $0.kind.pluralNoun)" }
    lines.append(
      "You posted \(thisWeek.posts) time\(thisWeek.posts == 1 ? "" : "s")"
        + (kinds.isEmpty ? "" : " (\(kinds.joined(separator: ", ")))")
        + (earlier.isEmpty
          ? "." : String(format: ", against %.1f a week over the %d weeks before.", average, earlier.count)))
    if rankable { lines.append(kindComparison()) }
    if let shortage = trends.trendingShortage {
      lines.append("Trending tags need more history: \(shortage).")
    } else if let top = trends.trending.first {
      lines.append(
        String(
          format:
            "You used #%@ more this week: %d posts against %.1f a week before (z = %.1f); how often, not how well (see the hashtag table).",
          top.tag, top.count, top.expected, top.z))
    } else {
      lines.append("No tag was used much more than usual this week.")
    }
    return lines
  }

  /// "Reels reached 2.1x the reach of images this week (n = 4 vs 9)", or why not. Where the export has no
  /// rate, kinds are compared by what posts are ranked by (likes or views per post).
  private func kindComparison() -> String {
    let metric: Metric = basis == .views ? .views : .reach
    let perPost = !outcome.isRate
    let name = perPost ? outcome.label : metric.rawValue
    let measured = mediaKinds.compactMap { kind -> (MediaKindFigure, Double, Int)? in
      let posts = topPosts.filter { $0.kind == kind.kind }
      let values =
        perPost
        ? posts.compactMap(\.rate) : posts.compactMap { metric == .views ? $0.views : $0.reach }.map(Double.init)
      guard let median = Statistics.median(values) else { return nil }
      return (kind, median, values.count)
    }.sorted { $0.1 > $1.1 }
    let enough = measured.filter { $0.2 >= Self.minimumPerKind }
    guard enough.count >= 2, enough[1].1 > 0 else {
      let counts = measured.map { "\($0.2) \($0.2 == 1 ? $0.0.kind.rawValue : $0.0.kind.pluralNoun)" }
      return "Not enough posts of two kinds with \(name) this week to compare them"
        + (counts.isEmpty ? "." : " (\(counts.joined(separator: ", ")); needs \(Self.minimumPerKind) each).")
    }
    let (best, bestMedian, bestCount) = enough[0]
    let (other, otherMedian, otherCount) = enough[1]
    // Reach and views are counts whatever the outcome; a count per post is the outcome's own.
    let count = { (value: Double) in
      perPost
        ? Outcome.perPost(nil, platform: nil).format(value)
        : Int(exactly: value.rounded()).map { $0.formatted() } ?? String(format: "%.3g", value)
    }
    return String(
      format: "%@ %@ %.1fx the %@ of %@ this week (median %@ vs %@; n = %d vs %d).",
      best.kind.pluralNoun.capitalized, perPost ? "had" : "reached", bestMedian / otherMedian, name,
      other.kind.pluralNoun, count(bestMedian), count(otherMedian), bestCount, otherCount)
  }

  /// "up 0.4 points (+9%)" for a rate, "up 12%" for a count per post; nil when a week has no figure.
  func changeText(_ figure: WeekFigure) -> String? {
    guard let change = figure.change else { return nil }
    let direction = change >= 0 ? "up" : "down"
    if outcome.isRate {
      var text = String(format: "%@ %.1f points", direction, abs(change) * 100)
      if let percent = figure.changePercent { text += " (" + NumberText.decimal(percent, digits: 0, sign: true) + "%)" }
      return text
    }
    guard let percent = figure.changePercent else { return String(format: "%@ %.1f", direction, abs(change)) }
    return String(format: "%@ %.0f%%", direction, abs(percent))
  }

  /// What to try next week: only what the report's own tables back. Slots that beat the median post,
  /// proven tags to keep, tags whose posts did worse to drop, and slots to avoid; usage trends are never a
  /// suggestion (the hashtag section shows them as information).
  private func makeSuggestions() -> [String] {
    var lines: [String] = []
    let slots = bestTimes.better.prefix(3)
    let measure = outcome.postsWithValue
    guard rankable else {
      return [
        "Nothing to try from the numbers yet: import an export that has likes, views or reach per post (Instagram or Facebook insights, Business Suite, YouTube Studio, TikTok, X)."
      ]
    }
    if bestTimes.slots.isEmpty {
      lines.append(
        "Best times: not enough data yet (no weekday and hour has \(BestTimes.minimumPosts) \(measure) in the last \(bestTimes.weeks) weeks)."
      )
    } else if slots.isEmpty {
      lines.append("Best times: no weekday and hour beat your median post in the last \(bestTimes.weeks) weeks.")
    } else {
      let names = slots.map {
        String(format: "%@ %@ (%.2fx, n = %d)", $0.weekdayName, clock.hour($0.hour), $0.shrunkLift, $0.n)
      }
      lines.append(
        "Post at your best slots: \(names.joined(separator: ", ")); lift against your median post, last \(bestTimes.weeks) weeks."
      )
    }
    let avoid = bestTimes.worse.prefix(3)
    if !avoid.isEmpty {
      let names = avoid.map {
        String(format: "%@ %@ (%.2fx, n = %d)", $0.weekdayName, clock.hour($0.hour), $0.shrunkLift, $0.n)
      }
      lines.append("Avoid: \(names.joined(separator: ", ")); posts then did worse than your median post.")
    }
    for tag in hashtagsToKeep.prefix(3) {
      lines.append(
        String(
          format: "Keep #%@: lift %.2f (95%% interval %.2f–%.2f, n = %d).", tag.tag, tag.lift, tag.liftLow,
          tag.liftHigh, tag.n))
    }
    for tag in hashtagsToDrop.prefix(3) {
      lines.append(
        String(
          format: "Consider dropping #%@: its posts did worse, lift %.2f (95%% interval %.2f–%.2f, n = %d).", tag.tag,
          tag.lift, tag.liftLow, tag.liftHigh, tag.n))
    }
    if hashtagsToKeep.isEmpty && hashtagsToDrop.isEmpty && !hashtags.isEmpty {
      lines.append(
        String(
          format:
            "No hashtag has a clear effect yet (none has lift of at least %.1f with the interval above 1, or the interval below 1).",
          HashtagFigure.practicalLift))
    }
    return lines
  }
}

/// Why a report cannot be made.
public enum ReportError: Error, Sendable, CustomStringConvertible, Equatable {
  case noPosts(account: String?, platform: Platform?)
  case template(String)
  /// No account was named and the store holds several: a report is for one account.
  case severalAccounts([String])

  public var description: String {
    switch self {
    case .noPosts(let account, let platform):
      let scope = [account.map { "@\($0)" }, platform?.displayName].compactMap { $0 }.joined(separator: " on ")
      return "no posts\(scope.isEmpty ? "" : " for \(scope)") in the store: import an export first"
    case .template(let message):
      return message
    case .severalAccounts(let accounts):
      return "the store holds \(accounts.count) accounts and a report is for one: pass --account (and --platform "
        + "when a handle is on two platforms), or --all-accounts for all side by side. Accounts: "
        + accounts.joined(separator: ", ")
    }
  }
}
