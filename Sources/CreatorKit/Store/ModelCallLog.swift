import Foundation

/// One model request as the log keeps it: what was asked (images by hash), what came back, what it cost in
/// tokens and time, and how it ended. Keys are never part of it.
public struct ModelCall: Sendable, Equatable {
  /// How a call ended.
  public enum Status: String, Sendable {
    /// Answered by the server.
    case ok
    /// Failed after its retries.
    case error
    /// Answered from an earlier identical call, nothing sent.
    case cached
    /// Stopped by the user (Ctrl-C).
    case cancelled
  }

  public var id: Int64?
  public var startedAt: Date
  public var provider: String
  public var endpoint: String
  public var model: String
  /// `ModelRequest.loggedMessages` as JSON text.
  public var messages: String
  /// `ModelOptions.json` as JSON text.
  public var options: String
  public var streamed: Bool
  public var cacheKey: String
  public var status: Status
  public var response: String?
  public var reasoning: String?
  public var finishReason: String?
  public var inputTokens: Int?
  public var outputTokens: Int?
  public var durationMilliseconds: Int
  public var attempts: Int
  public var httpStatus: Int?
  public var error: String?
  /// For a cached answer: the call it came from.
  public var cachedFrom: Int64?

  /// The last user message's text, for one-line listings.
  public var prompt: String {
    guard let value = try? JSONValue.parse(messages), let items = value.arrayValue else { return "" }
    let user = items.last { $0["role"]?.stringValue == "user" } ?? items.last
    return (user?["content"]?.arrayValue ?? []).compactMap { $0["text"]?.stringValue }.joined(separator: " ")
  }
}

/// Token and call totals for one model.
public struct ModelUsage: Sendable, Equatable {
  public var provider: String
  public var model: String
  public var calls: Int
  public var cached: Int
  public var errors: Int
  public var inputTokens: Int
  public var outputTokens: Int
  /// Served from this machine (loopback): no price applies.
  public var isLocal: Bool
}

extension PostStore {
  /// The log's columns, in the order `modelCall(_:)` reads them.
  private static let callColumns = """
    id, started_at, provider, endpoint, model, messages, options, streamed, cache_key, status, response, reasoning,
    finish_reason, input_tokens, output_tokens, duration_ms, attempts, http_status, error, cached_from
    """

  /// The newest answered call with this cache key.
  func cachedCall(key: String) throws -> ModelCall? {
    try rows(
      "SELECT \(Self.callColumns) FROM model_call WHERE cache_key = ? AND status = 'ok' ORDER BY id DESC LIMIT 1",
      [.text(key)]
    ).first.map(Self.modelCall)
  }

  /// Appends `call` to the log and returns its id. A NUL byte in a model's text is dropped: PostgreSQL text
  /// cannot hold one, and it means nothing to a reader.
  @discardableResult
  func record(_ call: ModelCall) throws -> Int64 {
    func text(_ value: String?) -> StoreValue {
      StoreValue(value.map { $0.replacingOccurrences(of: "\u{0}", with: "") })
    }
    let values: [StoreValue] = [
      StoreValue(call.startedAt.timeIntervalSince1970), text(call.provider), text(call.endpoint), text(call.model),
      text(call.messages), text(call.options), StoreValue(call.streamed), text(call.cacheKey),
      StoreValue(call.status.rawValue), text(call.response), text(call.reasoning), text(call.finishReason),
      StoreValue(call.inputTokens), StoreValue(call.outputTokens), StoreValue(call.durationMilliseconds),
      StoreValue(call.attempts), StoreValue(call.httpStatus), text(call.error), StoreValue(call.cachedFrom),
    ]
    let inserted = try run(
      """
      INSERT INTO model_call (\(Self.callColumns.replacingOccurrences(of: "id, started_at", with: "started_at")))
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id
      """, values)
    guard let id: Int64 = inserted.first?[0] else {
      throw StoreError(path: path, message: "the model call could not be logged")
    }
    return id
  }

  /// The newest `limit` calls, newest first; `search` matches prompt, answer, model or error text.
  public func modelCalls(limit: Int = 20, search: String? = nil) throws -> [ModelCall] {
    var sql = "SELECT \(Self.callColumns) FROM model_call"
    var arguments: [StoreValue] = []
    if let search, !search.isEmpty {
      let haystack = "lower(messages || ' ' || coalesce(response, '') || ' ' || model || ' ' || coalesce(error, ''))"
      sql += " WHERE " + dialect.contains(haystack, "?")
      arguments.append(.text(search.lowercased()))
    }
    sql += " ORDER BY id DESC LIMIT ?"
    arguments.append(.integer(Int64(limit)))
    return try rows(sql, arguments).map(Self.modelCall)
  }

  /// Totals per provider and model. Cached answers count as calls but not as tokens: nothing was paid.
  public func modelUsage(since: Date? = nil) throws -> [ModelUsage] {
    try rows(
      """
      SELECT provider, model, \(Self.isLoopback) AS local, count(*),
        sum(CASE WHEN status = 'cached' THEN 1 ELSE 0 END), sum(CASE WHEN status = 'error' THEN 1 ELSE 0 END),
        sum(CASE WHEN status = 'ok' THEN coalesce(input_tokens, 0) ELSE 0 END),
        sum(CASE WHEN status = 'ok' THEN coalesce(output_tokens, 0) ELSE 0 END)
      FROM model_call WHERE started_at >= ?
      GROUP BY provider, model, local ORDER BY provider, model, local
      """, [.real(since?.timeIntervalSince1970 ?? 0)]
    ).map { row in
      ModelUsage(
        provider: row[0], model: row[1], calls: row[3], cached: row[4], errors: row[5], inputTokens: row[6],
        outputTokens: row[7], isLocal: row[2])
    }
  }

  private static let isLoopback = """
    (endpoint LIKE 'http://127.%' OR endpoint LIKE 'http://localhost%' OR endpoint LIKE 'http://[::1]%')
    """

  private static func modelCall(_ row: StoreRow) -> ModelCall {
    ModelCall(
      id: row[0], startedAt: Date(timeIntervalSince1970: row[1]), provider: row[2], endpoint: row[3], model: row[4],
      messages: row[5], options: row[6], streamed: row[7], cacheKey: row[8],
      status: ModelCall.Status(rawValue: row[9]) ?? .error, response: row[10], reasoning: row[11],
      finishReason: row[12], inputTokens: row[13], outputTokens: row[14], durationMilliseconds: row[15],
      attempts: row[16], httpStatus: row[17], error: row[18], cachedFrom: row[19])
  }
}
