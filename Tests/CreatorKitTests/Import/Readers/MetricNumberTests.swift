import Testing

@testable import CreatorKit

@Suite struct MetricNumberTests {
  @Test(arguments: [
    ("1508", Int64(1508)), ("1,508", 1508), ("1,878,217", 1_878_217), ("12.345", 12345), ("1 204", 1204),
    ("1\u{00A0}204", 1204), ("-4", -4), (" 59 ", 59),
  ])
  func readsCountsAsExportsWriteThem(text: String, expected: Int64) {
    #expect(MetricNumber(text) == .value(expected))
  }

  @Test(arguments: ["--", "", "N/A", "None"])
  func treatsPlaceholdersAsMissing(text: String) {
    #expect(MetricNumber(text) == .missing)
  }

  @Test(arguments: ["abc", "1,5", "12.3456", "1.2K"])
  func rejectsTextThatIsNotACount(text: String) {
    #expect(MetricNumber(text) == .invalid)
  }
}
