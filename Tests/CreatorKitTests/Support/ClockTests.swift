import Foundation
import Testing

@testable import CreatorKit

@Suite struct ClockTests {
  @Test func followsTheLocaleAndWritesHoursOneWay() {
    #expect(Clock.preferred(by: Locale(identifier: "en_US")) == .h12)
    #expect(Clock.preferred(by: Locale(identifier: "de_DE")) == .h24)
    #expect(Clock.h24.hour(18) == "18:00" && Clock.h12.hour(18) == "6 pm" && Clock.h12.hour(0) == "12 am")
    #expect(Clock.h12.hour(12) == "12 pm" && Clock.h12.axisHour(6) == "6a" && Clock.h24.axisHour(6) == "06")
    let date = Date(timeIntervalSince1970: 1_763_399_340)  // 2025-11-17 17:09 UTC
    #expect(Clock.h12.dateAndTime(date, in: .gmt) == "17 Nov 2025, 5:09 pm")
    #expect(Clock.h24.dateAndTime(date, in: .gmt) == "17 Nov 2025, 17:09")
  }

  @Test func aReportWritesEveryHourOnTheClockItWasGiven() throws {
    let folder = try TemporaryFolder()
    let store = try folder.store()
    try importInto(
      store, fixtures.appendingPathComponent("business-suite/demo-bakery-Jun-29-2026_Nov-22-2026.csv"),
      timeZone: "Europe/Berlin")
    let berlin = TimeZone(identifier: "Europe/Berlin")!
    let twelve = try WeeklyReport(
      store: store, options: ReportOptions(account: "demo.bakery", timeZone: berlin, clock: .h12))
    let html = try ReportRenderer(format: .html).render(twelve)
    #expect(twelve.nextWeek.contains { $0.contains("Tuesday 6 pm") })
    #expect(html.contains(">6p</text>") && !html.contains(">06</text>"), "the heatmap's hours")
    #expect(!html.contains("Tuesday 18:00"))
    let markdown = try ReportRenderer(format: .markdown).render(
      try WeeklyReport(store: store, options: ReportOptions(account: "demo.bakery", timeZone: berlin, clock: .h24)))
    #expect(markdown.contains("Tuesday 18:00") && !markdown.contains(" pm"))
  }
}
