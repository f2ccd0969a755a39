import Foundation

/// Renders `creator stats`: readable sections for people, the full figures as JSON for scripts, and the
/// weekly table as CSV for spreadsheets.
public enum StatsListing {
  /// How statistics are printed.
  public enum Format: String, Sendable, CaseIterable {
    case table, json, csv
  }

  /// `sparklines`: the weekly trend also as a line of blocks, for a terminal (not for piped output).
  public static func render(_ stats: AccountStatistics, as format: Format, sparklines: Bool = false) -> String {
    switch format {
    case .table: table(stats, sparklines: sparklines)
    case .json: json(stats)
    case .csv: csv(stats)
    }
  }

  /// The statistics as JSON: snake_case keys, ISO 8601 dates, rates as fractions (0.082 = 8.2%).
  public static func json(_ stats: AccountStatistics) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.keyEncodingStrategy = .convertToSnakeCase
    encoder.dateEncodingStrategy = .iso8601
    let data = (try? encoder.encode(stats)) ?? Data()
    return String(decoding: data, as: UTF8.self)
  }

  static func csv(_ stats: AccountStatistics) -> String {
    var writer = CSVWriter(header: [
      "week", "start", "posts", "basis", "n", "left_out", "median_rate", "pooled_rate", "change", "change_percent",
    ])
    for week in stats.weeks {
      writer.appendRow([
        .text(week.week.description), .text(PostListing.iso(week.start)), .number(Int64(week.posts)),
        .text(stats.basis.rawValue), .number(Int64(week.rate.n)), .number(Int64(week.rate.leftOut)),
        .decimal(week.rate.median), .decimal(week.rate.pooled), .decimal(week.change), .decimal(week.changePercent),
      ])
    }
    return writer.text
  }

  /// A rate as a percent with one decimal: "8.2%" (`NumberText.percent`, the one home of the rule).
  public static func percent(_ value: Double?) -> String { NumberText.percent(value) }

  /// "median 8.2% · pooled 9.1% · n = 7 (4 left out: no reach)" or the shortage; for a count per post,
  /// "median 59 · mean 422 · n = 3 (1 left out: no likes)".
  public static func describe(_ rate: RateFigure, outcome: Outcome? = nil) -> String {
    let outcome = outcome ?? .rate(nil, by: rate.basis)
    let missing = outcome.isRate ? rate.basis.rawValue : String(outcome.postsWithValue.dropFirst("posts with ".count))
    let reason =
      outcome.isRate ? rate.leftOutReason : rate.leftOut > 0 ? "\(rate.leftOut) left out: no \(missing)" : nil
    let leftOut = reason.map { " (\($0))" } ?? ""
    if let shortage = rate.shortage { return shortage + leftOut }
    let n = NumberText.count(rate.n)
    if !outcome.isRate {
      return "median per post \(outcome.format(rate.median)) · mean \(outcome.format(rate.pooled)) · n = \(n)\(leftOut)"
    }
    return "median per post \(percent(rate.median)) · pooled \(percent(rate.pooled)) · n = \(n)\(leftOut)"
  }

  static func table(_ stats: AccountStatistics, sparklines: Bool = false) -> String {
    var lines: [String] = []
    let day = { (date: Date?) in date.map { $0.formatted(.iso8601.year().month().day()) } ?? "–" }
    let who = stats.scope.account.map { "@\($0)" } ?? "all accounts"
    let platform = stats.scope.platform.map { " on \($0.displayName)" } ?? ""
    let stories = stats.scope.stories == .only
    let noun = stories ? (stats.posts == 1 ? "story" : "stories") : (stats.posts == 1 ? "post" : "posts")
    let outcome = stats.outcome
    let value = { (number: Double?) in outcome.format(number) }
    lines.append(
      "\(who)\(platform): \(NumberText.count(stats.posts)) \(noun), \(day(stats.firstPost)) to \(day(stats.lastPost)); times in \(stats.scope.timeZone)"
    )
    if stats.otherKindLeftOut > 0 {
      let count = NumberText.count(stats.otherKindLeftOut)
      lines.append(
        stories
          ? "  \(count) feed posts counted apart (creator stats without --stories)"
          : "  \(count) \(stats.otherKindLeftOut == 1 ? "story" : "stories") counted apart: creator stats --stories rates them on their own"
      )
    }
    lines.append(
      outcome.isRate
        ? "Engagement rate by \(stats.basis.rawValue) = \(stats.formula)" : "Posts compared by \(outcome.label)")
    lines.append("  " + describe(stats.overall, outcome: outcome))
    if let note = stats.basisNote { lines.append("  Note: \(note)") }

    lines.append("")
    lines.append("Weekly (last 8 weeks, ISO weeks)")
    var weeks = TextTable(
      headers: ["week", "posts", "n", "median", outcome.isRate ? "pooled" : "mean", "change"],
      alignments: [.left, .right, .right, .right, .right, .right])
    for week in stats.weeks.suffix(8) {
      let change =
        outcome.isRate
        ? week.change.map { NumberText.decimal($0 * 100, sign: true) + " pts" } ?? "–"
        : week.change.map { NumberText.decimal($0, sign: true) } ?? "–"
      let percentChange = week.changePercent.map { " (" + NumberText.decimal($0, digits: 0, sign: true) + "%)" } ?? ""
      weeks.rows.append([
        week.week.description, NumberText.count(week.posts), NumberText.count(week.rate.n), value(week.rate.median),
        value(week.rate.pooled),
        change + percentChange,
      ])
    }
    lines.append(weeks.render())
    if sparklines, let line = Sparkline.make(stats.weeks.suffix(16).map(\.rate.median)) {
      lines.append("median, last \(min(stats.weeks.count, 16)) weeks: \(line)")
    }

    lines.append("")
    lines.append("By media kind")
    var kinds = TextTable(
      headers: ["kind", "posts", "n", outcome.isRate ? "median rate" : "median", "median reach", "median views"],
      alignments: [.left, .right, .right, .right, .right, .right])
    for kind in stats.mediaKinds {
      kinds.rows.append([
        kind.kind.rawValue, NumberText.count(kind.posts), NumberText.count(kind.rate.n),
        kind.rate.shortage == nil ? value(kind.rate.median) : "n < 3",
        kind.medianReach.map { NumberText.count(Int64(clamping: $0)) } ?? "–",
        kind.medianViews.map { NumberText.count(Int64(clamping: $0)) } ?? "–",
      ])
    }
    lines.append(kinds.render())

    lines.append("")
    let best = stats.bestTimes
    lines.append(
      "Best times (last \(best.weeks) weeks, \(NumberText.count(best.postsUsed)) posts; slots with n ≥ \(BestTimes.minimumPosts), lift shrunk toward 1)"
    )
    if best.slots.isEmpty {
      lines.append("  not enough data: no weekday and hour has \(BestTimes.minimumPosts) \(outcome.postsWithValue)")
    } else {
      let slot = { (slot: TimeSlot) in
        String(
          format: "  %@ %02d:00  lift %@ (raw %@, n = %@)", slot.weekdayName, slot.hour,
          NumberText.decimal(slot.shrunkLift, digits: 2), NumberText.decimal(slot.medianLift, digits: 2),
          NumberText.count(slot.n))
      }
      lines.append(
        best.better.isEmpty ? "  no slot beat your median post" : "  Slots that beat your median post by 5% or more:")
      lines += best.better.prefix(5).map(slot)
      if !best.worse.isEmpty {
        lines.append("  Slots to avoid (did 5% or more worse than your median post):")
        lines += best.worse.prefix(5).map(slot)
      }
    }
    if best.leftOutDateOnly > 0 {
      lines.append("  \(NumberText.count(best.leftOutDateOnly)) posts left out: their export gives a date only")
    }

    lines.append("")
    // The interval's method as the figures used it: a bootstrap for small groups, the medians' order
    // statistics for large ones, a seeded sample of the largest.
    let methods = Set(stats.hashtags.prefix(10).map(\.intervalMethod)).sorted()
    var method = "95% interval: " + (methods.isEmpty ? "bootstrap" : methods.joined(separator: " or "))
    if stats.hashtags.prefix(10).contains(where: \.sampled) {
      method +=
        "; groups over \(NumberText.count(HashtagFigure.maximumGroup)) posts"
      method += " sampled at random with a fixed seed"
    }
    lines.append(
      "Hashtags (n ≥ \(HashtagFigure.minimumPosts); lift = median \(outcome.isRate ? "rate" : outcome.label) with / without, \(method))"
    )
    if stats.hashtags.isEmpty {
      lines.append("  not enough data: no hashtag is on \(HashtagFigure.minimumPosts) \(outcome.postsWithValue)")
    }
    for tag in stats.hashtags.prefix(10) {
      lines.append(
        "  #\(tag.tag)  lift \(NumberText.decimal(tag.lift, digits: 2)) [\(NumberText.decimal(tag.liftLow, digits: 2)), "
          + "\(NumberText.decimal(tag.liftHigh, digits: 2))]  n = \(NumberText.count(tag.n))  \(tag.verdict.rawValue)")
    }

    if let trends = stats.trends {
      lines.append("")
      lines.append("Trending in \(trends.week) (how often you used a tag, not how its posts did)")
      if let shortage = trends.trendingShortage {
        lines.append("  " + shortage)
      } else if trends.trending.isEmpty {
        lines.append("  no tag trending (needs lift ≥ 2, z ≥ 2 and 3 posts)")
      }
      for tag in trends.trending.prefix(10) {
        lines.append(
          String(
            format: "  #%@  %@ posts vs %@ expected  lift %@  z %@", tag.tag, NumberText.count(tag.count),
            NumberText.decimal(tag.expected), NumberText.decimal(tag.lift), NumberText.decimal(tag.z)))
      }
      lines.append("Rising (Mann-Kendall with Hamed-Rao correction, p < 0.05, Sen slope > 0)")
      if let shortage = trends.risingShortage {
        lines.append("  " + shortage)
      } else if trends.rising.isEmpty {
        lines.append("  no tag rising")
      }
      for tag in trends.rising.prefix(10) {
        lines.append(
          String(
            format: "  #%@  %@ posts/week  %@ over %d weeks", tag.tag,
            NumberText.decimal(tag.test.senSlope, digits: 2, sign: true), tag.test.pText, tag.weeks))
      }
    }

    lines.append("")
    lines.append("Outliers (robust z > \(OutlierPost.threshold))")
    switch stats.outliers {
    case nil: lines.append("  not enough data (needs 3 posts with a rate and some spread)")
    case let outliers? where outliers.isEmpty: lines.append("  none")
    case let outliers?:
      for post in outliers.prefix(5) {
        lines.append(
          "  \(day(post.published)) \(outcome.isRate ? "rate" : outcome.label) \(value(post.rate)) z "
            + "\(NumberText.decimal(post.robustZ, sign: true))  "
            + TextTable.clip(TextTable.singleLine(post.caption), to: 50))
      }
    }

    lines.append("")
    lines.append("Caption length (characters)")
    for bucket in stats.captionLengths where bucket.rate.n + bucket.rate.leftOut > 0 {
      lines.append("  \(bucket.label): " + describe(bucket.rate, outcome: outcome))
    }

    lines.append("")
    if stats.cadence.weeks == 0 {
      lines.append("Cadence: no posts in scope")
    } else {
      lines.append(
        String(
          format: "Cadence: %@ posts a week on average (median %@) over %d weeks; last weeks: %@",
          NumberText.decimal(stats.cadence.meanPerWeek), NumberText.decimal(stats.cadence.medianPerWeek, digits: 0),
          stats.cadence.weeks, stats.cadence.lastWeeks.map { NumberText.count($0) }.joined(separator: ", ")))
    }
    lines.append("Follower growth: \(stats.followerGrowth)")
    if !outcome.isRate {
      lines.append("Benchmarks: none, they are all rates and this export has none")
    } else if stats.benchmarks.isEmpty {
      lines.append(
        "Benchmarks: none published by \(stats.basis.rawValue); the ones we know are by followers or impressions")
    }
    for comparison in stats.benchmarks {
      lines.append(
        "Benchmark: \(comparison.benchmark.source) (\(comparison.benchmark.method)) \(percent(comparison.benchmark.rate)); yours \(percent(comparison.rate)) (\(comparison.yours))"
      )
    }
    return lines.joined(separator: "\n")
  }
}
