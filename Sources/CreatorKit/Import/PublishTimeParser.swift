import Foundation

/// Reads the zone-less local times exports write (`09/15/2026 18:00`, `2024-11-24 08:53:18`,
/// `15.09.2026 18:00`) in the account's time zone, and marks them as assumed. The usual shapes are read by
/// `CivilTime` and `ZoneOffsets`; other spellings and times next to a daylight-saving transition go through
/// `DateFormatter`, which reads them the same way, a hundred times slower.
///
/// The date's first separator picks the patterns: ICU matches any punctuation against a pattern's, so
/// `08.03.2025` tried against `MM/dd/yyyy` first would be read as the 3rd of August.
final class PublishTimeParser {
  private let timeZone: TimeZone
  /// `timeZone.name`, once: every parsed time carries it.
  private let zoneName: String
  private let offsets: ZoneOffsets
  /// Each pattern's formatter with the separator that follows its first field (`/`, `-` or `.`).
  private let formatters: [(separator: Character, formatter: DateFormatter)]

  static let patterns = [
    "MM/dd/yyyy HH:mm", "MM/dd/yyyy HH:mm:ss", "MM/dd/yyyy h:mm a", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm",
    "yyyy-MM-dd'T'HH:mm:ss", "dd.MM.yyyy HH:mm", "dd.MM.yyyy HH:mm:ss",
  ]

  init(timeZone: TimeZone) {
    self.timeZone = timeZone
    zoneName = timeZone.name
    offsets = ZoneOffsets(timeZone)
    formatters = Self.patterns.map { pattern in
      let formatter = DateFormatter()
      formatter.locale = Locale(identifier: "en_US_POSIX")
      formatter.timeZone = timeZone
      formatter.dateFormat = pattern
      formatter.isLenient = false
      return (pattern.first { !$0.isLetter } ?? " ", formatter)
    }
  }

  func parse(_ text: String) -> PostTime? {
    let text = text.trimmed
    guard !text.isEmpty else { return nil }
    if let civil = CivilTime.local(text[...].utf8), let seconds = offsets.instant(ofLocal: civil.secondsAsUTC) {
      return PostTime(date: Date(timeIntervalSince1970: TimeInterval(seconds)), assumedTimeZone: zoneName)
    }
    let separator = text.first { !$0.isNumber } ?? " "
    for (patternSeparator, formatter) in formatters where patternSeparator == separator {
      if let date = formatter.date(from: text) {
        return PostTime(date: date, assumedTimeZone: zoneName)
      }
    }
    return nil
  }
}
