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

extension Int64 {
  fileprivate func floorDivided(by divisor: Int64) -> Int64 {
    let quotient = self / divisor
    return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
  }
}
