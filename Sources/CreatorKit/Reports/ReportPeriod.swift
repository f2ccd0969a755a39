import Foundation

/// The days a report covers: an ISO week (`2026-W47`), a calendar month (`2026-11`) or any inclusive run of
/// days (`2026-10-01` to `2026-11-30`). Days are calendar days, so a period means the same days in every time
/// zone; `start(in:)` and `end(in:)` place them in the report's zone at local midnight, so a week across a
/// daylight-saving change is 167 or 169 hours long, not 168. The one home for period arithmetic: the week
/// before, the same period a year earlier, and the words a report titles it with.
public struct ReportPeriod: Sendable, Hashable, Codable, CustomStringConvertible {
  /// What kind of period, which decides how it is named and what "the one before" means.
  public enum Kind: String, Sendable, Hashable, Codable {
    case week, month, custom
  }

  /// What a report compares its period with.
  public enum Comparison: String, Sendable, Hashable, Codable, CaseIterable {
    /// The period of the same length just before: the week before, the month before, or as many days before.
    case previous
    /// The same period a year earlier: the same ISO week, the same month, or the same dates.
    case year
  }

  /// A calendar day, written `2026-11-30`.
  public struct Day: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The year, 1900 to 9999 (before 1583 calendars disagree on the days: the Gregorian reform).
    public var year: Int
    /// The month, 1 to 12.
    public var month: Int
    /// The day of the month, from 1.
    public var day: Int

    /// Nil unless the day exists (no 31 April, 29 February only in leap years); years 1900 to 9999.
    public init?(year: Int, month: Int, day: Int) {
      guard (1900...9999).contains(year), (1...12).contains(month),
        (1...CivilTime.daysIn(month: month, year: year)).contains(day)
      else { return nil }
      self.year = year
      self.month = month
      self.day = day
    }

    /// Parses `2026-11-30`.
    public init?(_ text: String) {
      guard let match = text.wholeMatch(of: /(\d{4})-(\d{2})-(\d{2})/), let year = Int(match.1),
        let month = Int(match.2), let day = Int(match.3)
      else { return nil }
      self.init(year: year, month: month, day: day)
    }

    /// The day `date` falls on in `calendar`'s zone.
    public init(_ date: Date, calendar: Calendar) {
      let parts = calendar.dateComponents([.year, .month, .day], from: date)
      year = parts.year ?? 1970
      month = parts.month ?? 1
      day = parts.day ?? 1
    }

    public var description: String { String(format: "%04d-%02d-%02d", year, month, day) }

    /// Days since 1970-01-01.
    var ordinal: Int { CivilTime.daysFromCivil(year: year, month: month, day: day) }

    /// The day `days` days later (earlier when negative).
    func adding(days: Int) -> Day {
      Day(Date(timeIntervalSince1970: Double(ordinal + days) * 86_400), calendar: Self.utc)
    }

    /// Local midnight of the day in `calendar`'s zone (the first moment of the day where midnight is skipped).
    func start(in calendar: Calendar) -> Date {
      calendar.date(from: DateComponents(year: year, month: month, day: day)) ?? .distantPast
    }

    static let utc = ISOWeek.calendar(in: TimeZone(identifier: "UTC") ?? .gmt)

    public static func < (lhs: Day, rhs: Day) -> Bool { lhs.ordinal < rhs.ordinal }

    /// Encoded as its text, `2026-11-30`.
    public init(from decoder: any Decoder) throws {
      let text = try decoder.singleValueContainer().decode(String.self)
      guard let day = Day(text) else {
        throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a day: \(text)"))
      }
      self = day
    }

    public func encode(to encoder: any Encoder) throws {
      var container = encoder.singleValueContainer()
      try container.encode(description)
    }
  }

  /// The longest period a report covers: a year of weekly points is the most a chart shows readably.
  public static let longestDays = 371

  /// A week, a month or any run of days.
  public var kind: Kind
  /// The first day, inclusive.
  public var first: Day
  /// The last day, inclusive.
  public var last: Day

  private init(kind: Kind, first: Day, last: Day) {
    self.kind = kind
    self.first = first
    self.last = last
  }

  /// The ISO week, Monday to Sunday.
  public static func week(_ week: ISOWeek) -> ReportPeriod {
    let monday = Day(week.start(in: Day.utc), calendar: Day.utc)
    return ReportPeriod(kind: .week, first: monday, last: monday.adding(days: 6))
  }

  /// The calendar month; nil when there is no such month.
  public static func month(year: Int, month: Int) -> ReportPeriod? {
    guard let first = Day(year: year, month: month, day: 1),
      let last = Day(year: year, month: month, day: CivilTime.daysIn(month: month, year: year))
    else { return nil }
    return ReportPeriod(kind: .month, first: first, last: last)
  }

  /// Parses a month written `2026-11`.
  public static func month(_ text: String) -> ReportPeriod? {
    guard let match = text.wholeMatch(of: /(\d{4})-(\d{2})/), let year = Int(match.1), let month = Int(match.2)
    else { return nil }
    return Self.month(year: year, month: month)
  }

  /// The days from `first` through `last`; nil when `first` is after `last`.
  public static func days(from first: Day, through last: Day) -> ReportPeriod? {
    guard first <= last else { return nil }
    return ReportPeriod(kind: .custom, first: first, last: last)
  }

  /// How many days, both ends counted.
  public var dayCount: Int { last.ordinal - first.ordinal + 1 }

  /// Local midnight at the start of the first day in `timeZone`.
  public func start(in timeZone: TimeZone) -> Date { first.start(in: ISOWeek.calendar(in: timeZone)) }

  /// Local midnight after the last day in `timeZone` (exclusive).
  public func end(in timeZone: TimeZone) -> Date {
    last.adding(days: 1).start(in: ISOWeek.calendar(in: timeZone))
  }

  /// The ISO week holding the first day, and the one holding the last: the weeks a weekly chart shows.
  public var firstWeek: ISOWeek { ISOWeek(first.start(in: Day.utc), calendar: Day.utc) }
  public var lastWeek: ISOWeek { ISOWeek(last.start(in: Day.utc), calendar: Day.utc) }

  /// How many ISO weeks the period touches.
  public var weekCount: Int {
    (Day(lastWeek.start(in: Day.utc), calendar: Day.utc).ordinal
      - Day(firstWeek.start(in: Day.utc), calendar: Day.utc).ordinal) / 7 + 1
  }

  /// How many of the period's days have begun by `today` when the period is not over yet (1 on its first
  /// day); nil when it is over or has not begun.
  public func daysSoFar(today: Day) -> Int? {
    guard first <= today, today < last else { return nil }
    return today.ordinal - first.ordinal + 1
  }

  /// The period this one is compared with, cut to its first `daysSoFar` days when this one is not over: a
  /// month a day old is compared with the first day of the month before, not with all of it.
  public func compared(with comparison: Comparison, daysSoFar: Int?) -> ReportPeriod {
    let whole = compared(with: comparison)
    guard let daysSoFar, daysSoFar > 0, daysSoFar < whole.dayCount else { return whole }
    return ReportPeriod(kind: .custom, first: whole.first, last: whole.first.adding(days: daysSoFar - 1))
  }

  /// The period this one is compared with.
  public func compared(with comparison: Comparison) -> ReportPeriod {
    switch (comparison, kind) {
    case (.previous, .week):
      return ReportPeriod(kind: .week, first: first.adding(days: -7), last: last.adding(days: -7))
    case (.previous, .month):
      let before = first.adding(days: -1)
      return Self.month(year: before.year, month: before.month) ?? self
    case (.previous, .custom):
      return ReportPeriod(kind: .custom, first: first.adding(days: -dayCount), last: first.adding(days: -1))
    case (.year, .week):
      // The same ISO week a year earlier; a week 53 the year before did not have becomes its week 52.
      let earlier = ISOWeek(year: lastWeek.year - 1, week: lastWeek.week)
      let placed = ISOWeek(earlier.start(in: Day.utc), calendar: Day.utc)
      return .week(placed == earlier ? earlier : ISOWeek(year: earlier.year, week: 52))
    case (.year, .month):
      return Self.month(year: first.year - 1, month: first.month) ?? self
    case (.year, .custom):
      // The same dates; 29 February becomes the 28th.
      func earlier(_ day: Day) -> Day {
        Day(
          year: day.year - 1, month: day.month,
          day: min(day.day, CivilTime.daysIn(month: day.month, year: day.year - 1)))
          ?? day
      }
      return ReportPeriod(kind: .custom, first: earlier(first), last: earlier(last))
    }
  }

  /// How the report names the period: `2026-W47`, `November 2026`, `1 Oct – 30 Nov 2026`.
  public var description: String {
    switch kind {
    case .week: return lastWeek.description
    case .month: return "\(Self.monthNames[first.month - 1]) \(first.year)"
    case .custom:
      let short = { (day: Day) in "\(day.day) \(Self.monthNames[day.month - 1].prefix(3))" }
      if first == last { return "\(short(first)) \(first.year)" }
      return first.year == last.year
        ? "\(short(first)) – \(short(last)) \(last.year)"
        : "\(short(first)) \(first.year) – \(short(last)) \(last.year)"
    }
  }

  /// The period as a sentence names it: a week by its Monday ("the week of 9 Nov 2026", not its ISO code),
  /// any other period by `description` ("September 2026", "1 Oct – 30 Nov 2026").
  public var spokenName: String {
    kind == .week ? "the week of \(first.day) \(Self.monthNames[first.month - 1].prefix(3)) \(first.year)" : description
  }

  /// `week`, `month` or `period`, for sentences ("this month").
  public var noun: String {
    switch kind {
    case .week: "week"
    case .month: "month"
    case .custom: "period"
    }
  }

  /// The days as a range, `16 Nov 2026 – 22 Nov 2026`.
  public var dayRange: String {
    let long = { (day: Day) in "\(day.day) \(Self.monthNames[day.month - 1].prefix(3)) \(day.year)" }
    return first == last ? long(first) : "\(long(first)) – \(long(last))"
  }

  enum CodingKeys: String, CodingKey {
    case kind, start, end, name
  }

  /// Encoded as `{"kind": "month", "start": "2026-11-01", "end": "2026-11-30", "name": "November 2026"}`, both
  /// days inclusive.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(kind, forKey: .kind)
    try container.encode(first, forKey: .start)
    try container.encode(last, forKey: .end)
    try container.encode(description, forKey: .name)
  }

  /// Reads a period as `encode(to:)` writes it: its kind, first and last day.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    kind = try container.decode(Kind.self, forKey: .kind)
    first = try container.decode(Day.self, forKey: .start)
    last = try container.decode(Day.self, forKey: .end)
    guard first <= last else {
      throw DecodingError.dataCorruptedError(forKey: .end, in: container, debugDescription: "end before start")
    }
  }

  static let monthNames = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
    "December",
  ]
}
