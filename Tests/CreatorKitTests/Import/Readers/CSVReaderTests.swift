import Testing

@testable import CreatorKit

@Suite struct CSVReaderTests {
  func records(_ text: String, chunk: Int = 1 << 20) throws -> [[String]] {
    let reader = CSVReader(input: ByteReader(bytes: Array(text.utf8), chunkSize: chunk))
    var rows: [[String]] = []
    while let row = try reader.nextRecord() { rows.append(row) }
    return rows
  }

  @Test(arguments: [1, 3, 1 << 20])
  func readsQuotedFieldsWithNewlinesAndQuotes(chunk: Int) throws {
    let text = "\u{FEFF}a,b,c\r\n1,\"x, \"\"y\"\"\nz\",3\r\n\n4,,6"
    #expect(try records(text, chunk: chunk) == [["a", "b", "c"], ["1", "x, \"y\"\nz", "3"], ["4", "", "6"]])
  }

  @Test func detectsSemicolonsAndTabs() throws {
    #expect(try records("a;b\n1;2") == [["a", "b"], ["1", "2"]])
    #expect(try records("a\tb\n1\t2") == [["a", "b"], ["1", "2"]])
  }

  @Test func reportsTheLineOfAnUnclosedQuote() {
    #expect {
      _ = try records("a,b\n1,2\n3,\"open\nstill open")
    } throws: { error in
      (error as? CSVReadError)?.line == 3
    }
  }
}
