import Foundation

/// When a post was published, in UTC, and how much of that the export really said.
public struct PostTime: Sendable, Equatable, Hashable, Codable {
  /// How sure the time is.
  public enum Precision: String, Sendable, Codable {
    /// To the second (or minute) of the day.
    case time
    /// A date only (YouTube Studio): no hour-of-day statistics from it.
    case day
  }

  /// The moment, in UTC.
  public var date: Date
  /// Nil when the export gave the zone (epoch seconds, `+0000`); otherwise the zone we assumed.
  public var assumedTimeZone: String?
  /// Whether the export gave a time of day or a date only.
  public var precision: Precision

  /// A time at `date`; `assumedTimeZone` names the zone assumed when the export gave none.
  public init(date: Date, assumedTimeZone: String? = nil, precision: Precision = .time) {
    self.date = date
    self.assumedTimeZone = assumedTimeZone
    self.precision = precision
  }

  /// A time the export stated in UTC, such as Meta's epoch seconds.
  public static func epoch(_ seconds: Int64) -> PostTime {
    PostTime(date: Date(timeIntervalSince1970: TimeInterval(seconds)))
  }

  public var isZoneAssumed: Bool { assumedTimeZone != nil }
}
