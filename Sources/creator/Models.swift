import ArgumentParser
import CreatorKit
import Foundation

extension Creator {
  /// `creator models`: the configured models, optionally checked.
  struct Models: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "List the configured models: provider, model, base URL, whether the key is set, capabilities.",
      discussion: """
        Models come from the configuration file ($XDG_CONFIG_HOME/creator/config.yaml) and CREATOR_MODEL.
        Keys are shown masked (sk-...abcd) and never stored. --check sends each a one-word request.

        Examples:
          creator models
          creator models --check
          CREATOR_MODEL=ollama:llama3.2 creator models --format json
        """)

    @Flag(help: "Send each model a tiny request and report whether and how fast it answered.")
    var check = false

    @Option(help: "How to print the list.")
    var format: ModelListing.Format = .table

    @OptionGroup var config: ConfigOption
    @OptionGroup var store: StoreOptions

    func run() async throws {
      let configuration = try config.load()
      var checks: [ModelCheck] = []
      if check {
        let store = try store.openIfPresent()
        await RequestGate.shared.setLimits(configuration.limits)
        checks = await ModelCheck.run(configuration.listed, store: store)
      }
      print(ModelListing.render(configuration, checks: checks, as: format))
      if checks.contains(where: { !$0.reachable }) { throw ExitCode(ExitStatus.unavailable) }
    }
  }
}

extension ModelListing.Format: ExpressibleByArgument {}
