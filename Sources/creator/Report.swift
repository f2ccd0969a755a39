import ArgumentParser
import CreatorKit
import Foundation

extension Creator {
  /// `creator report`: the trend report for a week, a month or any run of days.
  struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "The trend report for a week, a month or any days: what changed, why it matters, what to try next.",
      discussion: """
        Markdown to read anywhere, one self-contained HTML file with charts (no script, nothing loaded), or \
        JSON with the same numbers. Templates are Mustache: copy templates/report.html.mustache, edit it, \
        and pass it with --template.

        A report covers a week (--week, or the last week with posts), a month (--month) or the days from \
        --since through --until (both included; at most 371 days), in the report's time zone, and compares \
        it with the period just before (--compare previous) or the same one a year earlier (--compare year).

        A report is for one account: with several in the store, name it with --account, or pass \
        --all-accounts for a section per account and a table comparing them.

        Examples:
          creator report --account bakerbee --last
          creator report --all-accounts
          creator report --account bakerbee --week 2026-W47 --format html --output week47.html
          creator report --account bakerbee --month 2026-11 --compare year
          creator report --account bakerbee --since 2026-10-01 --until 2026-11-30
          creator report --format json | jq .headlines
        """)

    @Option(help: "Only this platform.")
    var platform: Platform?

    @Option(
      help: "Only this account handle (with or without @).", completion: .accounts,
      transform: AccountHandle.normalized)
    var account: String?

    @Flag(help: "Every account: a section each and a table comparing them.")
    var allAccounts = false

    @Option(help: ArgumentHelp("The ISO week to report on, like 2026-W47.", valueName: "week"))
    var week: String?

    @Option(help: ArgumentHelp("The calendar month to report on, like 2026-11.", valueName: "month"))
    var month: String?

    @Option(help: ArgumentHelp("Report on the days from this one, like 2026-10-01.", valueName: "day"))
    var since: String?

    @Option(help: ArgumentHelp("…through this one, included (default: today).", valueName: "day"))
    var until: String?

    @Flag(help: "Report on the last week with posts (the default).")
    var last = false

    @Option(
      help: ArgumentHelp(
        "Compare with the period just before (previous, the default) or the same one a year earlier (year).",
        valueName: "previous|year"))
    var compare: ReportPeriod.Comparison = .previous

    @Option(help: "Denominator: reach, views, impressions or followers (default: the platform's).")
    var rate: RateBasis?

    @Option(help: "Markdown to read anywhere, one self-contained HTML page, or JSON with the same numbers.")
    var format: ReportRenderer.Format = .markdown

    @Option(
      help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"), completion: .file())
    var output: String?

    @Option(
      help: ArgumentHelp("A Mustache template to use instead of the built-in one.", valueName: "path"),
      completion: .file(extensions: ["mustache"]))
    var template: String?

    @Option(help: ArgumentHelp("Time zone for weeks, days and hours (default: this machine's).", valueName: "zone"))
    var timezone: TimeZoneOption?

    @Option(
      help: ArgumentHelp(
        "Write hours on a 24 or 12-hour clock (default: your locale's).", valueName: "24|12"))
    var clock: Clock?

    @Option(
      help: ArgumentHelp(
        "Print the built-in markdown or html template, to copy, edit and pass to --template.", valueName: "format"))
    var printTemplate: ReportRenderer.Format?

    @OptionGroup var store: StoreOptions

    func validate() throws {
      let chosen = [
        week.map { _ in "--week" }, month.map { _ in "--month" }, since.map { _ in "--since" }, last ? "--last" : nil,
      ].compactMap { $0 }
      if chosen.count > 1 {
        throw ValidationError("\(chosen.joined(separator: " and ")) cannot be used together: pick one period")
      }
      if until != nil && since == nil {
        throw ValidationError("--until needs --since: the days from one through the other")
      }
      _ = try period()
      if account != nil && allAccounts { throw ValidationError("--account and --all-accounts cannot be used together") }
      if printTemplate == .json {
        throw ValidationError("--print-template takes markdown or html; json has no template")
      }
      if template != nil && format == .json {
        throw ValidationError("--template applies to markdown and html, not json")
      }
    }

    /// The period the options name, nil for the last week with posts; a bad one is a usage error.
    func period() throws -> ReportPeriod? {
      if let week {
        guard let parsed = ISOWeek(week), (1900...9999).contains(parsed.year) else {
          throw ValidationError("--week takes an ISO week like 2026-W47 (years 1900 to 9999), not '\(week)'")
        }
        let period = ReportPeriod.week(parsed)
        guard period.lastWeek == parsed else { throw ValidationError("\(parsed.year) has no week \(parsed.week)") }
        return period
      }
      if let month {
        guard let parsed = ReportPeriod.month(month) else {
          throw ValidationError("--month takes a month like 2026-11, not '\(month)'")
        }
        return parsed
      }
      guard let since else { return nil }
      guard let first = ReportPeriod.Day(since) else {
        throw ValidationError("--since takes a day like 2026-10-01, not '\(since)'")
      }
      let last: ReportPeriod.Day
      if let until {
        guard let day = ReportPeriod.Day(until) else {
          throw ValidationError("--until takes a day like 2026-11-30, not '\(until)'")
        }
        last = day
      } else {
        last = ReportPeriod.Day(Date(), calendar: ISOWeek.calendar(in: timezone?.zone ?? .current))
      }
      guard let period = ReportPeriod.days(from: first, through: last) else {
        throw ValidationError("--since \(first) is after \(until == nil ? "today, " : "--until ")\(last)")
      }
      guard period.dayCount <= ReportPeriod.longestDays else {
        throw ValidationError(
          "\(period) is \(period.dayCount) days; a report covers at most \(ReportPeriod.longestDays) (53 weeks)")
      }
      return period
    }

    func run() throws {
      if let printTemplate, let text = ReportRenderer.builtInTemplate(printTemplate) {
        print(text, terminator: text.hasSuffix("\n") ? "" : "\n")
        return
      }
      // A template that is not there is named like a missing post file (exit 66), before the store is opened.
      if let template, !FileManager.default.fileExists(atPath: template) {
        throw fail(BriefError(source: template, message: "no such file", kind: .unreadable))
      }
      let store = try store.open()
      let zone = timezone?.zone ?? .current
      let options = ReportOptions(
        platform: platform, account: account, period: try period(), comparison: compare, basis: rate,
        timeZone: zone, clock: clock ?? .preferred(),
        today: ReportPeriod.Day(Date(), calendar: ISOWeek.calendar(in: zone)))
      do {
        // Blocks only where a person reads them: a terminal, without NO_COLOR (as `creator stats` decides).
        let screen = output == nil && StandardOutput.isTerminal
        let terminal = output == nil && StandardOutput.drawsBlocks
        let renderer = ReportRenderer(format: format, templatePath: template, sparklines: terminal)
        let text: String
        let scope: String
        if allAccounts {
          let overview = try AccountsOverview(store: store, options: options)
          text = try renderer.render(overview)
          scope = "\(overview.reports.count) accounts"
        } else {
          let report = try WeeklyReport(store: store, options: options)
          text = try renderer.render(report)
          scope = report.period.description
        }
        if let output {
          try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
          FileHandle.standardError.write(Data("Wrote \(output) (\(scope)).\n".utf8))
        } else {
          // Captions come from exports: on a terminal their control characters print as text.
          print(screen ? TerminalText.page(text) : text)
        }
      } catch let error as ReportError {
        FileHandle.standardError.write(Data("creator: error: \(TerminalText.escaped("\(error)"))\n".utf8))
        if case .severalAccounts = error { throw ExitCode(ExitStatus.usage) }
        throw ExitCode(ExitStatus.badData)
      } catch {
        throw fail(error)
      }
    }
  }
}

extension Clock: ExpressibleByArgument {}
extension ReportPeriod.Comparison: ExpressibleByArgument {}
extension ReportRenderer.Format: ExpressibleByArgument {}
