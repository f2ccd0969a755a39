import Foundation
import Testing

@testable import CreatorKit

/// Report periods: weeks, months and runs of days, what they are compared with, and where they start and end
/// in a zone with daylight-saving time.
@Suite struct ReportPeriodTests {
  static let berlin = TimeZone(identifier: "Europe/Berlin")!

  func day(_ text: String) throws -> ReportPeriod.Day { try #require(ReportPeriod.Day(text)) }

  @Test func monthsAndDaysAreReadOnlyWhenTheyExist() throws {
    let november = try #require(ReportPeriod.month("2026-11"))
    #expect(november.first.description == "2026-11-01" && november.last.description == "2026-11-30")
    #expect(november.description == "November 2026" && november.dayCount == 30)
    #expect(ReportPeriod.month("2028-02")?.last.description == "2028-02-29")
    #expect(ReportPeriod.month("2026-02")?.last.description == "2026-02-28")
    for bad in ["2026-13", "2026-00", "2026-1", "26-11", "2026-11-01", "November"] {
      #expect(ReportPeriod.month(bad) == nil, "\(bad)")
    }
    for bad in ["2026-02-29", "2026-04-31", "2026-1-1", "2026-11-00", "2026/11/01", ""] {
      #expect(ReportPeriod.Day(bad) == nil, "\(bad)")
    }
    #expect(ReportPeriod.days(from: try day("2026-12-01"), through: try day("2026-11-30")) == nil)
  }

  @Test func periodsAreNamedInWords() throws {
    #expect(ReportPeriod.week(ISOWeek("2026-W47")!).description == "2026-W47")
    #expect(ReportPeriod.week(ISOWeek("2026-W47")!).dayRange == "16 Nov 2026 – 22 Nov 2026")
    let autumn = try #require(ReportPeriod.days(from: try day("2026-10-01"), through: try day("2026-11-30")))
    #expect(autumn.description == "1 Oct – 30 Nov 2026" && autumn.dayCount == 61)
    let turn = try #require(ReportPeriod.days(from: try day("2025-12-28"), through: try day("2026-01-03")))
    #expect(turn.description == "28 Dec 2025 – 3 Jan 2026")
  }

  @Test func comparedWithThePeriodBeforeOrAYearEarlier() throws {
    let week = ReportPeriod.week(ISOWeek("2026-W47")!)
    #expect(week.compared(with: .previous) == .week(ISOWeek("2026-W46")!))
    #expect(week.compared(with: .year) == .week(ISOWeek("2025-W47")!))
    // 2026 has a week 53, 2025 does not: its last week stands in.
    #expect(ReportPeriod.week(ISOWeek("2026-W53")!).compared(with: .year) == .week(ISOWeek("2025-W52")!))
    #expect(ReportPeriod.week(ISOWeek("2026-W01")!).compared(with: .previous) == .week(ISOWeek("2025-W52")!))
    #expect(ReportPeriod.month("2026-01")?.compared(with: .previous) == ReportPeriod.month("2025-12"))
    #expect(ReportPeriod.month("2026-03")?.compared(with: .previous) == ReportPeriod.month("2026-02"))
    #expect(ReportPeriod.month("2026-11")?.compared(with: .year) == ReportPeriod.month("2025-11"))
    let autumn = try #require(ReportPeriod.days(from: try day("2026-10-01"), through: try day("2026-11-30")))
    let before = autumn.compared(with: .previous)
    #expect(before.first.description == "2026-08-01" && before.last.description == "2026-09-30")
    #expect(before.dayCount == autumn.dayCount)
    let leap = try #require(ReportPeriod.days(from: try day("2028-02-01"), through: try day("2028-02-29")))
    #expect(leap.compared(with: .year).last.description == "2027-02-28")
  }

  @Test func startsAndEndsAtLocalMidnightAcrossDaylightSaving() throws {
    let calendar = ISOWeek.calendar(in: Self.berlin)
    // October 2026 in Berlin: the clocks go back on the 25th, so the month is an hour longer than 31 days.
    let october = try #require(ReportPeriod.month("2026-10"))
    #expect(october.end(in: Self.berlin).timeIntervalSince(october.start(in: Self.berlin)) == 31 * 86_400 + 3_600)
    #expect(
      calendar.dateComponents([.hour, .minute], from: october.start(in: Self.berlin))
        == DateComponents(hour: 0, minute: 0))
    #expect(october.start(in: Self.berlin) == Date(timeIntervalSince1970: 1_790_805_600))  // 2026-09-30T22:00Z
    // The week the clocks go forward (29 March 2026) is 167 hours long, and a week is the ISO week's days.
    let spring = ReportPeriod.week(ISOWeek("2026-W13")!)
    #expect(spring.end(in: Self.berlin).timeIntervalSince(spring.start(in: Self.berlin)) == 167 * 3_600)
    #expect(spring.start(in: Self.berlin) == ISOWeek("2026-W13")!.start(in: calendar))
    #expect(spring.end(in: Self.berlin) == ISOWeek("2026-W14")!.start(in: calendar))
    // The same days begin at a different instant in another zone.
    #expect(october.start(in: .gmt).timeIntervalSince(october.start(in: Self.berlin)) == 7_200)
  }

  @Test func theWeeksAPeriodTouches() throws {
    let october = try #require(ReportPeriod.month("2026-10"))
    #expect(october.firstWeek == ISOWeek("2026-W40")! && october.lastWeek == ISOWeek("2026-W44")!)
    #expect(october.weekCount == 5)
    #expect(ReportPeriod.week(ISOWeek("2026-W47")!).weekCount == 1)
  }

  @Test func encodedWithItsKindDaysAndName() throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    let month = try #require(ReportPeriod.month("2026-11"))
    let text = String(decoding: try encoder.encode(month), as: UTF8.self)
    #expect(text == #"{"end":"2026-11-30","kind":"month","name":"November 2026","start":"2026-11-01"}"#)
    #expect(try JSONDecoder().decode(ReportPeriod.self, from: Data(text.utf8)) == month)
  }

  @Test func daysBeforeTheGregorianReformAreNotDays() {
    // Before 1583 the proleptic day count and Foundation's calendar disagree by days: such years are refused.
    #expect(ReportPeriod.Day("1500-02-01") == nil && ReportPeriod.month("1500-02") == nil)
    #expect(ReportPeriod.Day("1900-01-01") != nil && ReportPeriod.Day("9999-12-31") != nil)
  }
}
