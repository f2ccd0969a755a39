import Foundation

/// Renders caption drafts and hashtag strategies as text, Markdown or JSON.
public enum DraftListing {
  public enum Format: String, Sendable, CaseIterable {
    case text, markdown, json
  }

  static let encoder: JSONEncoder = {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.keyEncodingStrategy = .convertToSnakeCase
    encoder.dateEncodingStrategy = .iso8601
    return encoder
  }()

  static let compactEncoder: JSONEncoder = {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    encoder.keyEncodingStrategy = .convertToSnakeCase
    encoder.dateEncodingStrategy = .iso8601
    return encoder
  }()

  /// One line of JSON: batch state and JSON Lines output.
  public static func compactJSON<T: Encodable>(_ value: T) -> String {
    String(decoding: (try? compactEncoder.encode(value)) ?? Data("null".utf8), as: UTF8.self)
  }

  static func json<T: Encodable>(_ value: T) -> String {
    String(decoding: (try? encoder.encode(value)) ?? Data("null".utf8), as: UTF8.self)
  }

  public static func render(_ results: [CaptionResult], as format: Format) -> String {
    switch format {
    case .json:
      return json(results)
    case .text, .markdown:
      let markdown = format == .markdown
      var out: [String] = []
      for result in results {
        let title =
          "Captions for \(result.platform.displayName) · \(result.briefID) · \(engineLabel(result.engine)) · \(result.mode.rawValue)"
        out.append(markdown ? "## \(title)" : title)
        out.append(
          (markdown ? "_" : "") + "Grounded in \(result.grounding); rules of \(result.rulesUpdated)."
            + (markdown ? "_" : ""))
        if let plan = result.plan { out.append((markdown ? "**Plan.** " : "Plan: ") + plan) }
        for (index, draft) in result.drafts.enumerated() {
          var heading = "Draft \(index + 1)"
          if let angle = draft.angle { heading += " (\(angle))" }
          if let rank = draft.rank { heading += ", judge's rank \(rank)" }
          heading += draft.isValid ? ": fits the rules" : ": BREAKS THE RULES"
          if draft.shortened { heading += " (shortened)" }
          out.append("")
          out.append(markdown ? "### \(heading)" : "--- \(heading)")
          if let reason = draft.reason { out.append((markdown ? "> " : "Why: ") + reason) }
          out.append(markdown ? "```text\n\(draft.text)\n```" : draft.text)
          for violation in draft.violations { out.append((markdown ? "- " : "! ") + violation.description) }
        }
        for note in result.notes { out.append((markdown ? "- " : "Note: ") + note) }
        for failure in result.failures ?? [] { out.append((markdown ? "- **Failed:** " : "Failed: ") + failure.line) }
        out.append("")
      }
      return out.joined(separator: "\n").trimmingCharacters(in: .newlines)
    }
  }

  public static func render(_ strategies: [HashtagStrategy], as format: Format) -> String {
    switch format {
    case .json:
      return json(strategies)
    case .text, .markdown:
      let markdown = format == .markdown
      var out: [String] = []
      for strategy in strategies {
        let cap = strategy.limit.map { ", at most \($0)" } ?? ""
        let title =
          "Hashtags for \(strategy.platform.displayName) · \(engineLabel(strategy.engine))\(cap) · rules of \(strategy.rulesUpdated)"
        out.append(markdown ? "## \(title)" : title)
        out.append(strategy.line.isEmpty ? "(none)" : strategy.line)
        out.append("")
        if markdown {
          out.append("| tag | tier | evidence |")
          out.append("|---|---|---|")
          for tag in strategy.tags { out.append("| #\(tag.tag) | \(tag.tier.label) | \(tag.evidence) |") }
        } else {
          var table = TextTable(headers: ["tag", "tier", "evidence"], maximumCellWidth: 110)
          for tag in strategy.tags { table.rows.append(["#" + tag.tag, tag.tier.label, tag.evidence]) }
          out.append(table.render())
        }
        if let left = HashtagStrategy.leftOutLine(strategy.removed) {
          out.append("")
          out.append(left)
        }
        for note in strategy.notes { out.append((markdown ? "- " : "Note: ") + note) }
        out.append("")
      }
      return out.joined(separator: "\n").trimmingCharacters(in: .newlines)
    }
  }

  static func engineLabel(_ engine: String) -> String {
    engine == "built-in" ? "built-in engine (no model)" : "model \(engine)"
  }
}
