import Foundation
import Mustache

/// Renders a `WeeklyReport` as Markdown or self-contained HTML through Mustache templates (the built-in
/// ones from `templates/`, or a user's copy), or as JSON carrying the same numbers.
public struct ReportRenderer: Sendable {
  /// Markdown, self-contained HTML, or JSON.
  public enum Format: String, Sendable, CaseIterable {
    case markdown, html, json
  }

  /// Escapes user text for Markdown: HTML specials as entities (so a caption cannot inject markup into a
  /// viewer that renders HTML), table pipes, line breaks and emphasis characters. `<` opens markup only
  /// before a letter, `/`, `!` or `?`, `&` an entity only before a letter or `#`, and `>` a quote only at the
  /// start of a line (CommonMark): elsewhere they stay as typed, so `p < 0.001` reads the same raw and
  /// rendered.
  struct MarkdownContentType: MustacheContentType {
    func escapeText(_ text: String) -> String {
      var escaped = ""
      let characters = Array(text)
      for (index, character) in characters.enumerated() {
        let next = index + 1 < characters.count ? characters[index + 1] : " "
        switch character {
        case "&" where next.isLetter || next == "#": escaped += "&amp;"
        case "<" where next.isLetter || "/!?".contains(next): escaped += "&lt;"
        // A `>` only means something at the start of a line (a quote).
        case ">" where index == 0: escaped += "&gt;"
        case "|": escaped += "\\|"
        case "*", "_", "`", "[", "]", "\\": escaped += "\\\(character)"
        case "\n", "\r": escaped += " "
        default: escaped.append(character)
        }
      }
      return escaped
    }
  }

  static let registerContentTypes: Void = {
    MustacheContentTypes.register(MarkdownContentType(), named: "MARKDOWN")
  }()

  public var format: Format
  /// A template file to use instead of the built-in one.
  public var templatePath: String?
  /// Whether the Markdown report draws the weekly trend as a line of Unicode blocks (`Sparkline`): for a
  /// terminal, not for a file, a pipe or `NO_COLOR`.
  public var sparklines: Bool

  /// A renderer for `format` with the built-in template, or with the Mustache template at `templatePath`;
  /// `sparklines` draws the Markdown trend in Unicode blocks (for a terminal).
  public init(format: Format, templatePath: String? = nil, sparklines: Bool = false) {
    self.format = format
    self.templatePath = templatePath
    self.sparklines = sparklines
  }

  /// The built-in template of `format` (nil for JSON, which has none): what `--template` starts from, for a
  /// user who has the binary but not the `templates/` folder.
  public static func builtInTemplate(_ format: Format) -> String? {
    switch format {
    case .markdown: ReportTemplates.markdown
    case .html: ReportTemplates.html
    case .json: nil
    }
  }

  public func render(_ report: WeeklyReport) throws -> String {
    if format == .json { return Self.json(report) }
    _ = Self.registerContentTypes
    let source: String
    if let templatePath {
      let url = URL(fileURLWithPath: templatePath)
      let size = (try? FileManager.default.attributesOfItem(atPath: templatePath)[.size] as? Int) ?? 0
      guard RegularFile.exists(at: url), size <= TemplateNesting.largestTemplate else {
        throw ReportError.template("\(templatePath): the template cannot be read (not a regular file of at most 1 MiB)")
      }
      do {
        source = try String(contentsOfFile: templatePath, encoding: .utf8)
      } catch {
        throw ReportError.template("\(templatePath): the template cannot be read")
      }
    } else {
      source = Self.builtInTemplate(format) ?? ReportTemplates.markdown
    }
    let name = templatePath ?? "built-in template"
    guard source.utf8.count <= TemplateNesting.largestTemplate else {
      throw ReportError.template("\(name): the template is larger than 1 MiB")
    }
    if let line = TemplateNesting.lineTooDeep(in: source) {
      throw ReportError.template(
        "\(name): line \(line): sections nested more than \(TemplateNesting.limit) deep")
    }
    let template: MustacheTemplate
    do {
      template = try MustacheTemplate(string: source)
    } catch {
      throw ReportError.template("\(name): \(TemplateProblem.describe(error))")
    }
    return template.render(
      Self.context(report, html: format == .html, sparklines: sparklines && format == .markdown))
  }

  /// Every account's report with a comparison table first: Markdown sections one after another, one HTML
  /// page with a section per account, or JSON with the table and the reports.
  public func render(_ overview: AccountsOverview) throws -> String {
    if format == .json {
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
      encoder.keyEncodingStrategy = .convertToSnakeCase
      encoder.dateEncodingStrategy = .iso8601
      return String(decoding: (try? encoder.encode(overview)) ?? Data(), as: UTF8.self)
    }
    let sections = try overview.reports.map(render)
    if format == .markdown {
      let escape = MarkdownContentType().escapeText
      var table = [
        "# All accounts", "",
        "| account | platform | period | posts | compared by | median | change |",
        "|---|---|---|---:|---|---:|---|",
      ]
      for line in overview.lines {
        table.append(
          "| \(escape(line.account)) | \(line.platform) | \(line.week) | \(line.posts) | \(line.comparedBy) | \(line.median) | \(line.change) |"
        )
      }
      table.append("")
      table.append("Each account is compared by what its own export has; figures of different kinds do not compare.")
      return ([table.joined(separator: "\n")] + sections).joined(separator: "\n\n---\n\n")
    }
    // HTML: the first page's head, the table, then each page's main content as a section.
    let escape = SVGChart.escape
    var table = "<section><h1>All accounts</h1><table><tr><th>Account</th><th>Platform</th><th>Period</th>"
    table += "<th class=\"num\">Posts</th><th>Compared by</th><th class=\"num\">Median</th><th>Change</th></tr>"
    for line in overview.lines {
      table += "<tr><td>\(escape(line.account))</td><td>\(escape(line.platform))</td><td>\(line.week)</td>"
      table += "<td class=\"num\">\(line.posts)</td><td>\(escape(line.comparedBy))</td>"
      table += "<td class=\"num\">\(escape(line.median))</td><td>\(escape(line.change))</td></tr>"
    }
    table += "</table><p class=\"note\">Each account is compared by what its own export has.</p></section>"
    func main(_ page: String) -> Substring {
      guard let start = page.range(of: "<main>"), let end = page.range(of: "</main>", options: .backwards) else {
        return page[...]
      }
      return page[start.upperBound..<end.lowerBound]
    }
    guard let first = sections.first, let open = first.range(of: "<main>"),
      let close = first.range(of: "</main>", options: .backwards)
    else { return ([table] + sections).joined(separator: "\n<hr>\n") }
    var head = String(first[..<open.upperBound])
    if let title = head.range(of: "<title>"), let titleEnd = head.range(of: "</title>"),
      title.upperBound <= titleEnd.lowerBound
    {
      head.replaceSubrange(title.upperBound..<titleEnd.lowerBound, with: "All accounts")
    }
    return head + table
      + sections.map { "<section class=\"account\">" + main($0) + "</section>" }.joined(separator: "\n<hr>\n")
      + String(first[close.lowerBound...])
  }

  /// The report as JSON: snake_case keys, ISO 8601 dates, rates as fractions.
  public static func json(_ report: WeeklyReport) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.keyEncodingStrategy = .convertToSnakeCase
    encoder.dateEncodingStrategy = .iso8601
    return String(decoding: (try? encoder.encode(report)) ?? Data(), as: UTF8.self)
  }

  /// The period's totals as tiles: posts, then reach, views and engagements where the export has them, each
  /// with its change from the comparison period as a signed percent and an arrow (not colour alone), then
  /// the follower change, or where no export carries follower counts, a tile that says so.
  static func totalTiles(_ report: WeeklyReport) -> [[String: String]] {
    let now = report.totals
    let before = report.previousTotals
    let previous = "vs \(report.comparisonPeriod.spokenName)"
    func tile(_ label: String, _ value: Int64?, _ earlier: Int64?) -> [String: String]? {
      guard let value else { return nil }
      let change: String
      if let percent = WeekTotals.percentChange(value, from: earlier) {
        let rounded = percent.rounded()
        let arrow = rounded > 0 ? "▲" : rounded < 0 ? "▼" : "="
        change = "\(arrow) \(NumberText.decimal(rounded, digits: 0, sign: rounded != 0))% \(previous)"
      } else {
        change =
          earlier == nil ? "nothing to compare \(previous)" : value > 0 ? "▲ from 0 \(previous)" : "= 0 \(previous)"
      }
      return ["label": label, "value": NumberText.count(value), "change": change]
    }
    return [
      tile("Posts", Int64(now.posts), Int64(before.posts)), tile("Reach", now.reach, before.reach),
      tile("Views", now.views, before.views), tile("Engagements", now.engagements, before.engagements),
      followerTile(report),
    ].compactMap { $0 }
  }

  /// "+120" followers with "▲ +40 vs 2026-W46 (+80)"; the newest count when the counts do not cover the
  /// period; "not in your export" (and which export has it) when no export carried a count: never a 0.
  static func followerTile(_ report: WeeklyReport) -> [String: String] {
    let followers = report.followers
    let signed = { (value: Int64) in (value > 0 ? "+" : value < 0 ? "−" : "") + NumberText.count(value.magnitude) }
    guard let change = followers.change else {
      if let latest = followers.latest, let at = followers.latestAt {
        let zone = TimeZone(identifier: report.timeZone) ?? .current
        let day = ReportPeriod.Day(at, calendar: ISOWeek.calendar(in: zone))
        let single = ReportPeriod.days(from: day, through: day)?.description ?? day.description
        return [
          "label": "Followers", "value": NumberText.count(latest), "missing": "",
          "change":
            "counted \(single)\(followers.counts > 1 ? " (newest)" : ""); a change needs counts from before and after \(report.period)",
        ]
      }
      let platform = report.platform
      let source =
        platform == nil || platform == .instagram
        ? "Instagram's audience insights carry follower counts"
        : "the \(platform?.displayName ?? "") exports read here carry no follower counts"
      return ["label": "Followers", "value": "not in your export", "missing": "missing", "change": source]
    }
    var tile = ["label": "Followers", "value": signed(change), "missing": ""]
    if let earlier = followers.comparisonChange {
      let (difference, overflow) = change.subtractingReportingOverflow(earlier)
      let arrow = change > earlier ? "▲" : change < earlier ? "▼" : "="
      let text = overflow || difference == 0 ? "" : " " + signed(difference)
      tile["change"] = "\(arrow)\(text) vs \(report.comparisonPeriod.spokenName) (\(signed(earlier)))"
    } else {
      tile["change"] = "nothing to compare vs \(report.comparisonPeriod.spokenName): no counts around it"
    }
    return tile
  }

  /// The trend's weeks that are the period's, when the trend shows weeks before it too (a week's or a month's
  /// report); nil when the period is the whole trend.
  static func shadedWeeks(_ report: WeeklyReport) -> ClosedRange<Int>? {
    guard let first = report.trend.firstIndex(where: { $0.week >= report.period.firstWeek }), first > 0 else {
      return nil
    }
    return first...(report.trend.count - 1)
  }

  /// What the templates see: every value already formatted, so templates stay logic-less.
  static func context(_ report: WeeklyReport, html: Bool, sparklines: Bool = false) -> [String: Any] {
    let outcome = report.outcome
    let value = { (value: Double?) in outcome.format(value) }
    let zone = TimeZone(identifier: report.timeZone) ?? .current
    let dayFormat = Date.FormatStyle(date: .abbreviated, time: .omitted, timeZone: zone)
    let count = { (value: Int64?) in value.map { NumberText.count($0) } ?? "–" }
    let median = { (value: Double?) in value.map { NumberText.count(Int64(clamping: $0)) } ?? "–" }
    let change = { (change: Double?, percent: Double?) -> String in
      guard let change else { return "–" }
      if outcome.isRate { return NumberText.decimal(change * 100, sign: true) + " pts" }
      return percent.map { NumberText.decimal($0, digits: 0, sign: true) + "%" }
        ?? NumberText.decimal(change, sign: true)
    }
    let short = "n < \(RateFigure.minimumPosts)"
    let who = report.account.map { "@\($0)" } ?? "All accounts"
    let period = report.period
    // Column names: "rate" where there is one, else what the posts are compared by.
    let measure = outcome.isRate ? "rate" : outcome.label
    let hasTrend = report.trend.contains { $0.rate.median != nil }
    let better = report.bestTimes.better.prefix(5)
    let worse = report.bestTimes.worse.prefix(5)
    let slot = { (slot: TimeSlot) -> [String: String] in
      [
        "slot": "\(slot.weekdayName) \(report.clock.hour(slot.hour))",
        "lift": String(format: "%.2f", slot.shrunkLift), "n": "\(slot.n)",
      ]
    }
    let withValue = outcome.postsWithValue
    // A period ending before a Sunday: its last week in the trend is cut at the period's end.
    let partialWeek =
      ReportPeriod.week(period.lastWeek).last == period.last
      ? ""
      : " \(report.week) counts its days up to \(period.last.day) \(ReportPeriod.monthNames[period.last.month - 1]) only."
    var context: [String: Any] = [
      "title":
        "\(who)\(report.platform.map { " on \($0.displayName)" } ?? ""): \(period.kind == .week ? "week " : "")\(period)",
      "week": ReportPeriod.week(report.week).spokenName,
      "period": period.description,
      "periodNoun": period.noun,
      "comparison": report.comparisonPeriod.description,
      "nextHeading": period.kind == .custom ? "What to try next" : "What to try next \(period.noun)",
      "postsNote": report.figure.posts == 0 ? "No posts in \(period)." : "",
      "weekRange": period.dayRange,
      "timeZone": report.timeZone, "basis": report.basis.rawValue, "formula": report.formula,
      "measureLine": !report.rankable
        ? "no numbers per post to compare"
        : outcome.isRate
          ? "engagement rate by \(report.basis.rawValue) = \(report.formula)"
          : "posts compared by \(outcome.label)",
      "medianLabel": outcome.isRate ? "median rate" : "median \(outcome.label)",
      "pooledLabel": outcome.isRate ? "pooled rate" : "mean \(outcome.label)",
      "measureLabel": measure,
      "summary": [
        "posts": "\(report.figure.posts)",
        "median": report.figure.rate.median.map(value) ?? short,
        "pooled": report.figure.rate.pooled.map(value) ?? short,
        "n": "\(report.figure.rate.n)", "leftOut": "\(report.figure.rate.leftOut)",
        "change": change(report.figure.change, report.figure.changePercent),
      ],
      "totals": totalTiles(report),
      "headlines": report.headlines.map { ["text": $0] },
      "nextWeek": report.nextWeek.map { ["text": $0] },
      "methods": ReportMethods.entries(report).map { ["term": $0.term, "text": $0.text] },
      "hasTopPosts": !report.topPosts.isEmpty,
      "topPosts": report.topPosts.prefix(report.shownPosts).map { post -> [String: Any] in
        var line: [String: Any] = [
          "published": post.hasTimeOfDay
            ? report.clock.dateAndTime(post.published, in: zone) : post.published.formatted(dayFormat),
          "kind": post.kind.rawValue, "rate": value(post.rate),
          "reach": count(post.reach), "views": count(post.views),
          "caption": TextTable.clip(TextTable.singleLine(post.caption), to: 120),
          "hasThumbnail": post.thumbnail != nil, "thumbnail": post.thumbnail ?? "",
        ]
        // Only web links: an export's text is not trusted to be a safe URL.
        if let link = post.permalink, link.lowercased().hasPrefix("https://") { line["permalink"] = link }
        return line
      },
      "hasKinds": !report.mediaKinds.isEmpty,
      "kinds": report.mediaKinds.map { kind in
        [
          "kind": kind.kind.rawValue, "posts": "\(kind.posts)", "n": "\(kind.rate.n)",
          "median": kind.rate.median.map(value) ?? short, "reach": median(kind.medianReach),
          "views": median(kind.medianViews),
        ]
      },
      "trend": report.trend.map { week in
        [
          "week": week.week.description, "posts": "\(week.posts)", "n": "\(week.rate.n)",
          "median": value(week.rate.median), "pooled": value(week.rate.pooled),
          "change": change(week.change, week.changePercent),
        ]
      },
      "hasTrendChart": html && hasTrend,
      "trendNote": hasTrend
        ? "Median \(outcome.isRate ? "per-post rate by \(report.basis.rawValue)" : outcome.label) per ISO week; the small numbers are posts that week. Weeks with fewer than \(RateFigure.minimumPosts) \(withValue) have no point.\(partialWeek)"
        : "No chart: no week has \(RateFigure.minimumPosts) \(withValue)"
          + (report.outcomeNote.map { ". " + $0 } ?? "."),
      "bestTimesScope": "last \(report.bestTimes.weeks) weeks, \(report.bestTimes.postsUsed) \(withValue)",
      "hasHeatmap": html && !report.bestTimes.slots.isEmpty,
      "bestTimes": better.map(slot),
      "hasAvoid": !worse.isEmpty,
      "avoidTimes": worse.map(slot),
      "bestTimesNote": report.bestTimes.slots.isEmpty
        ? "Not enough data yet: no weekday and hour has \(BestTimes.minimumPosts) \(withValue)."
        : (better.isEmpty ? "No weekday and hour beat your median post. " : "")
          + (report.bestTimes.leftOutDateOnly > 0
            ? "\(report.bestTimes.leftOutDateOnly) posts left out: their export gives a date only." : ""),
      "hasHashtags": !report.hashtags.isEmpty,
      "hashtags": report.hashtags.prefix(15).map { tag in
        [
          "tag": tag.tag, "n": "\(tag.n)", "lift": String(format: "%.2f", tag.lift),
          "interval": String(format: "%.2f–%.2f", tag.liftLow, tag.liftHigh), "verdict": tag.verdict.rawValue,
        ]
      },
      "hashtagsNote": report.hashtags.isEmpty
        ? "No tag is on \(HashtagFigure.minimumPosts) or more \(withValue) and missing from as many: nothing to compare."
        : String(
          format:
            "Lift: median \(outcome.isRate ? "rate" : outcome.label) of posts with the tag over posts without it. Proven: lift of at least %.1f with the 95%% interval above 1; did worse: the interval below 1.",
          HashtagFigure.practicalLift)
          + (report.hashtagsAlwaysUsed.isEmpty
            ? ""
            : " Always used, so no comparison is possible: "
              + report.hashtagsAlwaysUsed.prefix(5).map { "#" + $0 }.joined(separator: ", ") + "."),
      "trendingNote": report.trends.trendingShortage
        ?? (report.trends.trending.isEmpty
          ? "no tag trending (needs lift ≥ 2, z ≥ 2 and 3 posts)." : "lift ≥ 2, z ≥ 2, 3 posts or more."),
      "trending": report.trends.trending.prefix(8).map { tag in
        [
          "tag": tag.tag, "count": "\(tag.count)", "expected": String(format: "%.1f", tag.expected),
          "lift": String(format: "%.1f", tag.lift), "z": String(format: "%.1f", tag.z),
        ]
      },
      "risingNote": report.trends.risingShortage
        ?? (report.trends.rising.isEmpty
          ? "no tag rising (Mann-Kendall p < 0.05 over the weeks)." : "Mann-Kendall p < 0.05, Sen slope > 0."),
      "rising": report.trends.rising.prefix(8).map { tag in
        [
          "tag": tag.tag, "slope": String(format: "%.2f", tag.test.senSlope), "p": tag.test.pText,
          "weeks": "\(tag.weeks)",
        ]
      },
    ]
    if let note = report.outcomeNote { context["outcomeNote"] = note }
    // The weekly trend as blocks, for a terminal; the table below it has the numbers.
    if sparklines, let line = Sparkline.make(report.trend.map(\.rate.median)), let first = report.trend.first {
      let medians = report.trend.compactMap(\.rate.median)
      let range = medians.min().map { "; lowest \(value($0)), highest \(value(medians.max()))" } ?? ""
      context["trendSparkline"] = "median, \(first.week) to \(report.week): \(line)\(range)"
    }
    if html {
      // Never an empty frame: the notes say why a chart is missing.
      context["trendChart"] =
        hasTrend
        ? SVGChart.rateTrend(report.trend, outcome: outcome, timeZone: zone, shaded: shadedWeeks(report)) : ""
      context["shadingNote"] = hasTrend && shadedWeeks(report) != nil ? "The shaded band is \(period)." : ""
      context["heatmap"] = report.bestTimes.slots.isEmpty ? "" : SVGChart.heatmap(report.bestTimes, clock: report.clock)
    }
    return context
  }
}
