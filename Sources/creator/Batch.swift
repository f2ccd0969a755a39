import ArgumentParser
import CreatorKit
import Foundation

extension Creator {
  /// `creator batch`: captions and hashtags for a folder of post files or a content calendar.
  struct Batch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Draft captions and hashtags for a folder of post files or a CSV content calendar, in parallel.",
      discussion: """
        JSON Lines are written as each item finishes (standard output without --output); a CSV (when the
        output ends in .csv) is written when the batch ends: one row per post and platform, captions and
        hashtags side by side, in calendar order (planned time, undated posts last, then input order). Every finished item is kept in the store: running the same batch again
        skips what is done and sends nothing for it, so Ctrl-C or a crash loses nothing that had finished.
        A post that fails is reported at the end; it does not stop the others.

        Examples:
          creator batch posts/ --output drafts.jsonl
          creator batch calendar.csv --task hashtags --concurrency 8 --output tags.csv
          creator batch posts/ --model ollama:llama3.2 --mode thinking --variants 2
        """)

    @Argument(help: "A folder of post files (*.md) or a CSV content calendar.", completion: .file(extensions: ["csv"]))
    var input: String

    @Option(help: "What to draft for each post.")
    var task: TaskChoice = .both

    @Option(help: "Posts drafted at once.")
    var concurrency: Int = 4

    @Option(
      help: ArgumentHelp("Where to write results: FILE.jsonl or FILE.csv.", valueName: "file"), completion: .file())
    var output: String?

    @Option(help: "How hard the model works on each draft (see creator caption --help).")
    var mode: DraftMode = .instant

    @Option(help: "Caption drafts per post.")
    var variants: Int = 1

    @Flag(help: "Draft without the posts' images.")
    var noImages = false

    @OptionGroup var drafting: DraftingOptions

    enum TaskChoice: String, ExpressibleByArgument, CaseIterable {
      case captions, hashtags, both
      var tasks: [BatchTask] { self == .both ? [.captions, .hashtags] : [BatchTask(rawValue: rawValue)!] }
    }

    func validate() throws {
      guard (1...64).contains(concurrency) else { throw ValidationError("--concurrency takes 1 to 64") }
      guard (1...3).contains(variants) else { throw ValidationError("--variants takes 1 to 3 in a batch") }
    }

    func run() async throws {
      let (session, _) = try await drafting.open(post: nil, template: nil)
      let url = URL(fileURLWithPath: input)
      let progress = ProgressBar()
      do {
        let (briefs, problems) = try BatchRunner.briefs(in: url, timeZone: session.timeZone)
        let writer = try BatchOutput(path: output, timeZone: session.timeZone)
        // Closed below when the batch ends; here only on the way out of a failure.
        defer { try? writer.close() }
        let runner = BatchRunner(
          session: session,
          options: BatchOptions(
            tasks: task.tasks, concurrency: concurrency, mode: mode, variants: variants, images: !noImages,
            platform: drafting.platform))
        var summary = try await cancellingOnInterrupt {
          try await runner.run(briefs, input: url.path) { result, finished, total in
            writer.append(result)
            progress.update(
              label: "\(result.briefID) (\(result.platform.rawValue), \(result.task.rawValue))", done: finished,
              total: total)
          }
        }
        progress.finish()
        try writer.close()
        summary.unreadable = problems.map(\.description)
        let lines = ["creator: batch: " + summary.line + " with \(session.engine)"] + summary.details
        FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
        if !summary.failed.isEmpty || !problems.isEmpty { throw ExitCode(ExitStatus.badData) }
      } catch is CancellationError {
        progress.finish()
        FileHandle.standardError.write(
          Data("\ncreator: batch cancelled; finished items are kept, run it again to continue\n".utf8))
        throw ExitCode(130)
      } catch let exit as ExitCode {
        throw exit
      } catch {
        progress.finish()
        throw fail(error)
      }
    }
  }
}
