import Foundation

/// What both wire protocols share: post JSON, turn a non-2xx status into a `ModelError` that says what to
/// do, read server-sent events or one JSON body, and map transport failures.
struct ProviderConnection: Sendable {
  var transport: any HTTPTransport
  var endpoint: String
  var model: String
  var key: APIKey?
  var timeouts: RequestTimeouts

  /// Posts `body` to `url`; returns the response only when its status is 2xx.
  func post(_ url: URL, headers: [(name: String, value: String)], body: JSONValue, stream: Bool) async throws
    -> HTTPStreamedResponse
  {
    let request = HTTPRequest(
      url: url, method: "POST",
      headers: [("Content-Type", "application/json"), ("Accept", stream ? "text/event-stream" : "application/json")]
        + headers,
      body: body.jsonData, timeouts: timeouts)
    let response: HTTPStreamedResponse
    do { response = try await transport.send(request) } catch { throw mapped(error) }
    guard (200..<300).contains(response.status) else {
      let data = (try? await response.collectBody(limit: 1 << 20)) ?? Data()
      throw ModelError.http(
        status: response.status, headers: response.headers, body: data, model: model, endpoint: endpoint, key: key)
    }
    return response
  }

  /// The body parsed as one JSON document.
  func json(of response: HTTPStreamedResponse) async throws -> JSONValue {
    let data: Data
    do { data = try await response.collectBody() } catch { throw mapped(error) }
    do { return try JSONValue.parse(data) } catch {
      throw ModelError(
        .invalidResponse, "\(endpoint) answered with something that is not JSON (\(error.message) at \(error.place))",
        advice: "check that the base URL points at the API, not a web page")
    }
  }

  /// Calls `handle` for each server-sent event until it returns false or the body ends.
  func forEachEvent(of response: HTTPStreamedResponse, _ handle: (ServerSentEvent) throws -> Bool) async throws {
    var parser = ServerSentEventParser()
    do {
      for try await chunk in response.body {
        var keepGoing = true
        var failure: (any Error)?
        parser.feed(chunk) { event in
          guard keepGoing, failure == nil else { return }
          do { keepGoing = try handle(event) } catch { failure = error }
        }
        if let failure { throw failure }
        if !keepGoing { return }
      }
    } catch let error as ModelError {
      throw error
    } catch {
      throw mapped(error)
    }
  }

  /// A stream event's data parsed as JSON.
  func eventJSON(_ event: ServerSentEvent) throws -> JSONValue {
    do { return try JSONValue.parse(event.data) } catch {
      throw ModelError(
        .invalidResponse,
        "\(endpoint) sent a stream event that is not JSON (\(error.message)): \(quote(event.data, limit: 120))")
    }
  }

  /// Transport errors and cancellation, said for a user.
  func mapped(_ error: any Error) -> any Error {
    switch error {
    case is CancellationError, is ModelError: return error
    case HTTPTransportError.timedOut(let phase, let seconds):
      let limit = seconds > 0 ? "within \(seconds.formatted(.number.precision(.fractionLength(0...1)))) s" : "in time"
      switch phase {
      case .connect:
        return ModelError(
          .timeout, "could not connect to \(endpoint) \(limit)", advice: "is the server running and the base URL right?"
        )
      case .firstByte:
        return ModelError(
          .timeout, "\(endpoint) sent no response \(limit)",
          advice: "the server may be overloaded or the model still loading; raise timeouts.first_byte if it is slow")
      case .total:
        return ModelError(
          .timeout, "\(endpoint) did not finish the answer \(limit)",
          advice: "ask for fewer tokens or raise timeouts.total")
      }
    case HTTPTransportError.connectionFailed(let detail):
      return ModelError(
        .unreachable, "cannot reach \(endpoint): \(key.redact(detail))",
        advice: "is the server running and the base URL right?")
    case HTTPTransportError.closedUnanswered:
      return ModelError(
        .serverClosed, "\(endpoint) sent no answer: the server closed the connection: it may have crashed",
        advice: "see its log; the request is not sent again, as it may crash the server again")
    case HTTPTransportError.interrupted(let detail):
      return ModelError(.interrupted, "\(endpoint) stopped the answer in the middle: \(key.redact(detail))")
    default:
      return ModelError(.unreachable, "request to \(endpoint) failed: \(key.redact("\(error)"))")
    }
  }

  /// Runs `body` in a task whose events become an async stream; ending the stream cancels the task. This is
  /// where answers leave the provider: the key is taken out of their text and reasoning here (a server may
  /// echo it in a 200 answer), so nothing after, printed, logged or cached, ever holds it.
  func eventStream(_ body: @escaping @Sendable (_ emit: (ModelEvent) -> Void) async throws -> Void)
    -> AsyncThrowingStream<ModelEvent, any Error>
  {
    let key = key
    return AsyncThrowingStream { continuation in
      let task = Task {
        var text = StreamRedactor(key: key)
        var reasoning = StreamRedactor(key: key)
        func flush() {
          let heldText = text.flush()
          if !heldText.isEmpty { continuation.yield(.text(heldText)) }
          let heldReasoning = reasoning.flush()
          if !heldReasoning.isEmpty { continuation.yield(.reasoning(heldReasoning)) }
        }
        do {
          try await body { event in
            switch event {
            case .text(let piece):
              let safe = text.feed(piece)
              if !safe.isEmpty { continuation.yield(.text(safe)) }
            case .reasoning(let piece):
              let safe = reasoning.feed(piece)
              if !safe.isEmpty { continuation.yield(.reasoning(safe)) }
            case .usage, .finish:
              flush()
              continuation.yield(event)
            }
          }
          flush()
          continuation.finish()
        } catch var error as ModelError {
          flush()
          error.message = key.redact(error.message)
          continuation.finish(throwing: error)
        } catch {
          flush()
          continuation.finish(throwing: error)
        }
      }
      continuation.onTermination = { _ in task.cancel() }
    }
  }

  /// Server text quoted in an error: the key taken out first, then cut to `limit` characters, so a cut can
  /// never leave part of a key behind.
  func quote(_ text: String, limit: Int) -> String {
    String(key.redact(text).prefix(limit))
  }
}
