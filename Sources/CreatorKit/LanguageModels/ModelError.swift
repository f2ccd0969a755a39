import Foundation

/// A model call that failed, said so a user knows what happened and what to do. It never carries a key:
/// server messages are passed through `APIKey.redact` before they are stored here.
public struct ModelError: Error, Sendable, CustomStringConvertible {
  /// What went wrong, which decides whether to retry and the exit code.
  public enum Kind: String, Sendable {
    /// The server refused the key (401, 403).
    case authentication
    /// Unknown model or wrong base URL (404).
    case notFound
    /// The prompt does not fit the model's context.
    case contextTooLong
    /// 429, after the retries ran out.
    case rateLimited
    /// 5xx, after the retries ran out.
    case server
    /// Other 4xx: the request itself is wrong.
    case badRequest
    /// No connection to the server.
    case unreachable
    /// The server took the request and closed the connection without answering, as a crashing server does.
    /// Not sent again: the same request would likely crash it again.
    case serverClosed
    /// A connect, first-byte or whole-request timeout.
    case timeout
    /// The answer stopped in the middle.
    case interrupted
    /// The server answered with something that is not its protocol.
    case invalidResponse
    /// The model cannot do what the request needs (images, reasoning).
    case unsupported
    /// A structured answer that stayed invalid after one repair.
    case invalidStructuredOutput
    /// No model configured, or a configuration file that cannot be used.
    case configuration
    case cancelled
  }

  public var kind: Kind
  public var message: String
  public var advice: String?
  /// The HTTP status, when there was one.
  public var status: Int?
  /// Seconds the server asked to wait (`Retry-After`).
  public var retryAfter: Double?

  /// An error of `kind`, with what to do about it in `advice`.
  public init(_ kind: Kind, _ message: String, advice: String? = nil, status: Int? = nil, retryAfter: Double? = nil) {
    self.kind = kind
    self.message = message
    self.advice = advice
    self.status = status
    self.retryAfter = retryAfter
  }

  public var description: String {
    advice.map { "\(message); \($0)" } ?? message
  }

  /// Worth sending again: rate limits, server errors, lost connections, timeouts, cut streams.
  public var isTransient: Bool {
    switch kind {
    case .rateLimited, .server, .unreachable, .timeout, .interrupted: true
    default: false
    }
  }

  /// The error for an HTTP response that is not 2xx, from its status, headers and body.
  static func http(status: Int, headers: [String: String], body: Data, model: String, endpoint: String, key: APIKey?)
    -> ModelError
  {
    // Redacted before it is cut to one line: cut first, the start of a key could survive the cut.
    let serverMessage = Self.serverMessage(in: body, key: key)
    let said = serverMessage.isEmpty ? "HTTP \(status)" : "HTTP \(status): \(serverMessage)"
    let retryAfter = RetryPolicy.retryAfter(headers: headers)
    let lowered = serverMessage.lowercased()
    switch status {
    case 401, 403:
      return ModelError(
        .authentication, "\(endpoint) refused the key (\(said))",
        advice: "check the API key in the environment variable the model's configuration names", status: status)
    case 404:
      return ModelError(
        .notFound, "\(endpoint) does not know model '\(model)' or this path (\(said))",
        advice: "check the model name and the base URL (it usually ends in /v1)", status: status)
    case 413:
      return ModelError(
        .contextTooLong, "the request is too large for \(endpoint) (\(said))",
        advice: "send fewer or smaller images or less text", status: status)
    case 429:
      return ModelError(
        .rateLimited, "\(endpoint) is rate limiting requests (\(said))",
        advice: "wait and run again, or lower requests_per_minute in the configuration", status: status,
        retryAfter: retryAfter)
    case 500...599:
      return ModelError(
        .server, "\(endpoint) failed with a server error (\(said))",
        advice: "the server may be overloaded or down; try again later", status: status, retryAfter: retryAfter)
    default:
      if lowered.contains("context") || lowered.contains("too long")
        || lowered.contains("maximum") && lowered.contains("token")
      {
        return ModelError(
          .contextTooLong, "the prompt does not fit model '\(model)' (\(said))",
          advice: "shorten the prompt or choose a model with a longer context", status: status)
      }
      return ModelError(.badRequest, "\(endpoint) rejected the request (\(said))", status: status)
    }
  }

  /// The human part of an error body: OpenAI's and Anthropic's `error.message`, else the text itself. The key
  /// is taken out before the text is cut, so a cut through a key cannot leave its start behind.
  static func serverMessage(in body: Data, key: APIKey?) -> String {
    if let value = try? JSONValue.parse(body) {
      let message =
        value["error"]?["message"]?.stringValue ?? value["error"]?.stringValue ?? value["message"]?.stringValue
        ?? value["detail"]?.stringValue
      if let message { return oneLine(APIKey.maskingKeyLike(key.redact(message))) }
    }
    return oneLine(APIKey.maskingKeyLike(key.redact(String(decoding: body.prefix(64 << 10), as: UTF8.self))))
  }

  /// Server text on one line, at most 300 characters: error messages stay one line.
  static func oneLine(_ text: String) -> String {
    let words = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    return words.count > 300 ? String(words.prefix(299)) + "…" : words
  }
}
