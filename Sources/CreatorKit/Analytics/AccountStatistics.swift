import Foundation

/// What `creator stats` and the weekly report compute over.
public struct StatsOptions: Sendable {
  public var query: SampleQuery
  /// Nil: the platform's default (`RateBasis.default(for:)`).
  public var basis: RateBasis?
  public var timeZone: TimeZone
  /// The week trending tags are judged for; nil: the last week with posts.
  public var week: ISOWeek?

  public init(
    query: SampleQuery = SampleQuery(), basis: RateBasis? = nil, timeZone: TimeZone = .current, week: ISOWeek? = nil
  ) {
    self.query = query
    self.basis = basis
    self.timeZone = timeZone
    self.week = week
  }
}

/// Every statistic over one scope of posts, each with its denominator and sample size. Thin data gives a
/// shortage ("not enough data (n = 2, needs 3)") instead of a number that means nothing.
public struct AccountStatistics: Sendable, Equatable, Codable {
  public struct Scope: Sendable, Equatable, Codable {
    public var platform: Platform?
    public var account: String?
    public var since: Date?
    public var until: Date?
    public var timeZone: String
    /// Feed posts or stories: the figures are over one of the two.
    public var stories: SampleQuery.StoryScope = .excluded
  }

  /// A rate compared with a published benchmark computed the same way.
  public struct BenchmarkComparison: Sendable, Equatable, Codable {
    public var benchmark: PublicBenchmark
    /// The creator's rate computed the benchmark's way (its median or mean per post); nil when it cannot be.
    public var rate: Double?
    /// How `rate` was computed: "median per post" or "mean per post".
    public var yours: String
  }

  public var scope: Scope
  public var basis: RateBasis
  public var formula: String
  /// What the figures compare posts by: the rate by `basis` where the export allows, else a count per post
  /// (`basisNote` says why).
  public var outcome: Outcome
  public var posts: Int
  public var firstPost: Date?
  public var lastPost: Date?
  public var overall: RateFigure
  public var weeks: [WeekFigure]
  public var mediaKinds: [MediaKindFigure]
  public var captionLengths: [CaptionLengthFigure]
  public var cadence: Cadence
  public var bestTimes: BestTimes
  public var hashtags: [HashtagFigure]
  public var trends: HashtagTrends?
  public var outliers: [OutlierPost]?
  /// Follower growth from account-level readings (`PostStore.statistics` fills it in), or why there is none.
  public var followerGrowth: String
  public var benchmarks: [BenchmarkComparison]
  /// Why a basis gives no rates at all, when it does not.
  public var basisNote: String?
  /// Stories in the same accounts and dates, left out of figures over feed posts (or feed posts left out of
  /// figures over stories); `PostStore.statistics` fills it in.
  public var otherKindLeftOut = 0

  /// Every statistic over the rows of `table`, oldest first.
  public init(_ table: PostTable, options: StatsOptions) {
    let query = options.query
    let platform = query.platform ?? table.platform
    let basis = options.basis ?? RateBasis.default(for: platform)
    let calendar = ISOWeek.calendar(in: options.timeZone)
    scope = Scope(
      platform: query.platform, account: query.account, since: query.since, until: query.until,
      timeZone: options.timeZone.name, stories: query.stories)
    self.basis = basis
    formula = basis.formula
    posts = table.count
    firstPost = table.published.first
    lastPost = table.published.last
    let end = query.until ?? (lastPost.map { $0.addingTimeInterval(1) } ?? Date())
    let week = options.week ?? lastPost.map { ISOWeek($0, calendar: calendar) }
    // Every figure reads the same per-post values: computed once.
    let rated = RatedPosts(table, platform: platform, basis: options.basis)
    let outcome = rated.outcome
    self.outcome = outcome
    if !outcome.isRate { formula = "\(outcome.label), as the export counts them" }
    let rates = rated.rates
    // The figures read the same posts and nothing else: two halves of about equal cost run side by side.
    nonisolated(unsafe) var first: (RateFigure, [WeekFigure], [HashtagFigure], HashtagTrends?)?
    nonisolated(unsafe) var second: ([MediaKindFigure], [CaptionLengthFigure], BestTimes, [OutlierPost]?)?
    DispatchQueue.concurrentPerform(iterations: 2) { half in
      if half == 0 {
        first = (
          RateFigure(entries: rates, basis: basis),
          WeekFigure.weeks(table, rates: rates, basis: basis, calendar: calendar),
          HashtagFigure.figures(table, rates: rates), week.map { HashtagTrends(table, week: $0, calendar: calendar) }
        )
      } else {
        second = (
          MediaKindFigure.figures(table, rates: rates, basis: basis),
          CaptionLengthFigure.figures(table, rates: rates, basis: basis),
          BestTimes(table, rates: rates, calendar: calendar, end: end), OutlierPost.find(table, rates: rates)
        )
      }
    }
    (overall, weeks, hashtags, trends) = first!
    (mediaKinds, captionLengths, bestTimes, outliers) = second!
    cadence = Cadence(weeks: weeks)
    followerGrowth = "not enough data: none of the imported exports carries follower counts"
    let comparable = outcome.isRate ? PublicBenchmark.comparable(basis: basis, platform: platform) : []
    benchmarks = comparable.map { [overall] benchmark in
      BenchmarkComparison(
        benchmark: benchmark, rate: benchmark.aggregate == .mean ? overall.mean : overall.median,
        yours: benchmark.aggregate.rawValue)
    }
    if !outcome.isRate {
      basisNote = outcome.note
    } else if overall.n > 0 || table.isEmpty {
      basisNote = nil
    } else if basis == .followers {
      basisNote =
        "none of these posts has a follower count near its time: counts come from account-level exports "
        + "(Instagram's audience insights), each standing for at most 28 days beyond the exports"
    } else if overall.leftOutWithoutEngagements == overall.leftOut {
      basisNote =
        "these posts have \(basis.rawValue) but their export carries no likes, comments, shares or saves, so no "
        + "engagement rate can be computed; \(basis.rawValue) per post are shown by media kind"
    } else {
      basisNote = "none of these posts has \(basis.rawValue) in its export"
    }
  }
}

extension PostStore {
  /// Reads the posts in scope and computes every statistic over them.
  public func statistics(_ options: StatsOptions) throws -> AccountStatistics {
    var stats = AccountStatistics(try table(options.query), options: options)
    stats.otherKindLeftOut = try countLeftOutByStoryScope(options.query)
    stats.followerGrowth =
      try followerGrowth(options.query)?.summary(timeZone: options.timeZone)
      ?? "follower counts for several accounts: pass --account to see one account's growth"
    if let outliers = stats.outliers, options.query.captions == false {
      let details = try details(of: outliers.prefix(20).map(\.id))
      stats.outliers = outliers.map { outlier in
        var outlier = outlier
        outlier.key = details[outlier.id]?.key ?? outlier.key
        outlier.caption = details[outlier.id]?.caption ?? outlier.caption
        return outlier
      }
    }
    return stats
  }
}
