import Foundation

/// How a report writes the hour: `18:00` or `6 pm`, chosen once for the whole report (by the reader's locale
/// unless asked), so best times, post times and the heatmap read alike.
public enum Clock: String, Sendable, Codable, CaseIterable {
  case h24 = "24"
  case h12 = "12"

  /// The locale's own choice: a 12-hour clock where its short time pattern has an AM/PM marker.
  public static func preferred(by locale: Locale = .current) -> Clock {
    let pattern = DateFormatter.dateFormat(fromTemplate: "j", options: 0, locale: locale) ?? "HH"
    return pattern.contains("a") ? .h12 : .h24
  }

  /// An hour of the day on its own: `18:00` or `6 pm`.
  public func hour(_ hour: Int) -> String {
    switch self {
    case .h24: String(format: "%02d:00", hour)
    case .h12: "\(hour % 12 == 0 ? 12 : hour % 12) \(hour < 12 ? "am" : "pm")"
    }
  }

  /// A short heatmap label: `18` or `6p`.
  public func axisHour(_ hour: Int) -> String {
    switch self {
    case .h24: String(format: "%02d", hour)
    case .h12: "\(hour % 12 == 0 ? 12 : hour % 12)\(hour < 12 ? "a" : "p")"
    }
  }

  /// A date and time in `zone`: `17 Nov 2026, 18:09` or `17 Nov 2026, 6:09 pm`.
  public func dateAndTime(_ date: Date, in zone: TimeZone) -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = zone
    formatter.amSymbol = "am"
    formatter.pmSymbol = "pm"
    formatter.dateFormat = self == .h24 ? "d MMM yyyy, HH:mm" : "d MMM yyyy, h:mm a"
    return formatter.string(from: date)
  }
}
