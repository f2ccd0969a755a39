import Foundation

/// What the report covers.
public struct ReportOptions: Sendable {
  public var platform: Platform?
  public var account: String?
  /// A week, a month or any run of days; nil: the last week with posts.
  public var period: ReportPeriod?
  /// What the period is compared with: the period just before (the default) or the same one a year earlier.
  public var comparison: ReportPeriod.Comparison
  public var basis: RateBasis?
  public var timeZone: TimeZone
  /// How hours are written in the whole report (the CLI picks the reader's locale's choice unless told).
  public var clock: Clock
  /// Today in the report's zone: a period not over by then is compared with as many days of the comparison
  /// period (`ReportPeriod.compared(with:daysSoFar:)`). Nil compares whole periods (the CLI gives today).
  public var today: ReportPeriod.Day?

  /// How many of the period's days have begun by `today`, when it is not over; nil otherwise.
  public func daysSoFar(of period: ReportPeriod) -> Int? {
    today.flatMap { period.daysSoFar(today: $0) }
  }

  /// What `period` is compared with: `comparison`, cut to the days so far when the period is not over.
  public func comparison(for period: ReportPeriod) -> ReportPeriod {
    period.compared(with: comparison, daysSoFar: daysSoFar(of: period))
  }

  /// Options; the defaults report on the store's only account for the last week with posts, by its platform's rate, in
  /// this machine's time zone.
  /// `week` is a shorthand for `period: .week(week)`; `period` wins when both are given.
  public init(
    platform: Platform? = nil, account: String? = nil, week: ISOWeek? = nil, period: ReportPeriod? = nil,
    comparison: ReportPeriod.Comparison = .previous, basis: RateBasis? = nil, timeZone: TimeZone = .current,
    clock: Clock = .h24, today: ReportPeriod.Day? = nil
  ) {
    self.today = today
    self.platform = platform
    self.account = account
    self.period = period ?? week.map(ReportPeriod.week)
    self.comparison = comparison
    self.basis = basis
    self.timeZone = timeZone
    self.clock = clock
  }
}

/// The trend report: a period's figures (a week, a month or any run of days) against the period before or
/// the same one a year earlier and the weeks before, said in words, with what to try next. Every number
/// comes from `AccountStatistics` types, so it matches `creator stats`.
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
  /// How many of a week's posts the report shows, best first.
  public static let postsShown = 5
  /// How many of a longer period's posts it shows.
  public static let postsShownLonger = 10
  public static let minimumPerKind = 3

  public var account: String?
  public var platform: Platform?
  /// The days the report covers.
  public var period: ReportPeriod
  /// The days it compares them with.
  public var comparisonPeriod: ReportPeriod
  /// How many of the period's days had begun on the day of the report, when it was not over (it is then
  /// compared with as many days of the comparison period); nil for a period that is over.
  public var daysSoFar: Int?
  /// The ISO week holding the period's last day (the period itself for a weekly report): the last point of
  /// the trend, and the week hashtag usage is checked in.
  public var week: ISOWeek
  /// The period's first moment in the report's zone.
  public var start: Date
  /// Exclusive: the moment after the period's last day.
  public var end: Date
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
  /// The period's posts and median, and the change from the comparison period.
  public var figure: PeriodFigure
  /// The comparison period's posts and median.
  public var comparisonFigure: PeriodFigure
  /// The last week of the trend (`week`) and the one before.
  public var thisWeek: WeekFigure
  public var previousWeek: WeekFigure?
  /// The period's posts, reach, views and engagements, and the comparison period's, for the tiles a report
  /// opens with.
  public var totals: WeekTotals
  public var previousTotals: WeekTotals
  /// Followers gained over the period and over the comparison period, where exports carry follower counts.
  public var followers: FollowerChange
  /// The weeks up to `week`, oldest first: the period's weeks, and at least the last `trendWeeks`.
  public var trend: [WeekFigure]
  /// The period's posts, best rate first.
  public var topPosts: [PostLine]
  /// The period's posts by kind.
  public var mediaKinds: [MediaKindFigure]
  /// From the 16 weeks up to the end of the period.
  public var bestTimes: BestTimes
  public var trends: HashtagTrends
  /// Every tag with a figure over the posts given (the store's report: the last 16 weeks, or the period when
  /// it is longer), best lift first.
  public var hashtags: [HashtagFigure]
  /// Tags on (nearly) every post of those weeks: no comparison is possible.
  public var hashtagsAlwaysUsed: [String]
  /// Proven tags (`HashtagFigure.Verdict.proven`): lift of at least 1.1, the whole interval above 1.
  public var hashtagsToKeep: [HashtagFigure]
  /// Tags whose whole interval is below 1, worst first.
  public var hashtagsToDrop: [HashtagFigure]
  /// What changed and why it matters, in sentences.
  public var headlines: [String]
  /// What to try next.
  public var nextWeek: [String]

  /// Builds the report for the period in `options` (or the last week with posts) from the store, reading
  /// only the `BestTimes.defaultWeeks` weeks up to the end of that period (or the whole period, when longer)
  /// and the comparison period: a report costs the same in a store of a thousand posts or a million.
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
    let period: ReportPeriod
    if let chosen = options.period {
      period = chosen
    } else {
      guard let last = try store.lastPublished(query) else {
        throw ReportError.noPosts(account: options.account, platform: options.platform)
      }
      period = .week(ISOWeek(last, calendar: calendar))
    }
    let end = period.end(in: options.timeZone)
    let since = min(
      period.start(in: options.timeZone),
      calendar.date(byAdding: .day, value: -7 * BestTimes.defaultWeeks, to: end) ?? end)
    query.until = end
    query.since = since
    // The comparison period is read apart when it lies before those weeks (a year earlier).
    let comparison = options.comparison(for: period)
    var comparisonTable: PostTable?
    if comparison.start(in: options.timeZone) < since {
      var earlier = query
      earlier.since = comparison.start(in: options.timeZone)
      earlier.until = comparison.end(in: options.timeZone)
      comparisonTable = try store.table(earlier)
    }
    self.init(try store.table(query), period: period, comparisonTable: comparisonTable, options: options)
    // The posts the report shows get their picture and link.
    let shown = topPosts.indices.prefix(shownPosts)
    let found = try store.mediaAndLinks(of: shown.map { topPosts[$0].id })
    for index in shown {
      let post = found[topPosts[index].id]
      topPosts[index].permalink = post?.permalink
      topPosts[index].thumbnail = post?.media.flatMap(PostThumbnail.dataURI)
    }
    // Followers come from account-level readings, not posts: said when an export carried them.
    let scope = SampleQuery(platform: options.platform, account: options.account)
    let growth = try store.followerGrowth(scope)
    if let growth, !growth.readings.isEmpty {
      headlines.append("Followers: " + growth.summary(timeZone: options.timeZone) + ".")
    }
    followers = FollowerChange(growth, period: period, comparison: comparisonPeriod, timeZone: options.timeZone)
  }

  /// How many of the period's posts the report shows: `postsShown` for a week, `postsShownLonger` else.
  public var shownPosts: Int { period.kind == .week ? Self.postsShown : Self.postsShownLonger }

  /// Builds the report for `week` from the rows of `table` (oldest first) up to the end of that week.
  public init(_ table: PostTable, week: ISOWeek, options: ReportOptions) {
    self.init(table, period: .week(week), options: options)
  }

  /// Builds the report for `period` from the rows of `table` (oldest first) up to its end; the comparison
  /// period's rows come from `comparisonTable` when given, else from `table`.
  public init(
    _ table: PostTable, period: ReportPeriod, comparisonTable: PostTable? = nil, options: ReportOptions
  ) {
    let calendar = ISOWeek.calendar(in: options.timeZone)
    let week = period.lastWeek
    let platform = options.platform ?? table.platform
    let basis = options.basis ?? RateBasis.default(for: platform)
    account = options.account
    self.platform = platform
    self.period = period
    self.week = week
    let start = period.start(in: options.timeZone)
    let end = max(period.end(in: options.timeZone), start)
    let comparison = options.comparison(for: period)
    comparisonPeriod = comparison
    daysSoFar = options.daysSoFar(of: period)
    self.start = start
    self.end = end
    timeZone = options.timeZone.name
    clock = options.clock
    self.basis = basis
    let historyTable = table.rows(publishedIn: Date.distantPast..<end)
    let currentTable = historyTable.rows(publishedIn: start..<end)
    let comparisonStart = comparison.start(in: options.timeZone)
    let comparisonEnd = max(comparison.end(in: options.timeZone), comparisonStart)
    let beforeTable = (comparisonTable ?? table).rows(publishedIn: comparisonStart..<comparisonEnd)
    totals = WeekTotals(currentTable)
    previousTotals = WeekTotals(beforeTable)
    followers = FollowerChange(nil, period: period, comparison: comparison, timeZone: options.timeZone)
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
    comparisonFigure = PeriodFigure(
      period: comparison, posts: beforeTable.count,
      rate: RateFigure(entries: outcome.entries(beforeTable), basis: basis))
    figure = PeriodFigure(
      period: period, posts: currentTable.count, rate: RateFigure(entries: currentRates, basis: basis),
      before: comparisonFigure)
    // Weeks from the first post on, padded so the report's week is always the last.
    var weeks = WeekFigure.weeks(historyTable, rates: historyRates, basis: basis, calendar: calendar)
    let empty = { (week: ISOWeek) in
      WeekFigure(
        week: week, start: week.start(in: calendar), posts: 0, rate: RateFigure(entries: [RateEntry](), basis: basis))
    }
    if weeks.isEmpty { weeks.append(empty(week)) }
    while let last = weeks.last?.week, last < week { weeks.append(empty(last.next(in: calendar))) }
    // A period's weeks before its first post are shown too, without posts (inserted at once, not one by one).
    if let first = weeks.first, first.week > period.firstWeek {
      var earlier: [WeekFigure] = []
      var next = period.firstWeek
      while next < first.week && earlier.count < WeekGrid.mostWeeks {
        earlier.append(empty(next))
        next = next.next(in: calendar)
      }
      weeks.insert(contentsOf: earlier, at: 0)
    }
    thisWeek = weeks[weeks.count - 1]
    previousWeek = weeks.count > 1 ? weeks[weeks.count - 2] : nil
    trend = Array(weeks.suffix(max(Self.trendWeeks, period.weekCount)))
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
    if let daysSoFar {
      lines.append(
        "\(period) is not over: \(daysSoFar) of \(period.dayCount) days so far, so it is compared with the same "
          + "number of days, \(comparisonPeriod.spokenName).")
    }
    let rate = figure.rate
    let during = period.kind == .week ? "this week" : "in \(period)"
    let measure = outcome.isRate ? "engagement rate by \(basis.rawValue)" : outcome.label
    if let median = rate.median {
      var line = "Median \(measure) was \(outcome.format(median)) (n = \(rate.n))"
      if let change = changeText(figure.change, percent: figure.changePercent) {
        line += ", \(change) on \(comparisonPeriod.spokenName)."
      } else if comparisonFigure.posts > 0 || previousWeek != nil {
        line +=
          comparisonFigure.posts == 0
          ? "; \(comparisonPeriod.spokenName) has no posts to compare with."
          : "; \(comparisonPeriod.spokenName) has too few posts with a rate to compare with (\(comparisonFigure.rate.shortage ?? ""))."
      } else {
        line += "."
      }
      lines.append(line)
    } else if rankable {
      lines.append(
        outcome.isRate
          ? "Not enough posts with a rate by \(basis.rawValue) \(during): \(rate.shortage ?? "")"
            + (rate.leftOutReason.map { " (\($0))" } ?? "") + "."
          : "Not enough \(outcome.postsWithValue) \(during): \(rate.shortage ?? "").")
    }
    let kinds = mediaKinds.map { "\($0.posts) \($0.posts == 1 ? $0.kind.rawValue : $0.kind.pluralNoun)" }
    let posted =
      "You posted \(figure.posts) time\(figure.posts == 1 ? "" : "s")"
      + (period.kind == .week ? "" : " \(during)") + (kinds.isEmpty ? "" : " (\(kinds.joined(separator: ", ")))")
    if period.kind == .week {
      let earlier = weeks.dropLast().suffix(Self.trendWeeks)
      let average = earlier.isEmpty ? 0 : Double(earlier.reduce(0) { $0 + $1.posts }) / Double(earlier.count)
      lines.append(
        posted
          + (earlier.isEmpty
            ? "." : String(format: ", against %.1f a week over the %d weeks before.", average, earlier.count)))
    } else {
      lines.append(posted + ", against \(comparisonFigure.posts) in \(comparisonPeriod.spokenName).")
    }
    if rankable { lines.append(kindComparison()) }
    // Hashtag usage is checked in the trend's last week.
    let lastWeek =
      period.kind == .week ? "this week" : "in the period's last week, \(ReportPeriod.week(week).spokenName)"
    if let shortage = trends.trendingShortage {
      lines.append("Trending tags need more history: \(shortage).")
    } else if let top = trends.trending.first {
      lines.append(
        String(
          format:
            "You used #%@ more %@: %d posts against %.1f a week before, more than chance explains; that is how often, not how well (see the hashtag table).",
          top.tag, lastWeek, top.count, top.expected))
    } else {
      lines.append("No tag was used much more than usual \(lastWeek).")
    }
    return lines
  }

  /// "Reels reached 2.1x the reach of images this week (n = 4 vs 9)" ("in November 2026"), or why not. Where the export has no
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
    let during = period.kind == .week ? "this week" : "in \(period)"
    guard enough.count >= 2, enough[1].1 > 0 else {
      let counts = measured.map { "\($0.2) \($0.2 == 1 ? $0.0.kind.rawValue : $0.0.kind.pluralNoun)" }
      return "Not enough posts of two kinds with \(name) \(during) to compare them"
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
      format: "%@ %@ %.1fx the %@ of %@ %@ (median %@ vs %@; n = %d vs %d).",
      best.kind.pluralNoun.capitalized, perPost ? "had" : "reached", bestMedian / otherMedian, name,
      other.kind.pluralNoun, during, count(bestMedian), count(otherMedian), bestCount, otherCount)
  }

  /// "up 0.4 points (+9%)" for a rate, "up 12%" for a count per post; nil when a period has no figure.
  func changeText(_ change: Double?, percent: Double?) -> String? {
    guard let change else { return nil }
    let direction = change >= 0 ? "up" : "down"
    if outcome.isRate {
      var text = String(format: "%@ %.1f points", direction, abs(change) * 100)
      if let percent { text += " (" + NumberText.decimal(percent, digits: 0, sign: true) + "%)" }
      return text
    }
    guard let percent else { return String(format: "%@ %.1f", direction, abs(change)) }
    return String(format: "%@ %.0f%%", direction, abs(percent))
  }

  /// What to try next: only what the report's own tables back. Slots that beat the median post,
  /// proven tags to keep, tags whose posts did worse to drop, and slots to avoid; usage trends are never a
  /// suggestion (the hashtag section shows them as information).
  /// A best-time slot in words: "Tuesday 18:00 (8% better, 12 posts)".
  private func slot(_ time: TimeSlot) -> String {
    "\(time.weekdayName) \(clock.hour(time.hour)) (\(ReportMethods.better(time.shrunkLift)), \(NumberText.count(time.n)) posts)"
  }

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
      let names = slots.map { slot($0) }
      lines.append(
        "Post at your best slots: \(names.joined(separator: ", ")), against your median post over the last \(bestTimes.weeks) weeks."
      )
    }
    let avoid = bestTimes.worse.prefix(3)
    if !avoid.isEmpty {
      let names = avoid.map { slot($0) }
      lines.append("Avoid: \(names.joined(separator: ", ")); posts then did worse than your median post.")
    }
    for tag in hashtagsToKeep.prefix(3) {
      lines.append(
        String(
          format: "Keep #%@: its %d posts did %@ than your posts without it (%@).", tag.tag, tag.n,
          ReportMethods.better(tag.lift), ReportMethods.likely(tag.liftLow, tag.liftHigh)))
    }
    for tag in hashtagsToDrop.prefix(3) {
      lines.append(
        String(
          format: "Consider dropping #%@: its %d posts did %@ than your posts without it (%@).", tag.tag, tag.n,
          ReportMethods.better(tag.lift), ReportMethods.likely(tag.liftLow, tag.liftHigh)))
    }
    if hashtagsToKeep.isEmpty && hashtagsToDrop.isEmpty && !hashtags.isEmpty {
      lines.append(
        String(
          format:
            "No hashtag has a clear effect yet: none was surely at least %@ than your posts without it, or surely worse.",
          ReportMethods.better(HashtagFigure.practicalLift)))
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
