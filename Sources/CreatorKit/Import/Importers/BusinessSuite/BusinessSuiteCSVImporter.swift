import Foundation

/// Meta Business Suite / professional dashboard content export (CSV, one row per post), for Instagram
/// accounts and Facebook Pages. Columns are found by header name through an alias table (English, Swedish,
/// German, Spanish, French), case-insensitively, in any order. `Account username` means Instagram,
/// `Page name` means Facebook. `Publish time` has no zone: it is read in `--timezone` and marked assumed.
public struct BusinessSuiteCSVImporter: ExportImporter {
  public let name = "business-suite-csv"
  public let phase = ImportPhase.posts

  enum Column: CaseIterable {
    case postID, accountID, accountUsername, accountName, pageID, pageName, title, description, publishTime
    case permalink, postType, date

    var englishName: String {
      switch self {
      case .postID: "Post ID"
      case .accountID: "Account ID"
      case .accountUsername: "Account username"
      case .accountName: "Account name"
      case .pageID: "Page ID"
      case .pageName: "Page name"
      case .title: "Title"
      case .description: "Description"
      case .publishTime: "Publish time"
      case .permalink: "Permalink"
      case .postType: "Post type"
      case .date: "Date"
      }
    }

    var aliases: [String] {
      switch self {
      case .postID:
        [
          "post id", "publicerings-id", "inläggs-id", "beitrags-id", "id de la publicación", "id de publicación",
          "id de la publication", "identifiant de la publication",
        ]
      case .accountID: ["account id", "kontots id", "konto-id", "id de la cuenta", "id du compte"]
      case .accountUsername:
        [
          "account username", "kontots användarnamn", "benutzername des kontos", "konto-benutzername",
          "nombre de usuario de la cuenta", "nom d’utilisateur du compte",
        ]
      case .accountName: ["account name", "kontonamn", "kontoname", "nombre de la cuenta", "nom du compte"]
      case .pageID: ["page id", "sid-id", "seiten-id", "id de la página", "id de la page"]
      case .pageName: ["page name", "sidnamn", "seitenname", "nombre de la página", "nom de la page"]
      case .title: ["title", "titel", "título", "titre"]
      case .description: ["description", "beskrivning", "beschreibung", "descripción"]
      case .publishTime:
        [
          "publish time", "publiceringstid", "veröffentlichungszeitpunkt", "veröffentlichungszeit",
          "hora de publicación", "heure de publication", "date de publication",
        ]
      case .permalink: ["permalink", "permalänk", "enlace permanente", "lien permanent"]
      case .postType:
        ["post type", "inläggstyp", "publiceringstyp", "beitragstyp", "tipo de publicación", "type de publication"]
      case .date: ["date", "datum", "fecha"]
      }
    }
  }

  /// Where each column and metric sits in a header row.
  struct HeaderMap {
    var columns: [Column: Int] = [:]
    var metrics: [(metric: Metric, index: Int, header: String)] = []

    init(_ header: [String]) {
      var byName: [String: Column] = [:]
      for column in Column.allCases {
        for alias in column.aliases { byName[MetricLabels.normalize(alias)] = column }
      }
      for (index, cell) in header.enumerated() {
        let name = MetricLabels.normalize(cell)
        if let column = byName[name], columns[column] == nil {
          columns[column] = index
        } else if let metric = MetricLabels.metric(for: cell), !metrics.contains(where: { $0.metric == metric }) {
          metrics.append((metric, index, cell))
        }
      }
    }

    var looksLikeBusinessSuite: Bool {
      columns[.publishTime] != nil && (columns[.postID] != nil || columns[.permalink] != nil)
        || columns[.postID] != nil && (columns[.accountUsername] != nil || columns[.pageName] != nil)
    }
  }

  public init() {}

  public func claims(_ file: ExportFile) -> Bool {
    guard case .csv(let header) = file.shape else { return false }
    return HeaderMap(header).looksLikeBusinessSuite
  }

  public func read(
    _ file: ExportFile, from source: ExportSource, context: ImportContext, into sink: any ImportSink
  ) throws {
    let reader: CSVReader
    do {
      reader = try CSVReader(url: file.url)
    } catch {
      throw ImportError(.unreadable, file: file.displayName, message: "the file cannot be read")
    }
    do {
      guard let header = try reader.nextRecord() else {
        throw ImportError(file: file.displayName, message: "the file is empty (expected a header row)")
      }
      let map = HeaderMap(header)
      let platform: Platform = map.columns[.accountUsername] != nil ? .instagram : .facebook
      let accountColumn = platform == .instagram ? Column.accountUsername : .pageName
      var missing = [Column.postID, .publishTime].filter { map.columns[$0] == nil }
      if map.columns[accountColumn] == nil && context.account == nil { missing.append(accountColumn) }
      guard missing.isEmpty else {
        throw ImportError(
          file: file.displayName, place: "line 1",
          message: "missing required column\(missing.count > 1 ? "s" : "") "
            + missing.map { "\"\($0.englishName)\"" }.joined(separator: ", ")
            + " (or a translation); the header has \(header.count) columns")
      }
      let times = PublishTimeParser(timeZone: context.timeZone)
      let metrics = MetricColumns(columns: map.metrics.map { ($0.metric, $0.index, $0.header) })
      while let row = try reader.nextRecord() {
        let line = reader.recordLine
        func cell(_ column: Column) -> String {
          guard let index = map.columns[column], index < row.count else { return "" }
          return row[index].trimmingCharacters(in: .whitespaces)
        }
        let place = "line \(line)"
        if row.count > header.count {
          throw ImportError(
            file: file.displayName, place: place,
            message: "\(row.count) fields but the header has \(header.count): a comma in an unquoted field?")
        }
        let postID = cell(.postID)
        guard !postID.isEmpty else {
          sink.skip(SkippedRecord(file: file.displayName, place: place, reason: "no Post ID"))
          continue
        }
        guard let published = times.parse(cell(.publishTime)) else {
          let text = cell(.publishTime)
          if text.isEmpty {
            sink.skip(SkippedRecord(file: file.displayName, place: place, reason: "no publish time"))
            continue
          }
          throw ImportError(
            file: file.displayName, place: "\(place), column \"\(header[map.columns[.publishTime]!])\"",
            message: "\"\(text)\" is not a publish time like 09/15/2026 18:00")
        }
        let account = context.account ?? AccountHandle.normalized(cell(accountColumn))
        guard !account.isEmpty else {
          sink.skip(SkippedRecord(file: file.displayName, place: place, reason: "no account name; pass --account"))
          continue
        }
        let key = platform == .instagram ? "media:\(postID)" : "post:\(postID)"
        let permalink = cell(.permalink)
        let caption = cell(.description).isEmpty ? cell(.title) : cell(.description)
        let kind = Self.mediaKind(cell(.postType), platform: platform)
        try sink.add(
          Post(
            platform: platform, account: account, key: key,
            alternateKeys: permalink.isEmpty ? [] : ["url:\(permalink)"], published: published, caption: caption,
            mediaKind: kind, mediaCount: kind == .carousel ? nil : 1, permalink: permalink.isEmpty ? nil : permalink,
            sourceFile: file.displayName),
          metrics: try metrics.values(in: row, file: file.displayName, place: place), observedAt: context.observedAt,
          source: name, place: place)
        if line & 255 == 0 { sink.progress(file: file, bytesRead: reader.offset) }
      }
      if let note = times.transitionNote(file: file.displayName) { sink.note(note) }
    } catch let error as CSVReadError {
      throw ImportError(file: file.displayName, place: "line \(error.line)", message: error.message)
    }
  }

  /// `IG reel`, `IG image`, `IG carousel`, `Photo`, `Video`, `Reel`, `Live`, `Text`, `Link`, ...
  static func mediaKind(_ text: String, platform: Platform) -> MediaKind {
    let type = text.lowercased()
    if type.contains("reel") { return .reel }
    if type.contains("carousel") || type.contains("album") { return .carousel }
    if type.contains("story") || type.contains("stories") { return .story }
    if type.contains("live") { return .live }
    if type.contains("video") { return .video }
    if type.contains("image") || type.contains("photo") || type.contains("foto") || type.contains("bild") {
      return .image
    }
    return platform == .facebook ? .text : .image
  }
}
