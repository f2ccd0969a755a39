import ArgumentParser
import CreatorKit
import Foundation

extension Creator {
  /// `creator import`: read exports into the store.
  struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Import exports (zip as downloaded, folder, or single file) into the store.",
      discussion: """
        Reads Instagram "Download your information" (JSON, every layout generation), Instagram professional \
        insights and Meta Business Suite content CSVs. The format is detected from each file's content. \
        Everything is written in one transaction: on an error nothing is written.

        Examples:
          creator import ~/Downloads/instagram-bakerbee-2026-11-20-aB3x.zip
          creator import Nov-01-2025_Dec-15-2025_123.csv --timezone Europe/Berlin
          creator import export-folder/ --dry-run
        """)

    @Argument(help: "Export zip files, folders or single files.", completion: .file())
    var paths: [String]

    @Option(help: "The account handle, when the export does not name it (or to override it).")
    var account: String?

    @Option(
      help: ArgumentHelp(
        "Time zone for times written without one (Business Suite CSV). Default: this machine's.",
        valueName: "zone"))
    var timezone: TimeZoneOption?

    @Flag(help: "Show what would be imported and skipped, and write nothing.")
    var dryRun = false

    @OptionGroup var store: StoreOptions

    func run() throws {
      let store = try store.open()
      let options = ImportOptions(account: account, timeZone: timezone?.zone ?? .current, dryRun: dryRun)
      let bar = ProgressBar()
      let report: ImportReport
      do {
        report = try Importer(store: store, options: options).run(
          paths.map { URL(fileURLWithPath: $0) },
          progress: { bar.update(label: $0.file, done: $0.bytesRead, total: $0.fileSize) })
        bar.finish()
      } catch {
        bar.finish()
        throw fail(error)
      }
      print(ImportSummary(report: report, verbose: dryRun).text)
    }
  }
}
