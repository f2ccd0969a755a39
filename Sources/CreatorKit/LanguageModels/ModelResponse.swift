/// A whole answer, with how it was obtained.
public struct ModelResponse: Sendable, Equatable {
  public var text: String
  public var reasoning: String
  public var usage: TokenUsage
  public var finishReason: FinishReason?
  /// Answered from the log: nothing was sent, nothing paid.
  public var cached: Bool
  /// Tries it took, 1 when the first succeeded.
  public var attempts: Int
  public var durationMilliseconds: Int
  /// The row in the call log, when there is a log.
  public var callID: Int64?

  /// A response with these parts; the client builds one from the streamed events.
  public init(
    text: String = "", reasoning: String = "", usage: TokenUsage = TokenUsage(), finishReason: FinishReason? = nil,
    cached: Bool = false, attempts: Int = 1, durationMilliseconds: Int = 0, callID: Int64? = nil
  ) {
    self.text = text
    self.reasoning = reasoning
    self.usage = usage
    self.finishReason = finishReason
    self.cached = cached
    self.attempts = attempts
    self.durationMilliseconds = durationMilliseconds
    self.callID = callID
  }

  /// The answer stopped at the token limit.
  public var isTruncated: Bool { finishReason == .length }

  mutating func apply(_ event: ModelEvent) {
    switch event {
    case .text(let piece): text += piece
    case .reasoning(let piece): reasoning += piece
    case .usage(let counts): usage = usage.updated(with: counts)
    case .finish(let reason): finishReason = reason
    }
  }
}
