import Foundation

/// When to send a failed request again: transient failures only (429, 5xx, lost connections, timeouts, a cut
/// stream), a bounded number of times, with exponential backoff and full jitter, honouring `Retry-After`.
public struct RetryPolicy: Sendable, Equatable {
  /// Tries in all, the first included.
  public var maxAttempts: Int
  public var baseDelay: Double
  public var maxDelay: Double
  /// A `Retry-After` longer than this is not waited for: the error is reported instead.
  public var maxRetryAfter: Double

  /// A policy of `maxAttempts` tries in all, backing off from `baseDelay` to at most `maxDelay` seconds, waiting for a
  /// `Retry-After` of at most `maxRetryAfter` seconds.
  public init(maxAttempts: Int = 4, baseDelay: Double = 0.5, maxDelay: Double = 20, maxRetryAfter: Double = 90) {
    self.maxAttempts = max(1, maxAttempts)
    self.baseDelay = baseDelay
    self.maxDelay = maxDelay
    self.maxRetryAfter = maxRetryAfter
  }

  public static let none = RetryPolicy(maxAttempts: 1)

  /// Seconds to wait before try `attempt + 1` after `error`, or nil to give up.
  public func delay(after error: ModelError, attempt: Int, random: Double = Double.random(in: 0...1)) -> Double? {
    guard error.isTransient, attempt < maxAttempts else { return nil }
    if let retryAfter = error.retryAfter {
      return retryAfter <= maxRetryAfter ? retryAfter : nil
    }
    let ceiling = min(maxDelay, baseDelay * pow(2, Double(attempt - 1)))
    return ceiling / 2 + ceiling / 2 * random
  }

  /// Seconds a response asks to wait: `retry-after-ms` (OpenAI's and Anthropic's APIs send it), else
  /// `Retry-After` as seconds or an HTTP date. Header names in lower case.
  public static func retryAfter(headers: [String: String], now: Date = Date()) -> Double? {
    if let text = headers["retry-after-ms"]?.trimmingCharacters(in: .whitespaces), let milliseconds = Double(text),
      milliseconds.isFinite
    {
      return max(0, milliseconds / 1000)
    }
    return retryAfter(headers["retry-after"], now: now)
  }

  /// Seconds in a `Retry-After` header: a number of seconds or an HTTP date.
  public static func retryAfter(_ header: String?, now: Date = Date()) -> Double? {
    guard let header = header?.trimmingCharacters(in: .whitespaces), !header.isEmpty else { return nil }
    if let seconds = Double(header), seconds.isFinite { return max(0, seconds) }
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "GMT")
    for format in ["EEE, dd MMM yyyy HH:mm:ss zzz", "EEEE, dd-MMM-yy HH:mm:ss zzz", "EEE MMM d HH:mm:ss yyyy"] {
      formatter.dateFormat = format
      if let date = formatter.date(from: header) { return max(0, date.timeIntervalSince(now)) }
    }
    return nil
  }
}
