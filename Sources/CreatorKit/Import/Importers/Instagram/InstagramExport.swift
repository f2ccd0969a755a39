import Foundation

/// What the Instagram importers share: who the account is and how a media URI identifies a post.
enum InstagramExport {
  /// The media id at the end of a media file name (`.../432712235_..._17881210856973858.jpg`), which is
  /// also the id Business Suite and the insights use. Nil when the name holds no such number.
  static func mediaID(fromURI uri: String) -> String? {
    // The last run of 11 or more digits in the file name that ends a `_`-separated part: media ids are 17
    // to 19 digits, and the first number of the name is a shorter upload id.
    let bytes = uri.utf8
    var end = bytes.endIndex
    if let slash = bytes.lastIndex(of: UInt8(ascii: "/")) {
      let name = bytes[bytes.index(after: slash)...]
      end = name.firstIndex(of: UInt8(ascii: ".")) ?? bytes.endIndex
    } else {
      end = bytes.firstIndex(of: UInt8(ascii: ".")) ?? bytes.endIndex
    }
    var partEnd = end
    var cursor = end
    let start = bytes.lastIndex(of: UInt8(ascii: "/")).map { bytes.index(after: $0) } ?? bytes.startIndex
    while cursor > start {
      let before = bytes.index(before: cursor)
      if bytes[before] == UInt8(ascii: "_") || before == start {
        let partStart = bytes[before] == UInt8(ascii: "_") ? cursor : before
        let part = bytes[partStart..<partEnd]
        if part.count >= 11 && part.allSatisfy({ (0x30...0x39).contains($0) }) { return String(Substring(part)) }
        partEnd = before
      }
      cursor = before
    }
    return nil
  }

  /// Instagram's caption rule, which Threads follows too: with several media the text and time sit at the
  /// top level and the media's own titles are empty; with one, they sit in `media[0]`, the top level as a
  /// fallback.
  static func captionAndTime(
    top: (title: String?, timestamp: Int64?), first: (title: String?, timestamp: Int64?)?, mediaCount: Int
  ) -> (caption: String, timestamp: Int64?) {
    guard let first, mediaCount == 1 else {
      return (top.title ?? first?.title ?? "", top.timestamp ?? first?.timestamp)
    }
    let own = first.title ?? ""
    return (own.isEmpty ? top.title ?? "" : own, first.timestamp ?? top.timestamp)
  }

  /// File endings of video media.
  static let videoEndings: Set<String> = ["mp4", "mov", "m4v", "webm"]

  /// The keys a media URI gives a post: its media id (the join key), or the URI itself when it holds none.
  static func keys(forURI uri: String) -> [String] {
    guard !uri.isEmpty else { return [] }
    if let id = mediaID(fromURI: uri) { return ["media:\(id)"] }
    return ["uri:\(uri)"]
  }

  /// The account the export belongs to: `--account`, else the username in
  /// `personal_information/personal_information.json`, else the export's folder name
  /// (`instagram-bakerbee-2026-11-20-aB3x` or `bakerbee_20261120`).
  static func account(in source: ExportSource, context: ImportContext, for file: ExportFile) throws -> String {
    if let account = context.account { return account }
    // Every Instagram importer asks: the profile is read once per export.
    let name = source.fact("instagram-username") {
      source.file(endingWith: "personal_information.json").flatMap { try? username(in: $0) }
        ?? source.file(endingWith: "personal_information.html").flatMap { try? username(inPage: $0) }
    }
    if let name { return name }
    let names = [file.relativePath.split(separator: "/").first.map(String.init), source.url.lastPathComponent]
    for case let name? in names {
      if let account = accountInFolderName(name) { return account }
    }
    throw ImportError(
      .needsOption, file: file.displayName,
      message: "the export does not say whose it is: pass --account NAME")
  }

  /// "Username" as the profile names it in the languages whose exports we have seen.
  private static let usernameLabels: Set<String> = [
    "username", "nutzername", "benutzername", "nom d’utilisateur", "nom dutilisateur",
    "nombre de usuario", "nome utente", "nome de usuário", "gebruikersnaam", "användarnamn",
  ]

  /// The `Username` row of the HTML export's profile page (`<td>Username<div><div>handle`).
  private static func username(inPage file: ExportFile) throws -> String? {
    let page = try HTMLNode.load(file)
    let row = InstagramHTMLInsightsImporter.cells(in: page).first {
      usernameLabels.contains(MetricLabels.normalize($0.label))
    }
    return row.map { AccountHandle.normalized($0.value) }.flatMap { $0.isEmpty ? nil : $0 }
  }

  private static func username(in file: ExportFile) throws -> String? {
    var result: String?
    try JSONRecordStream(file: file, rootKey: "profile_user", repairsMetaText: true, recordName: "a profile")
      .forEach(progress: nil) { record in
        guard result == nil, let map = try record.record("string_map_data") else { return }
        for (key, value) in map.object.members where usernameLabels.contains(MetricLabels.normalize(key)) {
          if let name = value["value"]?.stringValue, !name.isEmpty { result = AccountHandle.normalized(name) }
        }
      }
    return result
  }

  static func accountInFolderName(_ name: String) -> String? {
    var stem = name.hasSuffix(".zip") ? String(name.dropLast(4)) : name
    // A second download of the same name, or a part of a split download: `… (1).zip`.
    stem = stem.replacing(/\s\(\d+\)$/, with: "")
    if let match = stem.wholeMatch(of: /instagram-([A-Za-z0-9._]+)-20\d{2}-\d{2}-\d{2}(-[A-Za-z0-9]+)?/) {
      return String(match.1)
    }
    if let match = stem.wholeMatch(of: /([A-Za-z0-9._]+)_20\d{6}/) { return String(match.1) }
    return nil
  }
}
