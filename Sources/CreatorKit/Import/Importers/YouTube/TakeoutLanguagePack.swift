import Foundation

/// The names Google Takeout gives YouTube's video metadata in one language: Takeout translates folder,
/// file and column names into the account's language (`metadatos del vídeo/vídeos.csv`; Dutch writes
/// `video_s.csv` because the apostrophe of "video's" becomes `_`). Names are compared folded: case, accents
/// and punctuation ignored, so `ID del video` and `ID del vídeo` are the same column.
struct TakeoutLanguagePack: Sendable {
  enum Column: CaseIterable, Sendable {
    case id, channel, title, description, published
  }

  let language: String
  let columns: [Column: [String]]
  /// File names of the video metadata table in this language (folded).
  let fileNames: [String]

  static let all: [TakeoutLanguagePack] = [
    TakeoutLanguagePack(
      language: "English",
      columns: [
        .id: ["video id"],
        .channel: ["channel id"],
        .title: ["title", "video title (original)"],
        .description: ["description", "video description (original)"],
        .published: ["time published", "video publish timestamp"],
      ],
      fileNames: ["video metadata.csv", "videos.csv"]),
    TakeoutLanguagePack(
      language: "Spanish",
      columns: [
        .id: ["id del vídeo", "id de vídeo"],
        .channel: ["id del canal", "id de canal"],
        .title: ["título del vídeo (original)", "título"],
        .description: ["descripción del vídeo (original)", "descripción"],
        .published: ["marca de tiempo de publicación del vídeo", "hora de publicación"],
      ],
      fileNames: ["vídeos.csv", "metadatos del vídeo.csv"]),
    TakeoutLanguagePack(
      language: "Dutch",
      columns: [
        .id: ["video-id"],
        .channel: ["kanaal-id"],
        .title: ["videotitel (origineel)", "titel"],
        .description: ["videobeschrijving (origineel)", "beschrijving"],
        .published: ["tijdstempel van publicatie van video", "tijdstempel publicatie video", "publicatietijd"],
      ],
      fileNames: ["video_s.csv", "videometadata.csv"]),
  ]

  /// File names Takeout writes the table under in languages with no pack here (Romanian `videoclipuri.csv`),
  /// claimed so that they fail loudly instead of being passed over.
  static let unsupportedFileNames: Set<String> = ["videoclipuri.csv"]

  /// Every file name of every pack, folded.
  static let knownFileNames: Set<String> = Set(all.flatMap { $0.fileNames.map(fold) })

  /// A name with case, accents and punctuation folded away: `Título del vídeo (original)` →
  /// `titulo del video original`.
  static func fold(_ name: String) -> String {
    let plain = name.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
    let words = plain.split { !($0.isLetter || $0.isNumber) }
    return words.joined(separator: " ")
  }

  /// Where each column is in `header`, when the header has this pack's id and publish time.
  func positions(in header: [String]) -> [Column: Int]? {
    let names = header.map(Self.fold)
    var found: [Column: Int] = [:]
    for (column, aliases) in columns {
      found[column] = aliases.lazy.compactMap { names.firstIndex(of: Self.fold($0)) }.first
    }
    guard found[.id] != nil, found[.published] != nil else { return nil }
    return found
  }

  /// The pack whose names the header uses, with the column positions.
  static func match(_ header: [String]) -> (pack: TakeoutLanguagePack, positions: [Column: Int])? {
    for pack in all {
      if let positions = pack.positions(in: header) { return (pack, positions) }
    }
    return nil
  }
}
