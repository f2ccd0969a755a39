import CreatorKit
import Foundation
import Testing

@Suite struct BatchOutputTests {
  @Test func aCSVIsWrittenWholeAtTheEndAndTheOneBeforeStaysUntilThen() throws {
    let folder = try TemporaryFolder()
    let path = folder.url.appendingPathComponent("drafts.csv").path
    try "the run before\n".write(toFile: path, atomically: true, encoding: .utf8)
    let output = try BatchOutput(path: path, timeZone: TimeZone(identifier: "UTC")!)
    // While the batch runs (or after a kill), the previous file is whole.
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "the run before\n")
    try output.close()
    #expect(try String(contentsOfFile: path, encoding: .utf8).hasPrefix(BatchOutput.csvHeader.joined(separator: ",")))
    try output.close()  // a second close does nothing
  }

  @Test func aCSVThatCannotBeWrittenIsAnErrorNotASilentLoss() throws {
    let folder = try TemporaryFolder()
    let inner = folder.url.appendingPathComponent("gone")
    try FileManager.default.createDirectory(at: inner, withIntermediateDirectories: true)
    let output = try BatchOutput(path: inner.appendingPathComponent("drafts.csv").path)
    try FileManager.default.removeItem(at: inner)
    #expect(throws: BriefError.self) { try output.close() }
    #expect(throws: BriefError.self) { try BatchOutput(path: inner.appendingPathComponent("x.csv").path) }
  }
}
