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
  /// The same patterns read as UTC: the wall-clock time of a text the zone's formatters refuse because a
  /// daylight-saving transition skipped it.
  private let wallClockFormatters: [(separator: Character, formatter: DateFormatter)]
  /// Times a transition skipped (read forward) or repeated (first occurrence), as written.
  private(set) var skippedTimes: [String] = []
  private(set) var repeatedTimes: [String] = []

  static let patterns = [
    "MM/dd/yyyy HH:mm", "MM/dd/yyyy HH:mm:ss", "MM/dd/yyyy h:mm a", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm",
    "yyyy-MM-dd'T'HH:mm:ss", "dd.MM.yyyy HH:mm", "dd.MM.yyyy HH:mm:ss",
  ]

  init(timeZone: TimeZone) {
    self.timeZone = timeZone
    zoneName = timeZone.name
    offsets = ZoneOffsets(timeZone)
    func make(in zone: TimeZone) -> [(separator: Character, formatter: DateFormatter)] {
      Self.patterns.map { pattern in
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = pattern
        formatter.isLenient = false
        return (pattern.first { !$0.isLetter } ?? " ", formatter)
      }
    }
    formatters = make(in: timeZone)
    wallClockFormatters = make(in: TimeZone(identifier: "UTC")!)
  }

  /// A note for the import summary when times fell in a daylight-saving transition, naming the file.
  func transitionNote(file: String) -> String? {
    var parts: [String] = []
    if let first = skippedTimes.first {
      parts.append(
        "\(skippedTimes.count) time\(skippedTimes.count == 1 ? "" : "s") the clock skipped in \(zoneName) read forward "
          + "by the gap (first: \(first))")
    }
    if let first = repeatedTimes.first {
      parts.append(
        "\(repeatedTimes.count) time\(repeatedTimes.count == 1 ? "" : "s") the clock showed twice in \(zoneName) "
          + "read as the first (first: \(first))")
    }
    return parts.isEmpty ? nil : "\(file): " + parts.joined(separator: "; ")
  }

  func parse(_ text: String) -> PostTime? {
    let text = text.trimmed
    guard !text.isEmpty else { return nil }
    if let civil = CivilTime.local(text[...].utf8) {
      return resolved(local: civil.secondsAsUTC, text: text)
    }
    let separator = text.first { !$0.isNumber } ?? " "
    for (patternSeparator, formatter) in formatters where patternSeparator == separator {
      if let date = formatter.date(from: text) {
        return PostTime(date: date, assumedTimeZone: zoneName)
      }
    }
    for (patternSeparator, formatter) in wallClockFormatters where patternSeparator == separator {
      if let wallClock = formatter.date(from: text) {
        return resolved(local: Int64(wallClock.timeIntervalSince1970), text: text)
      }
    }
    return nil
  }

  /// The instant of a wall-clock time in the zone, noting a time a transition skipped or repeated.
  private func resolved(local: Int64, text: String) -> PostTime {
    let (seconds, adjustment) = offsets.resolve(local: local)
    switch adjustment {
    case .skipped?: skippedTimes.append(text)
    case .repeated?: repeatedTimes.append(text)
    case nil: break
    }
    return PostTime(date: Date(timeIntervalSince1970: TimeInterval(seconds)), assumedTimeZone: zoneName)
  }
}
