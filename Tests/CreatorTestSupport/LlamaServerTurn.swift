import Foundation

/// The llama-cpp-python server ends a running stream when another request arrives, so tests that use it
/// take turns, across test targets too, through a lock file. The lock is polled, never waited on, so no
/// task blocks a cooperative thread.
public enum LlamaServerTurn {
  /// Runs `body` while holding the turn.
  public static func take<T>(_ body: () async throws -> T) async throws -> T {
    let descriptor = open(NSTemporaryDirectory() + "/creatorkit-llm-tests.lock", O_CREAT | O_RDWR, 0o600)
    defer { close(descriptor) }
    while flock(descriptor, LOCK_EX | LOCK_NB) != 0 { try await Task.sleep(nanoseconds: 20_000_000) }
    defer { flock(descriptor, LOCK_UN) }
    return try await body()
  }
}
