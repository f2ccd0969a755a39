import Foundation
import Testing

@testable import CreatorKit

@Suite struct SparklineTests {
  @Test func lowestToHighestWithGapsAsSpaces() {
    #expect(Sparkline.make([0.01, 0.05, nil, 0.09]) == "▁▅ █")
    #expect(Sparkline.make([2, 2, 2]) == "▅▅▅", "a flat series sits in the middle")
    #expect(Sparkline.make([0.1]) == nil && Sparkline.make([nil, 1]) == nil, "one value shows no trend")
    #expect(Sparkline.make([.infinity, 1, 2]) == " ▁█")
  }

  @Test func statsShowTheWeeklyTrendOnlyWhenAsked() throws {
    let folder = try TemporaryFolder()
    let store = try folder.store()
    try importInto(
      store, fixtures.appendingPathComponent("business-suite/demo-bakery-Jun-29-2026_Nov-22-2026.csv"),
      timeZone: "Europe/Berlin")
    let stats = try store.statistics(StatsOptions(timeZone: TimeZone(identifier: "Europe/Berlin")!))
    let terminal = StatsListing.render(stats, as: .table, sparklines: true)
    let piped = StatsListing.render(stats, as: .table)
    let line = try #require(terminal.split(separator: "\n").first { $0.hasPrefix("median, last 16 weeks: ") })
    #expect(line.dropFirst("median, last 16 weeks: ".count).count == 16)
    #expect(!piped.contains("▁") && !piped.contains("█"), "piped output stays plain")
  }
}
