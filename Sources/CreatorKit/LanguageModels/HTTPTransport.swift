import Foundation

/// How long a request may take, phase by phase.
public struct RequestTimeouts: Sendable, Equatable {
  /// Until the request is on the wire: a server that does not accept the connection.
  public var connect: Double
  /// Until the response's status line and headers arrive: a server that accepted but does not answer.
  public var firstByte: Double
  /// The whole exchange, body included.
  public var total: Double

  /// Timeouts in seconds per phase.
  public init(connect: Double = 10, firstByte: Double = 120, total: Double = 600) {
    self.connect = connect
    self.firstByte = firstByte
    self.total = total
  }
}

/// One HTTP request with a body.
public struct HTTPRequest: Sendable {
  public var url: URL
  public var method: String
  public var headers: [(name: String, value: String)]
  public var body: Data
  public var timeouts: RequestTimeouts

  /// A request; POST with no headers or body unless given.
  public init(
    url: URL, method: String = "POST", headers: [(name: String, value: String)] = [], body: Data = Data(),
    timeouts: RequestTimeouts = RequestTimeouts()
  ) {
    self.url = url
    self.method = method
    self.headers = headers
    self.body = body
    self.timeouts = timeouts
  }
}

/// A response whose body is still arriving.
public struct HTTPStreamedResponse: Sendable {
  public var status: Int
  /// Header names in lower case.
  public var headers: [String: String]
  /// The body in the chunks the network delivered. Ends with an `HTTPTransportError` when the connection
  /// breaks or a timeout fires.
  public var body: AsyncThrowingStream<Data, any Error>

  /// A response whose `body` streams.
  public init(status: Int, headers: [String: String], body: AsyncThrowingStream<Data, any Error>) {
    self.status = status
    self.headers = headers
    self.body = body
  }

  /// The body is one JSON document rather than an event stream.
  public var isJSON: Bool { headers["content-type"]?.lowercased().contains("json") == true }

  /// The whole body, for error responses and non-streaming answers.
  public func collectBody(limit: Int = 64 << 20) async throws -> Data {
    var data = Data()
    for try await chunk in body {
      data.append(chunk)
      if data.count > limit { break }
    }
    return data
  }
}

/// Why a request failed below HTTP.
public enum HTTPTransportError: Error, Sendable, Equatable {
  /// Which timeout fired.
  public enum Phase: String, Sendable {
    case connect, firstByte = "first byte", total = "whole request"
  }
  case timedOut(Phase, seconds: Double)
  case connectionFailed(String)
  /// The server took the request and closed the connection without a byte of answer: it usually crashed.
  case closedUnanswered
  /// The connection closed before the body was complete.
  case interrupted(String)
}

/// Sends HTTP requests and streams their responses. `CurlTransport` is the default, `URLSessionTransport` the
/// one before it; the protocol keeps another client (async-http-client, a test double) a swap away.
public protocol HTTPTransport: Sendable {
  /// Returns once the status and headers are in; the body streams after. Task cancellation cancels the
  /// request and throws `CancellationError`.
  func send(_ request: HTTPRequest) async throws -> HTTPStreamedResponse
}
