import Foundation

/// One gate every model request in the process passes: at most `concurrency` in flight, and, when set, at
/// most `requestsPerMinute` requests and `tokensPerMinute` estimated tokens in any sliding minute. Waiting
/// is cancellable.
public actor RequestGate {
  /// How many requests may be in flight and how many requests and tokens a minute may start.
  public struct Limits: Sendable, Equatable {
    public var concurrency: Int
    public var requestsPerMinute: Int?
    public var tokensPerMinute: Int?

    /// Limits; `concurrency` is at least 1, nil leaves a rate unlimited.
    public init(concurrency: Int = 4, requestsPerMinute: Int? = nil, tokensPerMinute: Int? = nil) {
      self.concurrency = max(1, concurrency)
      self.requestsPerMinute = requestsPerMinute
      self.tokensPerMinute = tokensPerMinute
    }
  }

  /// The process-wide gate `ModelClient` uses unless given another.
  public static let shared = RequestGate()

  public private(set) var limits: Limits
  private var inFlight = 0
  private var waiters: [(id: UInt64, continuation: CheckedContinuation<Void, any Error>)] = []
  private var nextWaiter: UInt64 = 0
  private var recent: [(time: Double, tokens: Int)] = []
  private let window: Double

  /// A gate with `limits` over a sliding window of `window` seconds.
  public init(limits: Limits = Limits(), window: Double = 60) {
    self.limits = limits
    self.window = window
  }

  public func setLimits(_ limits: Limits) {
    self.limits = limits
    wakeWaiters()
  }

  /// Requests now in flight.
  public var active: Int { inFlight }

  /// Waits for a slot and for room in the rate window, then takes them. Pair with `leave()`.
  public func enter(estimatedTokens: Int) async throws {
    while inFlight >= limits.concurrency {
      nextWaiter += 1
      let id = nextWaiter
      try await withTaskCancellationHandler {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
          if Task.isCancelled {
            continuation.resume(throwing: CancellationError())
          } else {
            waiters.append((id, continuation))
          }
        }
      } onCancel: {
        Task { await self.cancelWaiter(id) }
      }
    }
    inFlight += 1
    do {
      try await waitForRate(tokens: estimatedTokens)
    } catch {
      leave()
      throw error
    }
  }

  /// Gives the slot back.
  public func leave() {
    inFlight = max(0, inFlight - 1)
    wakeWaiters()
  }

  private func wakeWaiters() {
    // Woken tasks check for a free slot again when they run; one that lost the race waits anew.
    let free = limits.concurrency - inFlight
    guard free > 0 else { return }
    for waiter in waiters.prefix(free) { waiter.continuation.resume() }
    waiters.removeFirst(min(free, waiters.count))
  }

  private func cancelWaiter(_ id: UInt64) {
    guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
    waiters.remove(at: index).continuation.resume(throwing: CancellationError())
  }

  private func waitForRate(tokens: Int) async throws {
    while true {
      let now = ProcessInfo.processInfo.systemUptime
      recent.removeAll { now - $0.time >= window }
      let requestsFull = limits.requestsPerMinute.map { recent.count >= $0 } ?? false
      let tokensUsed = recent.reduce(0) { $0 + $1.tokens }
      // A single request larger than the whole budget still goes, alone in its window.
      let tokensFull = limits.tokensPerMinute.map { !recent.isEmpty && tokensUsed + tokens > $0 } ?? false
      if !requestsFull && !tokensFull {
        recent.append((now, tokens))
        return
      }
      let wait = recent.first.map { window - (now - $0.time) } ?? 0
      try await Task.sleep(nanoseconds: UInt64(max(0.001, wait) * 1_000_000_000))
    }
  }
}
