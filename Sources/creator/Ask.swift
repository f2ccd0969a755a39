import ArgumentParser
import CreatorKit
import Foundation

extension Creator {
  /// `creator ask`: one prompt to one model, streamed to the terminal.
  struct Ask: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Ask a model one question and stream the answer: a general entry and a check of your set-up.",
      discussion: """
        The answer goes to standard output as it arrives; a summary line (model, tokens, time, cache) goes to
        standard error. Every call is logged (see creator logs); an identical request is answered from the log
        unless --no-cache. Ctrl-C cancels the request cleanly.

        Examples:
          creator ask "Three hooks for a sourdough reel" --model ollama:llama3.2
          creator ask "Describe this photo" --image loaf.jpg --model openai:gpt-4o-mini
          creator ask "Five hashtags for rye bread" --schema tags.schema.json --no-stream
          echo "Summarise: ..." | creator ask - --model anthropic:claude-sonnet-4-5 --thinking-budget 2000
        """)

    @Argument(help: "The prompt; - reads it from standard input.")
    var prompt: String

    @Option(help: "A system prompt.")
    var system: String?

    @Option(name: .customLong("image"), help: ArgumentHelp("An image to attach (repeatable).", valueName: "file"))
    var images: [String] = []

    @Option(
      help: ArgumentHelp("A JSON schema file the answer must follow; prints the validated JSON.", valueName: "file"))
    var schema: String?

    @Flag(help: "Ask for the whole answer in one response instead of a stream.")
    var noStream = false

    @Flag(help: "Print the model's reasoning, where the provider shows it, to standard error.")
    var showReasoning = false

    @Option(help: "Sampling temperature.")
    var temperature: Double?

    @Option(help: "Most tokens in the answer.")
    var maxTokens: Int?

    @Option(help: "Reasoning effort: minimal, low, medium or high (reasoning models only).")
    var reasoning: ReasoningEffort?

    @Option(help: "Thinking budget in tokens (Anthropic extended thinking).")
    var thinkingBudget: Int?

    @OptionGroup var choice: ModelChoice
    @OptionGroup var store: StoreOptions

    func run() async throws {
      let configuration = try choice.configuration()
      let store = try store.openIfPresent()
      let request: ModelRequest
      let client: ModelClient
      do {
        var text = prompt
        if prompt == "-" { text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self) }
        let attachments = try images.map { path in
          try ImageResizer.fitted(ImageAttachment(contentsOf: URL(fileURLWithPath: path)), source: path)
        }
        let options = ModelOptions(
          temperature: temperature, maxTokens: maxTokens, reasoningEffort: reasoning, thinkingBudget: thinkingBudget,
          schema: try schema.map { try ResponseSchema(contentsOf: URL(fileURLWithPath: $0)) })
        request = ModelRequest(
          messages: (system.map { [.system($0)] } ?? []) + [.user(text, images: attachments)], options: options,
          stream: !noStream && schema == nil)
        client = try await configuration.client(model: choice.model, store: store, usesCache: !choice.noCache)
      } catch {
        throw fail(error)
      }
      let showReasoning = showReasoning
      do {
        let response: ModelResponse
        if request.options.schema != nil {
          let answer = try await cancellingOnInterrupt { try await client.respondJSON(to: request) }
          print(answer.value.jsonText)
          response = answer.response
        } else {
          let printer = StreamPrinter(showReasoning: showReasoning)
          response = try await cancellingOnInterrupt {
            try await client.respond(to: request) { event in printer.print(event) }
          }
          printer.finish()
        }
        report(response, model: client.model)
      } catch is CancellationError {
        FileHandle.standardError.write(Data("\ncreator: cancelled; the call is logged as cancelled\n".utf8))
        throw ExitCode(130)
      } catch {
        throw fail(error)
      }
    }

    private func report(_ response: ModelResponse, model: any LanguageModel) {
      var parts = ["\(model.name) (\(model.provider))"]
      if let input = response.usage.input, let output = response.usage.output {
        parts.append("\(input) in + \(output) out tokens")
      }
      parts.append(String(format: "%.2f s", Double(response.durationMilliseconds) / 1000))
      if response.attempts > 1 { parts.append("\(response.attempts) tries") }
      if response.cached { parts.append("answered from the log (--no-cache to send again)") }
      if let id = response.callID { parts.append("call \(id)") }
      var line = "-- " + parts.joined(separator: " · ") + "\n"
      if response.isTruncated { line += "creator: note: the answer stopped at the token limit; raise --max-tokens\n" }
      FileHandle.standardError.write(Data(line.utf8))
    }
  }
}

/// Writes streamed text to standard output unbuffered, reasoning to standard error.
private final class StreamPrinter: Sendable {
  let showReasoning: Bool
  init(showReasoning: Bool) { self.showReasoning = showReasoning }

  func print(_ event: ModelEvent) {
    switch event {
    case .text(let text): FileHandle.standardOutput.write(Data(text.utf8))
    case .reasoning(let text) where showReasoning: FileHandle.standardError.write(Data(text.utf8))
    default: break
    }
  }

  func finish() { FileHandle.standardOutput.write(Data("\n".utf8)) }
}

extension ReasoningEffort: ExpressibleByArgument {}
