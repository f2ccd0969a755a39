import Foundation

/// A time zone's offset from UTC, remembered per day: asking `TimeZone` for every post of a large export
/// costs more than reading the post. A day holding a transition is remembered as having no single offset, so
/// a wall-clock time near a transition (skipped or repeated by daylight saving time) is left to
/// `DateFormatter`, which knows the rules for those.
final class ZoneOffsets {
  let zone: TimeZone
  /// Offset in seconds of each UTC day (seconds since 1970 / 86,400) whose offset is constant; nil for a
  /// day with a transition.
  private var days: [Int64: Int?] = [:]

  init(_ zone: TimeZone) {
    self.zone = zone
  }

  /// The constant offset of a UTC day, or nil when the offset changes during it.
  func offset(ofDay day: Int64) -> Int? {
    if let known = days[day] { return known }
    let start = Date(timeIntervalSince1970: TimeInterval(day * 86_400))
    let offset = zone.secondsFromGMT(for: start)
    let constant: Int?
    if let next = zone.nextDaylightSavingTimeTransition(after: start),
      next.timeIntervalSince1970 < TimeInterval((day + 1) * 86_400)
    {
      constant = nil
    } else {
      constant = offset
    }
    days[day] = constant
    return constant
  }

  /// Seconds since 1970 of a wall-clock time in this zone (given as its seconds read as UTC), when the
  /// offset is the same over every instant that wall-clock time could be (UTC-14 h to UTC+14 h); nil
  /// otherwise.
  func instant(ofLocal local: Int64) -> Int64? {
    let first = (local - 14 * 3600).floorDivided(by: 86_400)
    let last = (local + 14 * 3600).floorDivided(by: 86_400)
    guard let constant = offset(ofDay: first) else { return nil }
    var day = first + 1
    while day <= last {
      guard offset(ofDay: day) == constant else { return nil }
      day += 1
    }
    return local - Int64(constant)
  }
}

extension ZoneOffsets {
  /// How a wall-clock time that is not one instant was read.
  enum Adjustment: Sendable, Equatable {
    /// The clock skipped it (spring forward): read forward by the gap, as the IANA rules and most calendars
    /// do (`02:30` on a night the clock jumps from 02:00 to 03:00 is `03:30`).
    case skipped
    /// The clock showed it twice (fall back): the first occurrence is taken.
    case repeated
  }

  /// Seconds since 1970 of any wall-clock time in this zone (given as its seconds read as UTC), with how it
  /// was resolved when a daylight-saving transition skipped or repeated it.
  func resolve(local: Int64) -> (instant: Int64, adjustment: Adjustment?) {
    if let instant = instant(ofLocal: local) { return (instant, nil) }
    let before = zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(local - 86_400)))
    let after = zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(local + 86_400)))
    let valid = Set([before, after]).map { local - Int64($0) }.filter { instant in
      Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(instant)))) == local - instant
    }
    switch valid.count {
    case 0: return (local - Int64(before), .skipped)
    case 1: return (valid[0], nil)
    default: return (valid.min()!, .repeated)
    }
  }
}

extension ZoneOffsets {
  /// The instant showing, in this zone, the wall-clock time `date` showed in `zone`.
  func sameWallClock(as date: Date, in zone: TimeZone) -> Date {
    let local = Int64(date.timeIntervalSince1970) + Int64(zone.secondsFromGMT(for: date))
    return Date(timeIntervalSince1970: TimeInterval(resolve(local: local).instant))
  }
}

extension Int64 {
  fileprivate func floorDivided(by divisor: Int64) -> Int64 {
    let quotient = self / divisor
    return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
  }
}
