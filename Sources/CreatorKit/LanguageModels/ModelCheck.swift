import Foundation

/// `creator models --check`: one tiny request to each model, to tell a working set-up from a wrong key, a
/// wrong URL or a server that is down.
public struct ModelCheck: Sendable, Equatable {
  public var alias: String
  public var reachable: Bool
  public var milliseconds: Int
  /// The answer's start, or the error.
  public var detail: String

  /// Checks every spec at once; each is logged like any call, never answered from the cache.
  public static func run(_ specs: [ModelSpec], store: PostStore?, gate: RequestGate = .shared) async -> [ModelCheck] {
    await withTaskGroup(of: (Int, ModelCheck).self) { group in
      for (index, spec) in specs.enumerated() {
        group.addTask { (index, await check(spec, store: store, gate: gate)) }
      }
      var results: [(Int, ModelCheck)] = []
      for await result in group { results.append(result) }
      return results.sorted { $0.0 < $1.0 }.map(\.1)
    }
  }

  static func check(_ spec: ModelSpec, store: PostStore?, gate: RequestGate) async -> ModelCheck {
    let start = Date()
    func elapsed() -> Int { Int(Date().timeIntervalSince(start) * 1000) }
    do {
      var quick = spec
      // Quick limits for a check, but never longer than the model's own.
      quick.timeouts = RequestTimeouts(
        connect: min(spec.timeouts.connect, 5), firstByte: min(spec.timeouts.firstByte, 60),
        total: min(spec.timeouts.total, 90))
      let client = ModelClient(
        model: try quick.makeModel(), store: store, gate: gate, retry: .none, usesCache: false,
        callLimit: quick.timeouts.total)
      let response = try await client.respond(
        to: ModelRequest(
          messages: [.user("Reply with the single word OK.")], options: ModelOptions(temperature: 0, maxTokens: 8),
          stream: false))
      let answer = response.text.trimmingCharacters(in: .whitespacesAndNewlines).prefix(40)
      return ModelCheck(alias: spec.alias, reachable: true, milliseconds: elapsed(), detail: "answered \"\(answer)\"")
    } catch {
      return ModelCheck(alias: spec.alias, reachable: false, milliseconds: elapsed(), detail: "\(error)")
    }
  }
}
