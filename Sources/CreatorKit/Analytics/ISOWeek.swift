import Foundation

/// An ISO 8601 week (Monday to Sunday) in the creator's time zone, written `2026-W47`.
public struct ISOWeek: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
  /// The ISO week-numbering year (around New Year it can differ from the calendar year).
  public var year: Int
  /// The week, 1 to 53.
  public var week: Int

  /// The week `week` of the ISO year `year`.
  public init(year: Int, week: Int) {
    self.year = year
    self.week = week
  }

  /// The week holding `date` in `calendar` (an ISO 8601 calendar in the creator's zone).
  public init(_ date: Date, calendar: Calendar) {
    let parts = calendar.dateComponents([.yearForWeekOfYear, .weekOfYear], from: date)
    self.init(year: parts.yearForWeekOfYear ?? 0, week: parts.weekOfYear ?? 0)
  }

  /// Parses `2026-W47`.
  public init?(_ text: String) {
    guard let match = text.wholeMatch(of: /(\d{4})-W(\d{1,2})/), let year = Int(match.1), let week = Int(match.2),
      (1...53).contains(week)
    else { return nil }
    self.init(year: year, week: week)
  }

  /// The week as text: `2026-W47`.
  public var description: String { String(format: "%04d-W%02d", year, week) }

  /// Monday 00:00 of the week in `calendar`'s zone.
  public func start(in calendar: Calendar) -> Date {
    var parts = DateComponents()
    parts.yearForWeekOfYear = year
    parts.weekOfYear = week
    parts.weekday = 2
    return calendar.date(from: parts) ?? .distantPast
  }

  /// The week after this one.
  public func next(in calendar: Calendar) -> ISOWeek {
    ISOWeek(calendar.date(byAdding: .day, value: 7, to: start(in: calendar)) ?? .distantFuture, calendar: calendar)
  }

  /// Encoded as its text, `2026-W47`.
  public init(from decoder: any Decoder) throws {
    let text = try decoder.singleValueContainer().decode(String.self)
    guard let week = ISOWeek(text) else {
      throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a week: \(text)"))
    }
    self = week
  }

  /// Encodes the week as its text, `2026-W47`.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(description)
  }

  /// Earlier weeks sort first.
  public static func < (lhs: ISOWeek, rhs: ISOWeek) -> Bool { (lhs.year, lhs.week) < (rhs.year, rhs.week) }

  /// An ISO 8601 calendar in `timeZone`.
  public static func calendar(in timeZone: TimeZone) -> Calendar {
    var calendar = Calendar(identifier: .iso8601)
    calendar.timeZone = timeZone
    return calendar
  }
}

/// Consecutive ISO weeks, to place many dates into weeks by binary search instead of a calendar call each
/// (a calendar call per post is most of the time over a million posts).
struct WeekGrid {
  let weeks: [ISOWeek]
  /// Week starts, plus the end of the last week.
  let bounds: [Date]

  /// The most weeks a grid spans: imports accept 2004 to next year (about 1,300 weeks); a store holding a
  /// time far outside that gets the last `mostWeeks` weeks instead of a walk over millennia.
  static let mostWeeks = 2_000

  init(from first: ISOWeek, through last: ISOWeek, calendar: Calendar) {
    var weeks: [ISOWeek] = []
    var bounds: [Date] = []
    var week = first
    let lastStart = last.start(in: calendar)
    if lastStart.timeIntervalSince(first.start(in: calendar)) > Double(Self.mostWeeks - 1) * 7 * 86_400,
      let start = calendar.date(byAdding: .day, value: -7 * (Self.mostWeeks - 1), to: lastStart)
    {
      week = ISOWeek(start, calendar: calendar)
    }
    while week <= last {
      weeks.append(week)
      bounds.append(week.start(in: calendar))
      week = week.next(in: calendar)
    }
    bounds.append(week.start(in: calendar))
    self.weeks = weeks
    self.bounds = bounds
  }

  /// The index in `weeks` of the week holding `date`, or nil outside the grid.
  func index(of date: Date) -> Int? {
    guard let first = bounds.first, let end = bounds.last, date >= first, date < end else { return nil }
    var low = 0
    var high = bounds.count - 1
    while high - low > 1 {
      let middle = (low + high) / 2
      if bounds[middle] <= date { low = middle } else { high = middle }
    }
    return low
  }
}
