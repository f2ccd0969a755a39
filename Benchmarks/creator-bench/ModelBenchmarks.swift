import CreatorKit
import Foundation

// Model-layer benchmarks.
//
//   creator-bench sse [MEGABYTES]            SSE parser throughput on an OpenAI-style stream held in memory
//   creator-bench llm-overhead URL [N]       ModelClient vs curl, the same request to the same server

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
