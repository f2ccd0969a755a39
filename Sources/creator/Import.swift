import ArgumentParser
import CreatorKit
import Foundation

extension Creator {
  /// `creator import`: read exports into the store.
  struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Import exports (zip as downloaded, folder, or single file) into the store.",
      discussion: """
        Reads Instagram "Download your information" (JSON and HTML, every layout generation), Instagram \
        professional insights (posts, reels, audience and followers), Threads posts and replies, Meta Business \
        Suite content CSVs, Facebook "Download your information" posts and reels, TikTok, X archives, YouTube \
        Studio and Takeout (English, Spanish, Dutch), and LinkedIn Shares.csv. The format is detected from \
        each file's content. Any other CSV, JSON or JSON Lines file is read with --map. Everything is written \
        in one transaction: on an error nothing is written.

        Examples:
          creator import ~/Downloads/instagram-bakerbee-2026-11-20-aB3x.zip
          creator import Nov-01-2025_Dec-15-2025_123.csv --timezone Europe/Berlin
          creator import export-folder/ --dry-run
          creator import planner.csv --map caption=Text,published=Date,likes=Likes --platform instagram --account me
        """)

    @Argument(help: "Export zip files, folders or single files.", completion: .file())
    var paths: [String]

    @Option(
      help: "The account handle, when the export does not name it (or to override it).",
      transform: AccountHandle.normalized)
    var account: String?

    @Option(
      help: ArgumentHelp(
        "Time zone for times written without one (Business Suite CSV). Default: this machine's.",
        valueName: "zone"))
    var timezone: TimeZoneOption?

    @Flag(help: "Show what would be imported and skipped, and write nothing.")
    var dryRun = false

    @Option(
      help: ArgumentHelp(
        "Read any CSV, JSON or JSON Lines file with this column mapping: field=Column pairs, e.g. "
          + "caption=Text,published=Date,likes=Likes (fields: id caption published account platform kind "
          + "permalink and the metrics).", valueName: "pairs"))
    var map: String?

    @Option(help: ArgumentHelp("A file of field=Column lines, instead of --map.", valueName: "path"))
    var mapFile: String?

    @Option(help: "The platform of a mapped file's posts (or map platform=COLUMN).")
    var platform: Platform?

    func validate() throws {
      if map != nil && mapFile != nil { throw ValidationError("give --map or --map-file, not both") }
      if platform != nil && map == nil && mapFile == nil {
        throw ValidationError("--platform is for mapped files (--map or --map-file)")
      }
    }

    @OptionGroup var store: StoreOptions

    func run() throws {
      Interrupts.removeScratchFoldersOnExit()
      defer { ScratchFolders.removeAll() }
      let (store, scratch) = try store.openForImport(dryRun: dryRun)
      defer { scratch.map(ScratchFolders.remove) }
      var options = ImportOptions(
        account: account, timeZone: timezone?.zone ?? .current, timeZoneGiven: timezone != nil, dryRun: dryRun)
      do {
        if let map {
          options.importers = [MappedTableImporter(mapping: try ColumnMapping(map, platform: platform))]
        } else if let mapFile {
          let mapping = try ColumnMapping(contentsOf: URL(fileURLWithPath: mapFile), platform: platform)
          options.importers = [MappedTableImporter(mapping: mapping)]
        }
      } catch {
        throw fail(error)
      }
      let bar = ProgressBar()
      let report: ImportReport
      do {
        report = try Importer(store: store, options: options).run(
          paths.map { ScratchFolders.openableURL(for: $0, rawBytes: CommandLineBytes.argument(matching: $0)) },
          progress: { bar.update($0) })
        bar.finish()
      } catch {
        bar.finish()
        throw fail(error)
      }
      print(ImportSummary(report: report, verbose: dryRun).text)
    }
  }
}
