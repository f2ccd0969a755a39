import CreatorKit
import Foundation

// Model-layer benchmarks.
//
//   creator-bench sse [MEGABYTES]            SSE parser throughput on an OpenAI-style stream held in memory
//   creator-bench llm-overhead URL [N]       ModelClient vs curl, the same request to the same server
//   creator-bench wait-cpu SECONDS [curl|urlsession]   CPU time spent while a loopback server takes SECONDS
//   creator-bench stream MEGABYTES [curl|urlsession]   a streamed answer of MEGABYTES through ModelClient

/// Seconds in a `Duration`.
func seconds(_ duration: Duration) -> Double {
  Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

/// Parses `megabytes` of chat-completion chunks fed in 16 KiB pieces, alone and with each event's JSON
/// decoded the way the OpenAI-compatible provider does.
func benchmarkServerSentEvents(megabytes: Int) throws {
  var event = ""
  var stream: [UInt8] = []
  var index = 0
  while stream.count < megabytes * 1_000_000 {
    index += 1
    event =
      "data: {\"id\":\"chatcmpl-\(index % 97)\",\"object\":\"chat.completion.chunk\",\"created\":1795776112,"
      + "\"model\":\"stories260K\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\" word\(index % 13)\"},"
      + "\"logprobs\":null,\"finish_reason\":null}]}\n\n"
    stream.append(contentsOf: event.utf8)
  }
  let size = Double(stream.count) / 1_000_000
  let clock = ContinuousClock()
  for decode in [false, true] {
    var best = Double.infinity
    var count = 0
    var characters = 0
    for _ in 0..<3 {
      var parser = ServerSentEventParser()
      count = 0
      characters = 0
      let elapsed = try clock.measure {
        var offset = 0
        while offset < stream.count {
          let end = min(offset + 16_384, stream.count)
          var failure: (any Error)?
          parser.feed(stream[offset..<end]) { event in
            count += 1
            guard decode else { return }
            do {
              let json = try JSONValue.parse(event.data)
              characters += json["choices"]?.arrayValue?.first?["delta"]?["content"]?.stringValue?.count ?? 0
            } catch { failure = error }
          }
          if let failure { throw failure }
          offset = end
        }
      }
      best = min(best, seconds(elapsed))
    }
    print(
      String(
        format: "%@: %.0f MB, %d events in %.3f s: %.0f MB/s (best of 3)",
        decode ? "SSE parser + JSON decode of every event" : "SSE parser alone", size, count, best, size / best))
  }
}

/// Sends the same one-token request `count` times through `ModelClient` (log in a fresh store, cache off)
/// and through `curl` (its own `time_total`, so process start-up is left out), interleaved, and prints the
/// medians and their difference: the client's own overhead.
func benchmarkClientOverhead(baseURL: URL, count: Int) async throws {
  let database = NSTemporaryDirectory() + "creator-bench-llm-\(UUID().uuidString).sqlite"
  defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: database + suffix) } }
  let store = try PostStore(path: database)
  let model = OpenAICompatibleModel(name: "stories260K", baseURL: baseURL)
  let logged = ModelClient(model: model, store: store, gate: RequestGate(), retry: .none, usesCache: false)
  let unlogged = ModelClient(model: model, store: nil, gate: RequestGate(), retry: .none, usesCache: false)
  let request = ModelRequest(
    messages: [.user("Once upon a time")], options: ModelOptions(temperature: 0, maxTokens: 1, seed: 1), stream: false)
  let body = OpenAICompatibleModel(name: "stories260K", baseURL: baseURL).body(for: request).jsonText
  let clock = ContinuousClock()
  var ours: [Double] = []
  var withoutLog: [Double] = []
  var curl: [Double] = []
  _ = try await logged.respond(to: request)  // warm the server and the connection
  for _ in 0..<count {
    ours.append(seconds(try await clock.measure { _ = try await logged.respond(to: request) }))
    withoutLog.append(seconds(try await clock.measure { _ = try await unlogged.respond(to: request) }))
    curl.append(try curlTime(url: baseURL.appendingPathComponent("chat/completions"), body: body))
  }
  func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] * 1000 }
  print(String(format: "curl (time_total):              median %.2f ms over %d requests", median(curl), count))
  print(String(format: "ModelClient, call logged:       median %.2f ms", median(ours)))
  print(String(format: "ModelClient, no log:            median %.2f ms", median(withoutLog)))
  print(
    String(
      format: "client overhead: %.2f ms with the log, %.2f ms without", median(ours) - median(curl),
      median(withoutLog) - median(curl)))
}

private func curlTime(url: URL, body: String) throws -> Double {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
  process.arguments = [
    "curl", "-s", "-o", "/dev/null", "-w", "%{time_total}", "-H", "Content-Type: application/json", "-d", body,
    url.absoluteString,
  ]
  let output = Pipe()
  process.standardOutput = output
  try process.run()
  let data = output.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return Double(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespaces)) ?? .nan
}

/// CPU time (user + system, this process) spent by `ModelClient` while a loopback server waits `delay` seconds
/// before its headers, then streams a short answer: what waiting for a slow model costs. The server is a thread
/// of this process that sleeps in `accept`, `recv` and `sleep`, so nearly all the CPU counted is the client's.
func benchmarkWaitingCPU(delay: Double, transport: any HTTPTransport) async throws {
  let events =
    "data: {\"choices\":[{\"delta\":{\"content\":\"Once\"}}]}\n\n"
    + "data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n"
  let (used, wall, text) = try await timedCall(delay: delay, events: Data(events.utf8), transport: transport)
  print(
    String(
      format: "\(type(of: transport)): waited %.2f s for a %.1f s server (answer %@): %.3f s CPU, %.1f%% of wall time",
      wall, delay, text, used, used / wall * 100))
}

/// A streamed answer of `megabytes` (chat-completion chunks of about 60 bytes) through `ModelClient`, best of
/// three: the transport's throughput with the SSE parser and JSON decoding it feeds.
func benchmarkStreamThroughput(megabytes: Int, transport: any HTTPTransport) async throws {
  let chunk = "data: {\"choices\":[{\"delta\":{\"content\":\"word \"}}]}\n\n"
  var events = Data()
  while events.count < megabytes * 1_000_000 { events.append(contentsOf: chunk.utf8) }
  events.append(contentsOf: "data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n".utf8)
  var best = Double.infinity
  var cpuOfBest = 0.0
  for _ in 0..<3 {
    let (used, wall, _) = try await timedCall(delay: 0, events: events, transport: transport)
    if wall < best { (best, cpuOfBest) = (wall, used) }
  }
  print(
    String(
      format: "\(type(of: transport)): %d MB streamed in %.3f s (%.1f MB/s), %.3f s CPU", megabytes, best,
      Double(events.count) / 1e6 / best, cpuOfBest))
}

/// One call through `ModelClient` to a loopback server that waits `delay` seconds, then sends `events`:
/// CPU seconds, wall seconds and the answer's start.
private func timedCall(delay: Double, events: Data, transport: any HTTPTransport) async throws
  -> (cpu: Double, wall: Double, text: String)
{
  let server = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
  var address = sockaddr_in()
  address.sin_family = sa_family_t(AF_INET)
  address.sin_addr.s_addr = inet_addr("127.0.0.1")
  var length = socklen_t(MemoryLayout<sockaddr_in>.size)
  _ = withUnsafeMutablePointer(to: &address) {
    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
      bind(server, pointer, length)
      listen(server, 8)
      return getsockname(server, pointer, &length)
    }
  }
  let port = UInt16(bigEndian: address.sin_port)
  let thread = Thread {
    let connection = accept(server, nil, nil)
    var buffer = [UInt8](repeating: 0, count: 65536)
    _ = recv(connection, &buffer, buffer.count, 0)
    if delay > 0 { Thread.sleep(forTimeInterval: delay) }
    let reply =
      Data(
        ("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nContent-Length: \(events.count)\r\n"
          + "Connection: close\r\n\r\n").utf8) + events
    reply.withUnsafeBytes { buffer in
      var offset = 0
      while offset < buffer.count {
        let sent = send(connection, buffer.baseAddress! + offset, buffer.count - offset, Int32(MSG_NOSIGNAL))
        if sent <= 0 { break }
        offset += sent
      }
    }
    // Read what the client still sends before closing, or the close resets the connection.
    shutdown(connection, Int32(SHUT_WR))
    while recv(connection, &buffer, buffer.count, 0) > 0 {}
    close(connection)
  }
  thread.start()
  defer { close(server) }
  let model = OpenAICompatibleModel(
    name: "slow", baseURL: URL(string: "http://127.0.0.1:\(port)/v1")!, transport: transport)
  let client = ModelClient(model: model, store: nil, gate: RequestGate(), retry: .none, usesCache: false)
  func cpu() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
      + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
  }
  let cpuBefore = cpu()
  let clock = ContinuousClock()
  var text = ""
  let wall = seconds(
    try await clock.measure { text = try await client.respond(to: ModelRequest(messages: [.user("hi")])).text })
  return (cpu() - cpuBefore, wall, String(text.prefix(12)))
}
