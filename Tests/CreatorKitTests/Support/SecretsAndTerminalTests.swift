import Foundation
import Testing

@testable import CreatorKit

/// Keys never reach a message, and text from input never reaches the terminal raw (issue 18).
@Suite struct SecretsAndTerminalTests {
  static let key = "sk-proj-Zq8vR2mW4xT6yB1nK3pL5sD7fG9hJ0aQcEuIoYtRwXz"

  @Test func aKeyNearTheCutOfAServerMessageIsRedactedFirst() {
    // The key starts at character 290 of the message: cut at 300 first, its first 10 characters survived.
    let message = String(repeating: "x", count: 289) + " " + Self.key + " was refused"
    let body = Data(#"{"error": {"message": "\#(message)"}}"#.utf8)
    let error = ModelError.http(
      status: 401, headers: [:], body: body, model: "m", endpoint: "http://127.0.0.1:1/v1", key: APIKey(Self.key))
    #expect(!error.description.contains(String(Self.key.prefix(10))), "\(error)")
    // A key the server echoes that is not ours (another provider's) is masked too.
    let other = ModelError.http(
      status: 500, headers: [:], body: Data("upstream said: \(Self.key)".utf8), model: "m", endpoint: "e", key: nil)
    #expect(!other.description.contains(String(Self.key.prefix(10))), "\(other)")
  }

  @Test func aKeyWrittenAsAYAMLKeyIsMaskedInTheError() {
    #expect {
      try ModelConfiguration.parse(
        "models:\n  mine:\n    provider: openai\n    \(Self.key): yes\n", path: "config.yaml", environment: [:])
    } throws: { error in
      !"\(error)".contains(String(Self.key.prefix(10))) && "\(error)".contains("models.mine.sk-...RwXz: unknown key")
    }
  }

  @Test func aKeyGivenAsKeyEnvIsRefusedMasked() {
    #expect {
      try ModelConfiguration.parse(
        "models:\n  mine:\n    provider: openai\n    model: gpt-4o-mini\n    key_env: \(Self.key)\n",
        path: "config.yaml", environment: [:])
    } throws: { error in
      "\(error)".contains("not an environment variable's name") && !"\(error)".contains(String(Self.key.prefix(10)))
    }
    #expect(throws: Never.self) {
      try ModelConfiguration.parse(
        "models:\n  mine:\n    provider: openai\n    model: gpt-4o-mini\n    key_env: MY_OPENAI_KEY\n",
        path: "config.yaml", environment: [:])
    }
  }

  @Test func keyLikeWordsAreMaskedAndOrdinaryWordsKept() {
    #expect(APIKey.maskingKeyLike("key \(Self.key).") == "key sk-...RwXz.")
    let ordinary =
      "/tmp/creatorkit-test-002904BF-C212-4CB4-A1E4-A71F165E4FA8/config.yaml: models.claude-3-5-sonnet-20241022: unknown key 'temprature'"
    #expect(APIKey.maskingKeyLike("token 0123456789abcdef0123456789abcdef0123") == "token 012...0123")
    #expect(APIKey.maskingKeyLike(ordinary) == ordinary)
  }

  @Test func controlCharactersAreEscaped() {
    #expect(TerminalText.escaped("a\u{1B}[2Jb\nc\td\r\u{7F}\u{9B}") == "a\\u{1B}[2Jb\\nc\\td\\r\\u{7F}\\u{9B}")
    #expect(TerminalText.escaped("plain – ünïcode 🥐") == "plain – ünïcode 🥐")
  }

  @Test func tablesShowCaptionsWithoutTheirControlCharacters() {
    var table = TextTable(headers: ["caption"])
    table.rows = [["clear\u{1B}[2J\u{1B}]0;title\u{07}screen\nnext"]]
    let text = table.render()
    #expect(!text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, "\(text)")
    #expect(text.contains("clear\\u{1B}[2J"))
  }
}
