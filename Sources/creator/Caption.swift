import ArgumentParser
import CreatorKit
import Foundation

extension Creator {
  /// `creator caption`: caption drafts for one post file.
  struct Caption: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Draft captions for a post file, grounded in your data and checked against the platform's rules.",
      discussion: """
        POST.md is Markdown with YAML front matter (platforms, account, topic, audience, tone, goal,
        call_to_action, language, images, links, include, avoid, planned); the body is your notes.
        Without a model configured the built-in engine drafts from templates/caption.mustache and your data.

        Examples:
          creator caption post.md
          creator caption post.md --model ollama:llama3.2 --mode contemplate --variants 3
          creator caption post.md --platform x --format json
        """)

    @Argument(help: "The post file.", completion: .file(extensions: ["md"]))
    var post: String

    @OptionGroup var drafting: DraftingOptions

    @Option(help: "instant (one call), thinking (reasoning on, plan then write) or contemplate (drafters + judge).")
    var mode: DraftMode = .instant

    @Option(help: "How many drafts (contemplate writes at least 3 and keeps the best N).")
    var variants: Int = 1

    @Flag(help: "Draft without the post's images (for a model that cannot see them).")
    var noImages = false

    @Option(
      help: ArgumentHelp("A Mustache caption template for the built-in engine.", valueName: "path"),
      completion: .file(extensions: ["mustache"]))
    var template: String?

    @Option(help: "How to print the drafts.")
    var format: DraftListing.Format = .text

    @Flag(help: "Exit 0 even when a draft still breaks a platform rule (default: exit 65).")
    var allowViolations = false

    func validate() throws {
      guard (1...10).contains(variants) else { throw ValidationError("--variants takes 1 to 10") }
    }

    func run() async throws {
      let (session, loaded) = try await drafting.open(post: post, template: template)
      guard let brief = loaded else { return }
      do {
        let (results, failed) = try await partial {
          try await cancellingOnInterrupt {
            try await session.captions(
              for: brief, platform: drafting.platform, mode: mode, variants: variants, images: !noImages)
          }
        }
        print(DraftListing.render(results, as: format))
        let breaksRules = results.contains { $0.drafts.contains { !$0.isValid } }
        if breaksRules {
          FileHandle.standardError.write(Data("creator: some drafts break the platform's rules (shown above)\n".utf8))
        }
        let parts = results.flatMap { result in
          (result.failures ?? []).map {
            DraftFailure(part: "\(result.platform.rawValue) \($0.part)", message: $0.message, kind: $0.kind)
          }
        }
        if let code = failedParts(failed + parts) { throw code }
        if breaksRules && !allowViolations { throw ExitCode(ExitStatus.badData) }
      } catch let code as ExitCode {
        throw code
      } catch is CancellationError {
        throw ExitCode(130)
      } catch {
        throw fail(error)
      }
    }
  }

  /// `creator hashtags`: a tiered hashtag set for one post file.
  struct Hashtags: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Suggest hashtags for a post file that fit its topic and did at least as well in your data.",
      discussion: """
        The brief's include list first, then tags your own captions tie to the brief's topic, then by how \
        their posts did. Proven: lift of at least 1.1 with the interval above 1 on at least 3 posts; no clear \
        effect: lift of 1 or more, not proven; always used: on nearly every post, nothing to compare; new: too \
        few posts to judge. Tags whose posts did worse or no better, banned and spam tags \
        (templates/banned-hashtags.txt plus $XDG_CONFIG_HOME/creator/banned-hashtags.txt), the brief's avoid \
        list and invalid tags are left out with the reason; tags you used more lately are a note, not a \
        suggestion. The set stays within the platform's cap (Instagram: 5).

        Examples:
          creator hashtags post.md
          creator hashtags post.md --platform instagram --format json
          creator hashtags post.md --model anthropic:claude-haiku-4-5
        """)

    @Argument(help: "The post file.", completion: .file(extensions: ["md"]))
    var post: String

    @OptionGroup var drafting: DraftingOptions

    @Option(help: "instant or thinking (reasoning on where the model has it).")
    var mode: DraftMode = .instant

    @Option(help: "How to print the drafts.")
    var format: DraftListing.Format = .text

    func run() async throws {
      let (session, loaded) = try await drafting.open(post: post, template: nil)
      guard let brief = loaded else { return }
      do {
        let (results, failed) = try await partial {
          try await cancellingOnInterrupt {
            try await session.hashtags(for: brief, platform: drafting.platform, mode: mode)
          }
        }
        print(DraftListing.render(results, as: format))
        if let code = failedParts(failed) { throw code }
      } catch let code as ExitCode {
        throw code
      } catch is CancellationError {
        throw ExitCode(130)
      } catch {
        throw fail(error)
      }
    }
  }
}

/// The results of a drafting run, with the platforms that failed while others succeeded as failures.
func partial<Result: Sendable>(_ run: () async throws -> [Result]) async throws -> ([Result], [DraftFailure]) {
  do { return (try await run(), []) } catch let partial as PartialDrafts<Result> {
    return (partial.results, partial.failures.map { DraftFailure(part: $0.platform.rawValue, error: $0.error) })
  }
}

/// Options every drafting command shares.
struct DraftingOptions: ParsableArguments {
  @Option(help: "Draft for this platform only (default: every platform in the post file).")
  var platform: Platform?

  @Option(help: "Time zone for best times and trending weeks (default: this machine's).")
  var timezone: TimeZoneOption?

  @OptionGroup var choice: ModelChoice
  @OptionGroup var store: StoreOptions

  /// The session and the brief (when a post file is given), or a one-line error.
  func open(post: String?, template: String?) async throws -> (DraftingSession, PostBrief?) {
    let configuration = try choice.configuration()
    // The post file first: a mistake in it is named before anything about the store.
    let brief: PostBrief?
    do {
      brief = try post.map { try PostBrief.load(URL(fileURLWithPath: $0), timeZone: timezone?.zone ?? .current) }
    } catch { throw fail(error) }
    let store = try store.open()
    do {
      let session = try await DraftingSession.make(
        store: store, configuration: configuration, model: choice.model, usesCache: !choice.noCache,
        templatePath: template, timeZone: timezone?.zone ?? .current)
      return (session, brief)
    } catch {
      throw fail(error)
    }
  }
}

extension DraftMode: ExpressibleByArgument {}
extension DraftListing.Format: ExpressibleByArgument {}
