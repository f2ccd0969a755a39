import CCurl
import Foundation

/// `HTTPTransport` over libcurl's multi interface, driven by one thread that sleeps in `curl_multi_poll`:
/// waiting for a slow model costs next to no CPU (Foundation's URLSession on Linux polled libcurl thousands
/// of times a second: 4.6 s of CPU to wait 5 s, see Benchmarks/README.md). Requests are handed to the thread
/// through a locked queue and `curl_multi_wakeup`; every libcurl call happens on that thread. Connections are
/// reused across requests.
public final class CurlTransport: HTTPTransport, @unchecked Sendable {
  public static let shared = CurlTransport()

  private let lock = NSLock()
  private var incoming: [CurlExchange] = []
  private var cancelled: [CurlExchange] = []
  private let multi: UnsafeMutableRawPointer

  /// A transport with its own libcurl multi handle and thread; `shared` serves the whole process.
  public init() {
    curl_global_init(Int(CURL_GLOBAL_DEFAULT))
    multi = curl_multi_init()!
    _ = ccurl_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, 64)
    let thread = Thread { [unowned self] in drive() }
    thread.name = "CreatorKit.curl"
    thread.start()
  }

  public func send(_ request: HTTPRequest) async throws -> HTTPStreamedResponse {
    let exchange = CurlExchange(request: request)
    return try await withTaskCancellationHandler {
      try await withCheckedThrowingContinuation {
        (continuation: CheckedContinuation<HTTPStreamedResponse, any Error>) in
        exchange.head = continuation
        lock.withLock { incoming.append(exchange) }
        curl_multi_wakeup(multi)
      }
    } onCancel: {
      cancel(exchange)
    }
  }

  /// Stops `exchange` on the driver thread; its caller sees `CancellationError`.
  fileprivate func cancel(_ exchange: CurlExchange) {
    lock.withLock { cancelled.append(exchange) }
    curl_multi_wakeup(multi)
  }

  /// The driver loop: take new and cancelled requests, let libcurl move bytes, finish completed transfers,
  /// then sleep until a socket is ready, a request arrives or the nearest first-byte deadline.
  private func drive() {
    var active: [UnsafeMutableRawPointer: CurlExchange] = [:]
    while true {
      let (added, stopped) = lock.withLock {
        defer {
          incoming.removeAll()
          cancelled.removeAll()
        }
        return (incoming, cancelled)
      }
      for exchange in added {
        if exchange.cancelledEarly {
          exchange.finish(CancellationError())
          continue
        }
        guard let easy = exchange.makeHandle(transport: self) else {
          exchange.finish(HTTPTransportError.connectionFailed("libcurl could not set up the request"))
          continue
        }
        active[easy] = exchange
        curl_multi_add_handle(multi, easy)
      }
      for exchange in stopped {
        guard let easy = exchange.easy, active.removeValue(forKey: easy) != nil else {
          exchange.cancelledEarly = true
          continue
        }
        curl_multi_remove_handle(multi, easy)
        exchange.finish(
          exchange.timeoutPhase.map { HTTPTransportError.timedOut($0, seconds: $1) } ?? CancellationError())
        exchange.release()
      }
      var running: Int32 = 0
      curl_multi_perform(multi, &running)
      var left: Int32 = 0
      while let message = curl_multi_info_read(multi, &left) {
        guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle,
          let exchange = active.removeValue(forKey: easy)
        else { continue }
        let code = message.pointee.data.result
        curl_multi_remove_handle(multi, easy)
        exchange.complete(code)
        exchange.release()
      }
      // First-byte deadlines are the one limit libcurl has no option for.
      let now = Date()
      var wait = 1000.0
      for exchange in active.values where !exchange.hasHead {
        let left = exchange.firstByteDeadline.timeIntervalSince(now)
        if left <= 0 {
          exchange.timeoutPhase = (.firstByte, exchange.request.timeouts.firstByte)
          lock.withLock { cancelled.append(exchange) }
          wait = 0
        } else {
          wait = min(wait, left * 1000)
        }
      }
      curl_multi_poll(multi, nil, 0, Int32(max(0, wait.rounded(.up))), nil)
    }
  }
}

/// One request on the driver thread: its easy handle, the caller waiting for the head, the body stream.
final class CurlExchange: @unchecked Sendable {
  let request: HTTPRequest
  var head: CheckedContinuation<HTTPStreamedResponse, any Error>?
  var easy: UnsafeMutableRawPointer?
  var hasHead = false
  var cancelledEarly = false
  var timeoutPhase: (HTTPTransportError.Phase, Double)?
  let firstByteDeadline: Date
  private var headerLines: [String] = []
  private var body: AsyncThrowingStream<Data, any Error>.Continuation?
  private var headerList: UnsafeMutablePointer<curl_slist>?
  private var requestBody: UnsafeMutablePointer<UInt8>?
  private var retained: Unmanaged<CurlExchange>?
  private weak var transport: CurlTransport?
  private var finished = false

  init(request: HTTPRequest) {
    self.request = request
    firstByteDeadline = Date().addingTimeInterval(request.timeouts.firstByte)
  }

  /// The easy handle for this request, or nil when libcurl cannot make one.
  func makeHandle(transport: CurlTransport) -> UnsafeMutableRawPointer? {
    guard let easy = curl_easy_init() else { return nil }
    self.easy = easy
    self.transport = transport
    let context = Unmanaged.passRetained(self)
    retained = context
    _ = request.url.absoluteString.withCString { ccurl_setopt_pointer(easy, CURLOPT_URL, $0) }
    _ = ccurl_setopt_long(easy, CURLOPT_NOSIGNAL, 1)
    _ = ccurl_setopt_long(easy, CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(request.timeouts.connect))
    _ = ccurl_setopt_long(easy, CURLOPT_TIMEOUT_MS, Self.milliseconds(request.timeouts.total))
    _ = ccurl_setopt_long(easy, CURLOPT_TCP_NODELAY, 1)
    _ = request.method.withCString { ccurl_setopt_pointer(easy, CURLOPT_CUSTOMREQUEST, $0) }
    if request.method == "POST" || !request.body.isEmpty {
      let bytes = UnsafeMutablePointer<UInt8>.allocate(capacity: max(1, request.body.count))
      request.body.copyBytes(to: bytes, count: request.body.count)
      requestBody = bytes
      _ = ccurl_setopt_long(easy, CURLOPT_POSTFIELDSIZE, request.body.count)
      _ = ccurl_setopt_pointer(easy, CURLOPT_POSTFIELDS, bytes)
    }
    // No `Expect: 100-continue` wait for large bodies.
    var list: UnsafeMutablePointer<curl_slist>? = curl_slist_append(nil, "Expect:")
    for header in request.headers { list = curl_slist_append(list, "\(header.name): \(header.value)") }
    headerList = list
    _ = ccurl_setopt_pointer(easy, CURLOPT_HTTPHEADER, list)
    let pointer = context.toOpaque()
    _ = ccurl_setopt_callback(easy, CURLOPT_HEADERFUNCTION) { data, size, count, context in
      guard let data, let context else { return 0 }
      let exchange = Unmanaged<CurlExchange>.fromOpaque(context).takeUnretainedValue()
      exchange.headerLine(String(decoding: UnsafeRawBufferPointer(start: data, count: size * count), as: UTF8.self))
      return size * count
    }
    _ = ccurl_setopt_pointer(easy, CURLOPT_HEADERDATA, pointer)
    _ = ccurl_setopt_callback(easy, CURLOPT_WRITEFUNCTION) { data, size, count, context in
      guard let data, let context else { return 0 }
      let exchange = Unmanaged<CurlExchange>.fromOpaque(context).takeUnretainedValue()
      exchange.received(Data(bytes: data, count: size * count))
      return size * count
    }
    _ = ccurl_setopt_pointer(easy, CURLOPT_WRITEDATA, pointer)
    return easy
  }

  private static func milliseconds(_ seconds: Double) -> Int {
    seconds.isFinite && seconds > 0 ? Int(min(seconds, 1e9) * 1000) : 0
  }

  private func headerLine(_ line: String) {
    let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
    if trimmed.hasPrefix("HTTP/") {
      headerLines = []  // a new response (after 100 Continue)
    } else if trimmed.isEmpty {
      guard let easy else { return }
      var status = 0
      _ = ccurl_info_long(easy, CURLINFO_RESPONSE_CODE, &status)
      if status >= 200 { deliverHead(status: status) }
    } else {
      headerLines.append(trimmed)
    }
  }

  private func deliverHead(status: Int) {
    guard !hasHead else { return }
    hasHead = true
    var headers: [String: String] = [:]
    for line in headerLines {
      guard let colon = line.firstIndex(of: ":") else { continue }
      headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }
    let (stream, continuation) = AsyncThrowingStream<Data, any Error>.makeStream()
    continuation.onTermination = { [weak self] termination in
      guard case .cancelled = termination, let self else { return }
      self.transport?.cancel(self)
    }
    body = continuation
    let waiting = head
    head = nil
    waiting?.resume(returning: HTTPStreamedResponse(status: status, headers: headers, body: stream))
  }

  private func received(_ data: Data) {
    if !hasHead, let easy {
      var status = 0
      _ = ccurl_info_long(easy, CURLINFO_RESPONSE_CODE, &status)
      deliverHead(status: status)
    }
    body?.yield(data)
  }

  /// The transfer ended with `code`.
  func complete(_ code: CURLcode) {
    if code == CURLE_OK {
      if !hasHead, let easy {
        var status = 0
        _ = ccurl_info_long(easy, CURLINFO_RESPONSE_CODE, &status)
        deliverHead(status: status)
      }
      finish(nil)
      return
    }
    let detail = String(cString: curl_easy_strerror(code))
    let error: HTTPTransportError
    switch code {
    case CURLE_GOT_NOTHING where !hasHead:
      error = .closedUnanswered
    case CURLE_OPERATION_TIMEDOUT:
      var connected = 0
      if let easy { _ = ccurl_info_long(easy, CURLINFO_CONNECT_TIME_T, &connected) }
      error =
        hasHead || connected > 0
        ? .timedOut(.total, seconds: request.timeouts.total)
        : .timedOut(.connect, seconds: request.timeouts.connect)
    default:
      error = hasHead ? .interrupted(detail) : .connectionFailed(detail)
    }
    finish(error)
  }

  /// Ends the exchange once: resumes a caller still waiting for the head, or ends the body stream.
  func finish(_ error: (any Error)?) {
    guard !finished else { return }
    finished = true
    if let head {
      self.head = nil
      head.resume(throwing: error ?? HTTPTransportError.connectionFailed("the server sent no response"))
    } else if let error {
      body?.finish(throwing: error)
    } else {
      body?.finish()
    }
    body = nil
  }

  /// Frees what libcurl held for this request, after it was removed from the multi handle.
  func release() {
    if let easy { curl_easy_cleanup(easy) }
    easy = nil
    curl_slist_free_all(headerList)
    headerList = nil
    requestBody?.deallocate()
    requestBody = nil
    retained?.release()
    retained = nil
  }
}
