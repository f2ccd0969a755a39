import Foundation

/// Which column of a creator's own table (a scheduler's export, a spreadsheet) holds which field:
/// `caption=Text,published=Date,likes=Likes`, or the same pairs one per line in a mapping file (`#` comments,
/// `:` works as well as `=`). Fields: `id`, `caption`, `published`, `account`, `platform`, `kind`,
/// `permalink`, and every metric (`likes`, `comments`, `shares`, `saves`, `reach`, `views`, `impressions`,
/// `follows`, `profile_visits`, `link_taps`).
public struct ColumnMapping: Sendable, Equatable {
  /// A field of a post a column can hold.
  public enum Field: Hashable, Sendable {
    case id, caption, published, account, platform, kind, permalink
    case metric(Metric)

    static let named: [String: Field] = {
      var fields: [String: Field] = [
        "id": .id, "caption": .caption, "published": .published, "account": .account, "platform": .platform,
        "kind": .kind, "permalink": .permalink,
      ]
      for metric in Metric.allCases { fields[metric.rawValue] = .metric(metric) }
      return fields
    }()

    var name: String {
      switch self {
      case .id: "id"
      case .caption: "caption"
      case .published: "published"
      case .account: "account"
      case .platform: "platform"
      case .kind: "kind"
      case .permalink: "permalink"
      case .metric(let metric): metric.rawValue
      }
    }
  }

  /// Field → column name in the file.
  public var columns: [Field: String]
  /// The platform when no column says it (`--platform`).
  public var platform: Platform?

  /// Parses `field=Column` pairs separated by commas or lines. Errors name the pair and the known fields.
  public init(_ text: String, platform: Platform? = nil, source: String = "--map") throws {
    self.platform = platform
    columns = [:]
    let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
      .filter { !$0.hasPrefix("#") }
    let pairs = lines.flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
    for pair in pairs where !pair.isEmpty {
      guard let separator = pair.firstIndex(where: { $0 == "=" || $0 == ":" }) else {
        throw ImportError(.needsOption, file: source, message: "'\(pair)' is not field=Column")
      }
      let name = pair[..<separator].trimmingCharacters(in: .whitespaces).lowercased()
      let column = pair[pair.index(after: separator)...].trimmingCharacters(in: .whitespaces)
      guard let field = Field.named[name] else {
        throw ImportError(
          .needsOption, file: source,
          message: "unknown field '\(name)' (known: \(Field.named.keys.sorted().joined(separator: ", ")))")
      }
      guard !column.isEmpty else { throw ImportError(.needsOption, file: source, message: "'\(pair)' names no column") }
      columns[field] = column
    }
    for required in [Field.published] where columns[required] == nil {
      throw ImportError(.needsOption, file: source, message: "the mapping needs \(required.name)=COLUMN")
    }
    if columns[.caption] == nil && columns[.id] == nil {
      throw ImportError(.needsOption, file: source, message: "the mapping needs caption=COLUMN or id=COLUMN")
    }
    if platform == nil && columns[.platform] == nil {
      throw ImportError(.needsOption, file: source, message: "say the platform: --platform NAME or platform=COLUMN")
    }
  }

  /// Reads a mapping file.
  public init(contentsOf url: URL, platform: Platform? = nil) throws {
    let text: String
    do { text = try String(contentsOf: url, encoding: .utf8) } catch {
      throw ImportError(.unreadable, file: url.path, message: "cannot read the mapping file")
    }
    try self.init(text, platform: platform, source: url.path)
  }
}
