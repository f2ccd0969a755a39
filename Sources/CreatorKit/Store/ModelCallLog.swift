import Foundation
import GRDB

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
  /// The newest answered call with this cache key.
  func cachedCall(key: String) throws -> ModelCall? {
    try read { db in
      try Row.fetchOne(
        db, sql: "SELECT * FROM model_call WHERE cache_key = ? AND status = 'ok' ORDER BY id DESC LIMIT 1",
        arguments: [key]
      ).map(Self.modelCall)
    }
  }

  /// Appends `call` to the log and returns its id.
  @discardableResult
  func record(_ call: ModelCall) throws -> Int64 {
    try pool.write { db in
      try db.execute(
        sql: """
          INSERT INTO model_call (started_at, provider, endpoint, model, messages, options, streamed, cache_key,
            status, response, reasoning, finish_reason, input_tokens, output_tokens, duration_ms, attempts,
            http_status, error, cached_from)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
          """,
        arguments: [
          call.startedAt.timeIntervalSince1970, call.provider, call.endpoint, call.model, call.messages, call.options,
          call.streamed, call.cacheKey, call.status.rawValue, call.response, call.reasoning, call.finishReason,
          call.inputTokens, call.outputTokens, call.durationMilliseconds, call.attempts, call.httpStatus, call.error,
          call.cachedFrom,
        ])
      return db.lastInsertedRowID
    }
  }

  /// The newest `limit` calls, newest first; `search` matches prompt, answer, model or error text.
  public func modelCalls(limit: Int = 20, search: String? = nil) throws -> [ModelCall] {
    try read { db in
      var sql = "SELECT * FROM model_call"
      var arguments: StatementArguments = []
      if let search, !search.isEmpty {
        sql +=
          " WHERE instr(lower(messages || ' ' || ifnull(response, '') || ' ' || model || ' ' || ifnull(error, '')), ?) > 0"
        arguments += [search.lowercased()]
      }
      sql += " ORDER BY id DESC LIMIT ?"
      arguments += [limit]
      return try Row.fetchAll(db, sql: sql, arguments: arguments).map(Self.modelCall)
    }
  }

  /// Totals per provider and model. Cached answers count as calls but not as tokens: nothing was paid.
  public func modelUsage(since: Date? = nil) throws -> [ModelUsage] {
    try read { db in
      let rows = try Row.fetchAll(
        db,
        sql: """
          SELECT provider, model, \(Self.isLoopback) AS local, count(*) AS calls,
            sum(status = 'cached') AS cached, sum(status = 'error') AS errors,
            sum(CASE WHEN status = 'ok' THEN ifnull(input_tokens, 0) ELSE 0 END) AS input_tokens,
            sum(CASE WHEN status = 'ok' THEN ifnull(output_tokens, 0) ELSE 0 END) AS output_tokens
          FROM model_call WHERE started_at >= ?
          GROUP BY provider, model, local ORDER BY provider, model, local
          """, arguments: [since?.timeIntervalSince1970 ?? 0])
      return rows.map { row in
        ModelUsage(
          provider: row["provider"], model: row["model"], calls: row["calls"], cached: row["cached"],
          errors: row["errors"], inputTokens: row["input_tokens"], outputTokens: row["output_tokens"],
          isLocal: row["local"])
      }
    }
  }

  private static let isLoopback = """
    (endpoint LIKE 'http://127.%' OR endpoint LIKE 'http://localhost%' OR endpoint LIKE 'http://[::1]%')
    """

  private static func modelCall(_ row: Row) -> ModelCall {
    ModelCall(
      id: row["id"], startedAt: Date(timeIntervalSince1970: row["started_at"]), provider: row["provider"],
      endpoint: row["endpoint"], model: row["model"], messages: row["messages"], options: row["options"],
      streamed: row["streamed"], cacheKey: row["cache_key"],
      status: ModelCall.Status(rawValue: row["status"]) ?? .error,
      response: row["response"], reasoning: row["reasoning"], finishReason: row["finish_reason"],
      inputTokens: row["input_tokens"], outputTokens: row["output_tokens"], durationMilliseconds: row["duration_ms"],
      attempts: row["attempts"], httpStatus: row["http_status"], error: row["error"], cachedFrom: row["cached_from"])
  }
}
