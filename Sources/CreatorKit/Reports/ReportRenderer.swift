import Foundation
import Mustache

/// Renders a `WeeklyReport` as Markdown or self-contained HTML through Mustache templates (the built-in
/// ones from `templates/`, or a user's copy), or as JSON carrying the same numbers.
public struct ReportRenderer: Sendable {
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

  public init(format: Format, templatePath: String? = nil) {
    self.format = format
    self.templatePath = templatePath
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
      source = format == .html ? ReportTemplates.html : ReportTemplates.markdown
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
      throw ReportError.template("\(name): not a valid Mustache template (\(error))")
    }
    return template.render(Self.context(report, html: format == .html))
  }

  /// The report as JSON: snake_case keys, ISO 8601 dates, rates as fractions.
  public static func json(_ report: WeeklyReport) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.keyEncodingStrategy = .convertToSnakeCase
    encoder.dateEncodingStrategy = .iso8601
    return String(decoding: (try? encoder.encode(report)) ?? Data(), as: UTF8.self)
  }

  /// What the templates see: every value already formatted, so templates stay logic-less.
  static func context(_ report: WeeklyReport, html: Bool) -> [String: Any] {
    let percent = StatsListing.percent
    let zone = TimeZone(identifier: report.timeZone) ?? .current
    let dayFormat = Date.FormatStyle(date: .abbreviated, time: .omitted, timeZone: zone)
    let timeFormat = Date.FormatStyle(date: .abbreviated, time: .shortened, timeZone: zone)
    let count = { (value: Int64?) in value.map { Int($0).formatted() } ?? "–" }
    let median = { (value: Double?) in value.map { Int64(clamping: $0).formatted() } ?? "–" }
    let change = { (figure: WeekFigure) -> String in
      guard let change = figure.change else { return "–" }
      return String(format: "%+.1f pts", change * 100)
    }
    let who = report.account.map { "@\($0)" } ?? "All accounts"
    let lastDay = report.weekEnd.addingTimeInterval(-1)
    var context: [String: Any] = [
      "title": "\(who)\(report.platform.map { " on \($0.rawValue.capitalized)" } ?? ""): week \(report.week)",
      "week": report.week.description,
      "weekRange": "\(report.weekStart.formatted(dayFormat)) – \(lastDay.formatted(dayFormat))",
      "timeZone": report.timeZone, "basis": report.basis.rawValue, "formula": report.formula,
      "summary": [
        "posts": "\(report.thisWeek.posts)",
        "median": report.thisWeek.rate.median.map(percent) ?? "n < 3",
        "pooled": report.thisWeek.rate.pooled.map(percent) ?? "n < 3",
        "n": "\(report.thisWeek.rate.n)", "leftOut": "\(report.thisWeek.rate.leftOut)",
        "change": change(report.thisWeek),
      ],
      "headlines": report.headlines.map { ["text": $0] },
      "nextWeek": report.nextWeek.map { ["text": $0] },
      "hasTopPosts": !report.topPosts.isEmpty,
      "topPosts": report.topPosts.prefix(5).map { post in
        [
          "published": post.published.formatted(timeFormat), "kind": post.kind.rawValue, "rate": percent(post.rate),
          "reach": count(post.reach), "views": count(post.views),
          "caption": TextTable.clip(TextTable.singleLine(post.caption), to: 120),
        ]
      },
      "hasKinds": !report.mediaKinds.isEmpty,
      "kinds": report.mediaKinds.map { kind in
        [
          "kind": kind.kind.rawValue, "posts": "\(kind.posts)", "n": "\(kind.rate.n)",
          "median": kind.rate.median.map(percent) ?? "n < 3", "reach": median(kind.medianReach),
          "views": median(kind.medianViews),
        ]
      },
      "trend": report.trend.map { week in
        [
          "week": week.week.description, "posts": "\(week.posts)", "n": "\(week.rate.n)",
          "median": percent(week.rate.median), "pooled": percent(week.rate.pooled), "change": change(week),
        ]
      },
      "bestTimesScope": "last \(report.bestTimes.weeks) weeks, \(report.bestTimes.postsUsed) posts with a rate",
      "bestTimes": report.bestTimes.slots.prefix(5).map { slot in
        [
          "slot": String(format: "%@ %02d:00", slot.weekdayName, slot.hour),
          "lift": String(format: "%.2f", slot.shrunkLift),
          "n": "\(slot.n)",
        ]
      },
      "bestTimesNote": report.bestTimes.slots.isEmpty
        ? "Not enough data yet: no weekday and hour has \(BestTimes.minimumPosts) posts with a rate."
        : (report.bestTimes.leftOutDateOnly > 0
          ? "\(report.bestTimes.leftOutDateOnly) posts left out: their export gives a date only." : ""),
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
    if html {
      context["trendChart"] = SVGChart.rateTrend(report.trend)
      context["heatmap"] = SVGChart.heatmap(report.bestTimes)
    }
    return context
  }
}
