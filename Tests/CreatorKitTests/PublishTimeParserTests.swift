import Foundation
import Testing

@testable import CreatorKit

/// The hand-written time reader must read every time exactly as `DateFormatter` does, but for the hours that
/// daylight saving time repeats (the first occurrence, where DateFormatter takes the second) and skips (read
/// forward, where DateFormatter reads nothing).
@Suite struct PublishTimeParserTests {
  static let zones = ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "UTC"]

  /// How DateFormatter reads a text in the pattern it was written in; for a time the clock showed twice,
  /// the first of the two.
  static func reference(_ text: String, pattern: String, in zone: TimeZone) -> Date? {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = zone
    formatter.dateFormat = pattern
    formatter.isLenient = false
    guard let date = formatter.date(from: text) else { return nil }
    let earlier = [3600.0, 1800].map { date.addingTimeInterval(-$0) }.first { formatter.string(from: $0) == text }
    return earlier ?? date
  }

  /// Wall-clock times every 10 minutes for two days around each transition of 2025, and every 7 h 13 min
  /// through the year, in each pattern's spelling.
  static func samples(in zone: TimeZone) -> [(text: String, pattern: String)] {
    var instants: [Date] = []
    var cursor = Date(timeIntervalSince1970: 1_735_689_600)  // 2025-01-01
    let end = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01
    while let next = zone.nextDaylightSavingTimeTransition(after: cursor), next < end {
      instants += stride(from: -86_400.0, through: 86_400, by: 600).map { next.addingTimeInterval($0) }
      cursor = next
    }
    instants += stride(from: 1_735_689_600.0, to: 1_767_225_600, by: 25_980).map { Date(timeIntervalSince1970: $0) }
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = zone
    let patterns = ["yyyy-MM-dd HH:mm:ss", "MM/dd/yyyy HH:mm", "MM/dd/yyyy h:mm a", "dd.MM.yyyy HH:mm"]
    return instants.enumerated().map { index, instant in
      formatter.dateFormat = patterns[index % patterns.count]
      return (formatter.string(from: instant), formatter.dateFormat)
    }
  }

  @Test(arguments: zones)
  func readsEveryTimeAsDateFormatterDoes(zoneName: String) throws {
    let zone = try #require(TimeZone(identifier: zoneName))
    let parser = PublishTimeParser(timeZone: zone)
    var compared = 0
    for (text, pattern) in Self.samples(in: zone) {
      let expected = Self.reference(text, pattern: pattern, in: zone)
      #expect(expected != nil && parser.parse(text)?.date == expected, "\(text) in \(zoneName)")
      compared += 1
    }
    #expect(compared > 1000)
  }

  @Test func readsTheWallClockInTheGivenZoneAndMarksItAssumed() throws {
    let parser = PublishTimeParser(timeZone: try #require(TimeZone(identifier: "Europe/Berlin")))
    let summer = try #require(parser.parse("2025-07-01 12:00:00"))
    #expect(summer.date == Date(timeIntervalSince1970: 1_751_364_000), "12:00 CEST is 10:00 UTC")
    #expect(summer.assumedTimeZone == "Europe/Berlin")
    #expect(parser.parse("12/01/2025 6:05 pm")?.date == Date(timeIntervalSince1970: 1_764_608_700))
    #expect(parser.parse(" 15.09.2026 18:00 ")?.date == Date(timeIntervalSince1970: 1_789_488_000))
    #expect(
      parser.parse("08.03.2025 18:00")?.date == Date(timeIntervalSince1970: 1_741_453_200), "8 March, not 3 August")
    #expect(
      parser.parse("30.03.2025 02:30:00")?.date == Date(timeIntervalSince1970: 1_743_298_200),
      "an hour Berlin skipped: read forward, 03:30 CEST")
    #expect(
      parser.parse("26.10.2025 02:30:00")?.date == Date(timeIntervalSince1970: 1_761_438_600),
      "an hour Berlin repeated: the first, 02:30 CEST")
  }

  @Test func namesUTCAsItWasGiven() throws {
    // Foundation on Linux calls TimeZone(identifier: "UTC") "GMT"; what the store and the listings say is UTC.
    let utc = try #require(TimeZone(identifier: "UTC"))
    #expect(utc.name == "UTC" && TimeZone(identifier: utc.name) == utc)
    #expect(try #require(TimeZone(identifier: "Europe/London")).name == "Europe/London", "GMT with summer time")
    #expect(PublishTimeParser(timeZone: utc).parse("2025-07-01 12:00:00")?.assumedTimeZone == "UTC")
    let stats = AccountStatistics(PostTable([]), options: StatsOptions(timeZone: utc))
    #expect(stats.scope.timeZone == "UTC")
  }

  @Test func refusesWhatIsNotATime() {
    let parser = PublishTimeParser(timeZone: TimeZone(identifier: "UTC")!)
    for text in ["2025-02-30 10:00:00", "13/01/2025 10:00", "2025-01-01 24:00", "yesterday", "", "2025-01-01"] {
      #expect(parser.parse(text) == nil, "\(text)")
    }
  }

  @Test func readsXTimesAsDateFormatterDoes() {
    let formatter = XArchiveImporter.dateFormatter()
    for text in [
      "Tue Nov 14 22:13:20 +0000 2023", "Mon Jul 01 07:30:00 +0200 2024", "Sat Feb 29 23:59:59 -0530 2020",
    ] {
      #expect(
        CivilTime.twitter(text[...].utf8)?.instant.map { Date(timeIntervalSince1970: TimeInterval($0)) }
          == formatter.date(from: text), "\(text)")
    }
    #expect(CivilTime.twitter("Tue Nov 31 22:13:20 +0000 2023"[...].utf8) == nil)
  }
}
