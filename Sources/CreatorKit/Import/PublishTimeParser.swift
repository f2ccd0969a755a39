import Foundation

/// Reads the zone-less local times exports write (`09/15/2026 18:00`, `2024-11-24 08:53:18`,
/// `15.09.2026 18:00`) in the account's time zone, and marks them as assumed.
final class PublishTimeParser {
  private let timeZone: TimeZone
  private let formatters: [DateFormatter]

  static let patterns = [
    "MM/dd/yyyy HH:mm", "MM/dd/yyyy HH:mm:ss", "MM/dd/yyyy h:mm a", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm",
    "yyyy-MM-dd'T'HH:mm:ss", "dd.MM.yyyy HH:mm", "dd.MM.yyyy HH:mm:ss",
  ]

  init(timeZone: TimeZone) {
    self.timeZone = timeZone
    formatters = Self.patterns.map { pattern in
      let formatter = DateFormatter()
      formatter.locale = Locale(identifier: "en_US_POSIX")
      formatter.timeZone = timeZone
      formatter.dateFormat = pattern
      formatter.isLenient = false
      return formatter
    }
  }

  func parse(_ text: String) -> PostTime? {
    let text = text.trimmingCharacters(in: .whitespaces)
    guard !text.isEmpty else { return nil }
    for formatter in formatters {
      if let date = formatter.date(from: text) {
        return PostTime(date: date, assumedTimeZone: timeZone.identifier)
      }
    }
    return nil
  }
}
