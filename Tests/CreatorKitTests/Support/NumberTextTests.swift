import Testing

@testable import CreatorKit

@Suite struct NumberTextTests {
  @Test func countsHaveThousandsSeparators() {
    #expect(NumberText.count(16_715) == "16,715")
    #expect(NumberText.count(999) == "999")
    #expect(NumberText.count(1_000) == "1,000")
    #expect(NumberText.count(-1_234_567) == "-1,234,567")
    #expect(NumberText.count(0) == "0")
    #expect(NumberText.count(Int64.min) == "-9,223,372,036,854,775,808")
  }

  @Test func decimalsNeverPrintANegativeZero() {
    #expect(NumberText.decimal(-0.04) == "0.0")
    #expect(NumberText.decimal(-0.0) == "0.0")
    #expect(NumberText.decimal(-0.4, digits: 0, sign: true) == "0")
    #expect(NumberText.decimal(0.04, sign: true) == "0.0")
    #expect(NumberText.decimal(-0.06) == "-0.1")
    #expect(NumberText.decimal(1.25, digits: 2, sign: true) == "+1.25")
    #expect(NumberText.decimal(12_345.67) == "12,345.7")
    #expect(NumberText.decimal(.nan) == "–" && NumberText.decimal(-.infinity) == "–")
  }

  @Test func percentsKeepSmallRatesAndDropNegativeZero() {
    #expect(NumberText.percent(0.0823) == "8.2%")
    #expect(NumberText.percent(0.00035) == "0.035%")
    #expect(NumberText.percent(-0.0004, sign: true) == "-0.04%")
    #expect(NumberText.percent(-0.0) == "0.0%")
    #expect(NumberText.percent(nil) == "–")
    #expect(NumberText.percent(123.4) == "12,340.0%")
  }
}
