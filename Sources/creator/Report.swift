import ArgumentParser
import CreatorKit
import Foundation

extension Creator {
  /// `creator report`: the weekly trend report.
  struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "The weekly trend report: what changed, why it matters, what to try next week.",
      discussion: """
        Markdown to read anywhere, one self-contained HTML file with charts (no script, nothing loaded), or \
        JSON with the same numbers. Templates are Mustache: copy templates/report.html.mustache, edit it, \
        and pass it with --template.

        A report is for one account: with several in the store, name it with --account, or pass \
        --all-accounts for a section per account and a table comparing them.

        Examples:
          creator report --account bakerbee --last
          creator report --all-accounts
          creator report --account bakerbee --week 2026-W47 --format html --output week47.html
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

    @Flag(help: "Report on the last week with posts (the default).")
    var last = false

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
      if let week, ISOWeek(week) == nil {
        throw ValidationError("--week takes an ISO week like 2026-W47, not '\(week)'")
      }
      if week != nil && last { throw ValidationError("--week and --last cannot be used together") }
      if account != nil && allAccounts { throw ValidationError("--account and --all-accounts cannot be used together") }
      if printTemplate == .json {
        throw ValidationError("--print-template takes markdown or html; json has no template")
      }
      if template != nil && format == .json {
        throw ValidationError("--template applies to markdown and html, not json")
      }
    }

    func run() throws {
      if let printTemplate, let text = ReportRenderer.builtInTemplate(printTemplate) {
        print(text, terminator: text.hasSuffix("\n") ? "" : "\n")
        return
      }
      let store = try store.open()
      let options = ReportOptions(
        platform: platform, account: account, week: week.flatMap(ISOWeek.init), basis: rate,
        timeZone: timezone?.zone ?? .current, clock: clock ?? .preferred())
      do {
        let renderer = ReportRenderer(format: format, templatePath: template)
        let text: String
        let scope: String
        if allAccounts {
          let overview = try AccountsOverview(store: store, options: options)
          text = try renderer.render(overview)
          scope = "\(overview.reports.count) accounts"
        } else {
          let report = try WeeklyReport(store: store, options: options)
          text = try renderer.render(report)
          scope = report.week.description
        }
        if let output {
          try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
          FileHandle.standardError.write(Data("Wrote \(output) (\(scope)).\n".utf8))
        } else {
          print(text)
        }
      } catch let error as ReportError {
        FileHandle.standardError.write(Data("creator: error: \(error)\n".utf8))
        if case .severalAccounts = error { throw ExitCode(ExitStatus.usage) }
        throw ExitCode(ExitStatus.badData)
      } catch {
        throw fail(error)
      }
    }
  }
}

extension Clock: ExpressibleByArgument {}
extension ReportRenderer.Format: ExpressibleByArgument {}
