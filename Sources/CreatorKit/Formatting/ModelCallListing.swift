import Foundation

/// Renders `creator logs`: the call log, and with `--usage` the token and cost totals per model.
public enum ModelCallListing {
  /// How logged calls are printed.
  public enum Format: String, Sendable, CaseIterable {
    case table, json
  }

  public static func render(_ calls: [ModelCall], as format: Format, timeZone: TimeZone = .current) -> String {
    switch format {
    case .table:
      guard !calls.isEmpty else {
        return "No model calls logged yet. Try: creator ask \"Hello\" --model ollama:llama3.2"
      }
      var table = TextTable(
        headers: ["id", "time", "model", "status", "in", "out", "ms", "prompt", "answer or error"],
        alignments: [.right, .left, .left, .left, .right, .right, .right, .left, .left], maximumCellWidth: 40)
      for call in calls {
        table.rows.append([
          "\(call.id ?? 0)", time(call.startedAt, timeZone), call.model,
          call.status.rawValue + (call.attempts > 1 ? " (\(call.attempts) tries)" : ""),
          call.inputTokens.map(String.init) ?? "", call.outputTokens.map(String.init) ?? "",
          NumberText.count(call.durationMilliseconds), call.prompt, call.error ?? call.response ?? "",
        ])
      }
      return table.render()
    case .json:
      let items: [JSONValue] = calls.map { call in
        var object: JSONObject = [
          "id": .int(call.id ?? 0), "started_at": .string(PostListing.iso(call.startedAt)),
          "provider": .string(call.provider), "endpoint": .string(call.endpoint), "model": .string(call.model),
          "status": .string(call.status.rawValue), "streamed": .bool(call.streamed),
          "messages": (try? JSONValue.parse(call.messages)) ?? .string(call.messages),
          "options": (try? JSONValue.parse(call.options)) ?? .string(call.options),
          "duration_ms": .int(Int64(call.durationMilliseconds)), "attempts": .int(Int64(call.attempts)),
          "cache_key": .string(call.cacheKey),
        ]
        object[setting: "response"] = call.response.map(JSONValue.string)
        object[setting: "reasoning"] = call.reasoning.map(JSONValue.string)
        object[setting: "finish_reason"] = call.finishReason.map(JSONValue.string)
        object[setting: "input_tokens"] = call.inputTokens.map { .int(Int64($0)) }
        object[setting: "output_tokens"] = call.outputTokens.map { .int(Int64($0)) }
        object[setting: "http_status"] = call.httpStatus.map { .int(Int64($0)) }
        object[setting: "error"] = call.error.map(JSONValue.string)
        object[setting: "cached_from"] = call.cachedFrom.map(JSONValue.int)
        return .object(object)
      }
      return JSONValue.array(items).jsonText
    }
  }

  /// Token totals and estimated cost per model. Local servers cost nothing; a model without a price says
  /// so instead of pretending it was free.
  public static func renderUsage(_ usage: [ModelUsage], prices: PriceTable, as format: Format) -> String {
    func cost(_ row: ModelUsage) -> Double? {
      if let price = prices.price(for: row.model) {
        return (Double(row.inputTokens) * price.input + Double(row.outputTokens) * price.output) / 1_000_000
      }
      return row.isLocal ? 0 : nil
    }
    switch format {
    case .table:
      guard !usage.isEmpty else { return "No model calls logged yet." }
      var table = TextTable(
        headers: ["provider", "model", "calls", "cached", "errors", "input tokens", "output tokens", "est. cost"],
        alignments: [.left, .left, .right, .right, .right, .right, .right, .right])
      var total = 0.0
      var unknown = 0
      for row in usage {
        let dollars = cost(row)
        if let dollars { total += dollars } else if row.inputTokens + row.outputTokens > 0 { unknown += 1 }
        table.rows.append([
          row.provider, row.model, NumberText.count(row.calls), NumberText.count(row.cached),
          NumberText.count(row.errors), NumberText.count(row.inputTokens),
          NumberText.count(row.outputTokens), row.isLocal && dollars == 0 ? "local" : dollars.map(money) ?? "no price",
        ])
      }
      var text = table.render()
      text += "\nEstimated total: \(money(total))"
      if unknown > 0 { text += " plus \(unknown) model(s) without a price" }
      text +=
        ". Prices in dollars per million tokens as of \(PriceTable.bundledDate); add or correct them under "
        + "prices: in the configuration file. Cached answers cost nothing."
      return text
    case .json:
      let items: [JSONValue] = usage.map { row in
        var object: JSONObject = [
          "provider": .string(row.provider), "model": .string(row.model), "calls": .int(Int64(row.calls)),
          "cached": .int(Int64(row.cached)), "errors": .int(Int64(row.errors)),
          "input_tokens": .int(Int64(row.inputTokens)), "output_tokens": .int(Int64(row.outputTokens)),
          "local": .bool(row.isLocal),
        ]
        object[setting: "estimated_cost_usd"] = cost(row).map(JSONValue.double) ?? .null
        return .object(object)
      }
      return JSONValue.array(items).jsonText
    }
  }

  private static func money(_ dollars: Double) -> String {
    dollars < 0.01 && dollars > 0 ? String(format: "$%.4f", dollars) : String(format: "$%.2f", dollars)
  }

  private static func time(_ date: Date, _ zone: TimeZone) -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = zone
    formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
    return formatter.string(from: date)
  }
}
