import Foundation
import Testing

@testable import CreatorKit

@Suite struct ServerSentEventParserTests {
  /// Feeds `text` cut into pieces of `size` bytes.
  func events(_ text: String, size: Int) -> [ServerSentEvent] {
    var parser = ServerSentEventParser()
    let bytes = Array(text.utf8)
    var events: [ServerSentEvent] = []
    for start in stride(from: 0, to: bytes.count, by: size) {
      events += parser.feed(bytes[start..<min(start + size, bytes.count)])
    }
    return events
  }

  @Test(arguments: [1, 2, 3, 7, 1000])
  func followsTheEventStreamRulesWhereverTheChunksAreCut(size: Int) {
    let text =
      "\u{FEFF}: a comment\r\n"
      + "data: first\r\ndata:second line\r\n\r\n"
      + "event: message_start\nid: 7\ndata: {\"a\": 1}\n\n"
      + "data\rdata:  two spaces\r\r"
      + "retry: 300\nevent: ignored\n\n"
      + "data: héllo 東京\n\n"
      + "data: unfinished"
    #expect(
      events(text, size: size) == [
        ServerSentEvent(data: "first\nsecond line"),
        ServerSentEvent(event: "message_start", data: "{\"a\": 1}", id: "7"),
        ServerSentEvent(data: "\n two spaces", id: "7"),
        ServerSentEvent(data: "héllo 東京", id: "7"),
      ])
  }

  @Test func keepsALineSplitBetweenACarriageReturnAndItsLineFeed() {
    var parser = ServerSentEventParser()
    #expect(parser.feed(Array("data: a\r".utf8)).isEmpty)
    #expect(parser.feed(Array("\n\r".utf8)) == [ServerSentEvent(data: "a")])
    #expect(parser.feed(Array("\ndata: b\n\n".utf8)) == [ServerSentEvent(data: "b")])
  }

  @Test func aFieldWithoutColonIsAnEmptyValueAndUnknownFieldsAreIgnored() {
    #expect(events("data\ndata\nfoo: bar\n\n", size: 100) == [ServerSentEvent(data: "\n")])
  }
}

@Suite struct SHA256Tests {
  @Test(arguments: [
    ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
    (
      "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
    ),
  ])
  func matchesTheStandardVectors(input: String, digest: String) {
    #expect(SHA256.hex(Array(input.utf8)) == digest)
  }

  @Test func hashesInputsLongerThanOneBlock() {
    #expect(
      SHA256.hex(Array(repeating: UInt8(ascii: "a"), count: 1_000_000))
        == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
  }
}
