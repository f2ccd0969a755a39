import Foundation

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// `HTTPTransport` over Foundation's URLSession (libcurl on Linux). Linux has no `URLSession.bytes(for:)`, so
/// a `URLSessionDataDelegate` routes each task's callbacks into its own exchange: the headers resume the
/// caller, the data chunks feed an async stream. One session serves every request, so connections are reused.
public final class URLSessionTransport: HTTPTransport, Sendable {
  public static let shared = URLSessionTransport()

  private let router: ExchangeRouter
  private let session: URLSession

  /// A transport with its own URLSession; `shared` serves the whole process.
  public init() {
    let configuration = URLSessionConfiguration.ephemeral
    configuration.httpMaximumConnectionsPerHost = 64
    configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
    configuration.urlCache = nil
    router = ExchangeRouter()
    session = URLSession(configuration: configuration, delegate: router, delegateQueue: nil)
  }

  deinit { session.invalidateAndCancel() }

  public func send(_ request: HTTPRequest) async throws -> HTTPStreamedResponse {
    var urlRequest = URLRequest(url: request.url)
    urlRequest.httpMethod = request.method
    for header in request.headers { urlRequest.setValue(header.value, forHTTPHeaderField: header.name) }
    if !request.body.isEmpty { urlRequest.httpBody = request.body }
    // libcurl's idle timer: no byte moving for this long. It must not fire while a model thinks before its
    // first byte, so it is the first-byte limit; the connect and total limits are the watchdogs below.
    urlRequest.timeoutInterval = max(request.timeouts.firstByte, request.timeouts.connect)
    let task = session.dataTask(with: urlRequest)
    let exchange = Exchange(task: task)
    router.add(exchange, for: task.taskIdentifier)
    return try await withTaskCancellationHandler {
      try await withCheckedThrowingContinuation {
        (continuation: CheckedContinuation<HTTPStreamedResponse, any Error>) in
        exchange.start(continuation, timeouts: request.timeouts)
        task.resume()
      }
    } onCancel: {
      exchange.cancel(because: .cancelled)
    }
  }
}

/// Routes URLSession delegate callbacks to the exchange of each task.
private final class ExchangeRouter: NSObject, URLSessionDataDelegate, @unchecked Sendable {
  private let lock = NSLock()
  private var exchanges: [Int: Exchange] = [:]

  func add(_ exchange: Exchange, for id: Int) {
    lock.withLock { exchanges[id] = exchange }
  }

  private func exchange(_ id: Int, remove: Bool = false) -> Exchange? {
    lock.withLock { remove ? exchanges.removeValue(forKey: id) : exchanges[id] }
  }

  func urlSession(
    _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
    completionHandler: @escaping @Sendable (URLSession.ResponseDisposition) -> Void
  ) {
    exchange(dataTask.taskIdentifier)?.received(response)
    completionHandler(.allow)
  }

  func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
    exchange(dataTask.taskIdentifier)?.received(data)
  }

  func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
    exchange(task.taskIdentifier, remove: true)?.completed(error)
  }
}

/// One request's state: waiting for headers, streaming the body, or done.
private final class Exchange: @unchecked Sendable {
  enum CancelReason: Equatable {
    case cancelled
    case timedOut(HTTPTransportError.Phase, Double)
  }

  private let lock = NSLock()
  private let task: URLSessionDataTask
  private var head: CheckedContinuation<HTTPStreamedResponse, any Error>?
  private var body: AsyncThrowingStream<Data, any Error>.Continuation?
  private var headReceived = false
  private var finished = false
  private var cancelReason: CancelReason?
  private var watchdogs: [DispatchWorkItem] = []

  init(task: URLSessionDataTask) { self.task = task }

  /// Timeouts fire on a queue of their own, so a busy global pool cannot hold them back.
  private static let watchdogQueue = DispatchQueue(label: "CreatorKit.HTTP.watchdog", qos: .userInitiated)

  func start(_ continuation: CheckedContinuation<HTTPStreamedResponse, any Error>, timeouts: RequestTimeouts) {
    let alreadyCancelled = lock.withLock {
      head = continuation
      return cancelReason != nil
    }
    if alreadyCancelled {
      completed(URLError(.cancelled))
      return
    }
    let task = self.task
    schedule(after: timeouts.connect) { [weak self] in
      // Nothing sent yet: the connection never came up.
      if task.countOfBytesSent == 0, self?.hasHead == false {
        self?.cancel(because: .timedOut(.connect, timeouts.connect))
      }
    }
    schedule(after: timeouts.firstByte) { [weak self] in
      if self?.hasHead == false { self?.cancel(because: .timedOut(.firstByte, timeouts.firstByte)) }
    }
    schedule(after: timeouts.total) { [weak self] in
      self?.cancel(because: .timedOut(.total, timeouts.total))
    }
  }

  private var hasHead: Bool { lock.withLock { headReceived } }

  private func schedule(after seconds: Double, _ body: @escaping @Sendable () -> Void) {
    let item = DispatchWorkItem(block: body)
    lock.withLock { watchdogs.append(item) }
    Self.watchdogQueue.asyncAfter(deadline: .now() + seconds, execute: item)
  }

  func cancel(because reason: CancelReason) {
    let shouldCancel = lock.withLock {
      guard !finished, cancelReason == nil else { return false }
      cancelReason = reason
      return true
    }
    if shouldCancel { task.cancel() }
  }

  func received(_ response: URLResponse) {
    let http = response as? HTTPURLResponse
    var headers: [String: String] = [:]
    for (name, value) in http?.allHeaderFields ?? [:] {
      headers[String(describing: name).lowercased()] = String(describing: value)
    }
    let (stream, continuation) = AsyncThrowingStream<Data, any Error>.makeStream()
    continuation.onTermination = { [weak self] termination in
      if case .cancelled = termination { self?.cancel(because: .cancelled) }
    }
    let waiting: CheckedContinuation<HTTPStreamedResponse, any Error>? = lock.withLock {
      headReceived = true
      body = continuation
      defer { head = nil }
      return head
    }
    waiting?.resume(returning: HTTPStreamedResponse(status: http?.statusCode ?? 0, headers: headers, body: stream))
  }

  func received(_ data: Data) {
    let continuation = lock.withLock { body }
    continuation?.yield(data)
  }

  func completed(_ error: (any Error)?) {
    let (waiting, continuation, reason, items) = lock.withLock {
      finished = true
      defer {
        head = nil
        body = nil
        watchdogs = []
      }
      return (head, body, cancelReason, watchdogs)
    }
    for item in items { item.cancel() }
    let failure: (any Error)? = error.map { Self.mapped($0, reason: reason, afterHead: waiting == nil) }
    if let waiting {
      waiting.resume(throwing: failure ?? HTTPTransportError.connectionFailed("the server sent no response"))
    } else if let failure {
      continuation?.finish(throwing: failure)
    } else {
      continuation?.finish()
    }
  }

  private static func mapped(_ error: any Error, reason: CancelReason?, afterHead: Bool) -> any Error {
    switch reason {
    case .cancelled: return CancellationError()
    case .timedOut(let phase, let seconds): return HTTPTransportError.timedOut(phase, seconds: seconds)
    case nil: break
    }
    let urlError = error as? URLError
    if urlError?.code == .timedOut {
      return afterHead
        ? HTTPTransportError.interrupted("the stream stalled: no data arrived for too long")
        : HTTPTransportError.timedOut(.firstByte, seconds: 0)
    }
    // libcurl's "Empty reply from server": the request went out and the connection closed unanswered.
    if !afterHead,
      urlError?.code == .networkConnectionLost
        || urlError?.code == .badServerResponse && urlError?.localizedDescription.contains("Empty reply") == true
    {
      return HTTPTransportError.closedUnanswered
    }
    let text = urlError.map { "\($0.localizedDescription) (URLError \($0.code.rawValue))" } ?? "\(error)"
    return afterHead ? HTTPTransportError.interrupted(text) : HTTPTransportError.connectionFailed(text)
  }
}
