/// A wall-clock time as an export writes it (`2024-11-24 08:53:18`, `09/15/2026 6:00 pm`,
/// `Tue Nov 14 22:13:20 +0000 2023`), read by hand: Foundation's `DateFormatter` costs about 100 µs a call on
/// Linux (it clones an ICU formatter each time), which made reading 100,000 TikTok or X posts take 10 s.
/// Only exact, unambiguous shapes are read here; anything else is left to `DateFormatter`.
struct CivilTime: Equatable {
  var year: Int
  var month: Int
  var day: Int
  var hour: Int
  var minute: Int
  var second: Int
  /// Seconds east of UTC when the text states its zone (`+0000`), nil for local times.
  var offset: Int?

  /// Seconds since 1970 of this wall-clock time read as UTC.
  var secondsAsUTC: Int64 {
    Int64(Self.daysFromCivil(year: year, month: month, day: day)) * 86_400
      + Int64(hour * 3600 + minute * 60 + second)
  }

  /// Seconds since 1970, when the text stated its zone.
  var instant: Int64? { offset.map { secondsAsUTC - Int64($0) } }

  /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
  static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
    let year = month <= 2 ? year - 1 : year
    let era = (year >= 0 ? year : year - 399) / 400
    let yearOfEra = year - era * 400
    let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
  }

  static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: 30
    default: 31
    }
  }

  /// Checks the ranges; nil when any field is out of range (`02/30/2026`, `24:00`).
  init?(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, offset: Int? = nil) {
    guard (1...12).contains(month), (1...Self.daysIn(month: month, year: year)).contains(day), (0...23).contains(hour),
      (0...59).contains(minute), (0...59).contains(second)
    else { return nil }
    (self.year, self.month, self.day, self.hour, self.minute, self.second, self.offset) =
      (year, month, day, hour, minute, second, offset)
  }

  /// The zone-less shapes `PublishTimeParser` knows: `yyyy-MM-dd HH:mm[:ss]` (or with `T`),
  /// `MM/dd/yyyy HH:mm[:ss]`, `MM/dd/yyyy h:mm am|pm` and `dd.MM.yyyy HH:mm[:ss]`, fields zero-padded.
  static func local(_ text: Substring.UTF8View) -> CivilTime? {
    var scanner = Scanner(text)
    let date: (year: Int, month: Int, day: Int)
    var monthFirst = false
    guard let first = scanner.number(digits: 2...4) else { return nil }
    switch (first.digits, scanner.take()) {
    case (4, UInt8(ascii: "-")?):
      guard let month = scanner.number(digits: 2...2)?.value, scanner.take() == UInt8(ascii: "-"),
        let day = scanner.number(digits: 2...2)?.value,
        scanner.take().map({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "T") }) == true
      else { return nil }
      date = (first.value, month, day)
    case (2, UInt8(ascii: "/")?):
      guard let day = scanner.number(digits: 2...2)?.value, scanner.take() == UInt8(ascii: "/"),
        let year = scanner.number(digits: 4...4)?.value, scanner.take() == UInt8(ascii: " ")
      else { return nil }
      date = (year, first.value, day)
      monthFirst = true
    case (2, UInt8(ascii: ".")?):
      guard let month = scanner.number(digits: 2...2)?.value, scanner.take() == UInt8(ascii: "."),
        let year = scanner.number(digits: 4...4)?.value, scanner.take() == UInt8(ascii: " ")
      else { return nil }
      date = (year, month, first.value)
    default:
      return nil
    }
    guard let clock = scanner.number(digits: 1...2), scanner.take() == UInt8(ascii: ":"),
      let minute = scanner.number(digits: 2...2)?.value
    else { return nil }
    var hour = clock.value
    var second = 0
    var hasSeconds = false
    if scanner.peek == UInt8(ascii: ":") {
      _ = scanner.take()
      guard let value = scanner.number(digits: 2...2)?.value else { return nil }
      second = value
      hasSeconds = true
    }
    if scanner.peek == UInt8(ascii: " ") {
      // `h:mm am`: only after a month-first date and without seconds, as the pattern list has it.
      _ = scanner.take()
      guard monthFirst, !hasSeconds, let marker = scanner.meridiem(), (1...12).contains(hour) else { return nil }
      hour = hour % 12 + (marker == .pm ? 12 : 0)
    } else if clock.digits != 2 {
      return nil
    }
    guard scanner.atEnd else { return nil }
    return CivilTime(year: date.year, month: date.month, day: date.day, hour: hour, minute: minute, second: second)
  }

  /// X's `created_at`: `Tue Nov 14 22:13:20 +0000 2023`.
  static func twitter(_ text: Substring.UTF8View) -> CivilTime? {
    var scanner = Scanner(text)
    guard scanner.skipWord(), scanner.take() == UInt8(ascii: " "), let month = scanner.monthName(),
      scanner.take() == UInt8(ascii: " "), let day = scanner.number(digits: 2...2)?.value,
      scanner.take() == UInt8(ascii: " "), let hour = scanner.number(digits: 2...2)?.value,
      scanner.take() == UInt8(ascii: ":"), let minute = scanner.number(digits: 2...2)?.value,
      scanner.take() == UInt8(ascii: ":"), let second = scanner.number(digits: 2...2)?.value,
      scanner.take() == UInt8(ascii: " "), let sign = scanner.take(),
      sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-"), let zone = scanner.number(digits: 4...4)?.value,
      scanner.take() == UInt8(ascii: " "), let year = scanner.number(digits: 4...4)?.value, scanner.atEnd,
      zone % 100 < 60
    else { return nil }
    let offset = (zone / 100 * 3600 + zone % 100 * 60) * (sign == UInt8(ascii: "-") ? -1 : 1)
    return CivilTime(year: year, month: month, day: day, hour: hour, minute: minute, second: second, offset: offset)
  }

  private enum Meridiem { case am, pm }

  /// Reads ASCII fields off UTF-8 bytes.
  private struct Scanner {
    let bytes: Substring.UTF8View
    var index: Substring.UTF8View.Index

    init(_ bytes: Substring.UTF8View) {
      self.bytes = bytes
      index = bytes.startIndex
    }

    var atEnd: Bool { index == bytes.endIndex }
    var peek: UInt8? { atEnd ? nil : bytes[index] }

    mutating func take() -> UInt8? {
      guard !atEnd else { return nil }
      defer { bytes.formIndex(after: &index) }
      return bytes[index]
    }

    /// A run of digits whose length is in `digits`.
    mutating func number(digits: ClosedRange<Int>) -> (value: Int, digits: Int)? {
      var value = 0
      var count = 0
      while let byte = peek, (0x30...0x39).contains(byte), count < digits.upperBound {
        value = value * 10 + Int(byte - 0x30)
        count += 1
        _ = take()
      }
      if let byte = peek, (0x30...0x39).contains(byte) { return nil }
      return digits.contains(count) ? (value, count) : nil
    }

    mutating func skipWord() -> Bool {
      var count = 0
      while let byte = peek, (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) {
        count += 1
        _ = take()
      }
      return count > 0
    }

    mutating func monthName() -> Int? {
      // The three letters lower-cased and packed into one number, compared with each month's.
      var packed: UInt32 = 0
      for _ in 0..<3 {
        guard let byte = take() else { return nil }
        packed = packed << 8 | UInt32(byte | 0x20)
      }
      return Self.monthNames.firstIndex(of: packed).map { $0 + 1 }
    }

    private static let monthNames: [UInt32] = [
      "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ]
    .map { name in name.utf8.reduce(0) { $0 << 8 | UInt32($1) } }

    mutating func meridiem() -> Meridiem? {
      guard let first = take(), let second = take(), second | 0x20 == UInt8(ascii: "m") else { return nil }
      switch first | 0x20 {
      case UInt8(ascii: "a"): return .am
      case UInt8(ascii: "p"): return .pm
      default: return nil
      }
    }
  }
}
