import CreatorKit
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A real HTTP/1.1 server on loopback that plays scripted replies: a status, headers, a body in timed chunks,
/// a slow first byte, a connection cut in the middle. Each request gets a fresh connection (`Connection:
/// close`), is recorded, and is answered by `reply(request, index)`.
final class StubServer: @unchecked Sendable {
  struct Request: Sendable {
    var method: String
    var path: String
    /// Header names in lower case.
    var headers: [String: String]
    var body: Data

    var json: JSONValue? { try? JSONValue.parse(body) }
  }

  struct Reply: Sendable {
    var status: Int = 200
    var headers: [(String, String)] = []
    /// Body pieces, each after its delay in seconds; sent with chunked transfer coding.
    var chunks: [(delay: Double, bytes: Data)] = []
    /// Seconds before the status line.
    var delayBeforeHead: Double = 0
    /// Close the connection after the chunks without the final empty chunk.
    var cut = false
    /// Read the request, then close the connection without a byte of answer, as a server that crashed.
    var closeUnanswered = false

    static let crash = Reply(closeUnanswered: true)

    static func json(_ text: String, status: Int = 200, headers: [(String, String)] = []) -> Reply {
      Reply(
        status: status, headers: [("Content-Type", "application/json")] + headers, chunks: [(0, Data(text.utf8))])
    }

    /// Server-sent events, one chunk per piece.
    static func events(_ pieces: [String], delay: Double = 0, cut: Bool = false) -> Reply {
      Reply(
        headers: [("Content-Type", "text/event-stream")], chunks: pieces.map { (delay, Data($0.utf8)) }, cut: cut)
    }
  }

  let port: Int
  private let socket: Int32
  private let reply: @Sendable (Request, Int) -> Reply
  private let lock = NSLock()
  private var recorded: [Request] = []
  private var stopped = false
  private var active = 0
  private var mostActive = 0

  /// The most requests the server was answering at one time.
  var peakConcurrency: Int { lock.withLock { mostActive } }

  var baseURL: URL { URL(string: "http://127.0.0.1:\(port)/v1")! }
  var root: URL { URL(string: "http://127.0.0.1:\(port)")! }

  var requests: [Request] { lock.withLock { recorded } }

  /// Plays `replies` in order, repeating the last.
  convenience init(_ replies: [Reply]) throws {
    try self.init { _, index in replies[min(index, replies.count - 1)] }
  }

  init(reply: @escaping @Sendable (Request, Int) -> Reply) throws {
    self.reply = reply
    let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    self.socket = socket
    var yes: Int32 = 1
    setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard bound == 0, listen(socket, 64) == 0 else { throw StubError.cannotListen }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) }
    }
    port = Int(UInt16(bigEndian: address.sin_port))
    let thread = Thread { [self] in acceptLoop() }
    thread.start()
  }

  deinit { stop() }

  func stop() {
    let first = lock.withLock {
      defer { stopped = true }
      return !stopped
    }
    if first {
      shutdown(socket, Int32(SHUT_RDWR))
      close(socket)
    }
  }

  private func acceptLoop() {
    while true {
      let connection = accept(socket, nil, nil)
      if connection < 0 { return }
      let thread = Thread { [self] in serve(connection) }
      thread.start()
    }
  }

  private func serve(_ connection: Int32) {
    defer { close(connection) }
    guard let request = readRequest(connection) else { return }
    let index = lock.withLock {
      recorded.append(request)
      active += 1
      mostActive = max(mostActive, active)
      return recorded.count - 1
    }
    // The request stops counting as active before its last piece is written: the client can only finish (and
    // send its next request) after that, so the peak seen here is the client's real concurrency.
    var counted = true
    func finish() {
      if counted { lock.withLock { active -= 1 } }
      counted = false
    }
    defer { finish() }
    let reply = reply(request, index)
    if reply.delayBeforeHead > 0 { Thread.sleep(forTimeInterval: reply.delayBeforeHead) }
    if reply.closeUnanswered { return }
    var head = "HTTP/1.1 \(reply.status) Stub\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n"
    for (name, value) in reply.headers { head += "\(name): \(value)\r\n" }
    head += "\r\n"
    guard write(connection, Data(head.utf8)) else { return }
    for (position, chunk) in reply.chunks.enumerated() {
      if chunk.delay > 0 { Thread.sleep(forTimeInterval: chunk.delay) }
      if position == reply.chunks.count - 1 { finish() }
      guard !chunk.bytes.isEmpty else { continue }
      let framed = Data(String(chunk.bytes.count, radix: 16).utf8) + Data("\r\n".utf8) + chunk.bytes + Data("\r\n".utf8)
      guard write(connection, framed) else { return }
    }
    finish()
    if !reply.cut { _ = write(connection, Data("0\r\n\r\n".utf8)) }
  }

  private func write(_ connection: Int32, _ data: Data) -> Bool {
    data.withUnsafeBytes { buffer in
      var offset = 0
      while offset < buffer.count {
        let sent = send(connection, buffer.baseAddress! + offset, buffer.count - offset, Int32(MSG_NOSIGNAL))
        if sent <= 0 { return false }
        offset += sent
      }
      return true
    }
  }

  private func readRequest(_ connection: Int32) -> Request? {
    var buffer = [UInt8]()
    var chunk = [UInt8](repeating: 0, count: 65536)
    var headEnd: Int?
    while headEnd == nil {
      let count = recv(connection, &chunk, chunk.count, 0)
      if count <= 0 { return nil }
      buffer.append(contentsOf: chunk[0..<count])
      if let range = buffer.firstRange(of: Array("\r\n\r\n".utf8)) { headEnd = range.upperBound }
    }
    let headText = String(decoding: buffer[0..<headEnd!], as: UTF8.self)
    var lines = headText.components(separatedBy: "\r\n")
    let requestLine = lines.removeFirst().split(separator: " ")
    var headers: [String: String] = [:]
    for line in lines {
      guard let colon = line.firstIndex(of: ":") else { continue }
      headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }
    let length = Int(headers["content-length"] ?? "0") ?? 0
    while buffer.count - headEnd! < length {
      let count = recv(connection, &chunk, chunk.count, 0)
      if count <= 0 { return nil }
      buffer.append(contentsOf: chunk[0..<count])
    }
    return Request(
      method: String(requestLine.first ?? ""), path: String(requestLine.dropFirst().first ?? ""), headers: headers,
      body: Data(buffer[headEnd!..<(headEnd! + length)]))
  }

  enum StubError: Error { case cannotListen }
}
