import Foundation

/// What an import accepts, in one place (docs/limits.md): beyond these an input is refused with one line
/// naming the file and the place, or the record is skipped and counted, never left to crash or run on.
public enum ImportLimits {
  /// The largest count a metric may have: a thousand times the most-viewed post there is. A larger one is
  /// a broken export, and sums over such numbers would not fit.
  public static let largestCount: Int64 = 1_000_000_000_000

  /// Posts published before 2004 (before any of the platforms) or after the end of next year are skipped:
  /// a year of 9999 is a broken export, and week-by-week statistics would walk every week up to it.
  public static func postTimes(now: Date = Date()) -> Range<Date> {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    let year = calendar.component(.year, from: now)
    let end = calendar.date(from: DateComponents(year: year + 2, month: 1, day: 1))!
    return Date(timeIntervalSince1970: 1_072_915_200)..<end
  }

  /// Why `post` cannot be imported as it is, as a skip reason; nil when it can.
  static func skipReason(_ post: Post, times: Range<Date>) -> String? {
    guard !times.contains(post.published.date) else { return nil }
    let seconds = post.published.date.timeIntervalSince1970
    let shown =
      abs(seconds) < 1e11
      ? post.published.date.formatted(.iso8601) : "\(Int64(whole: seconds.rounded()) ?? 0) s after 1970"
    return
      "publish time \(shown) outside the years accepted (\(times.lowerBound.formatted(.iso8601)) to \(times.upperBound.formatted(.iso8601)))"
  }

  /// Refuses a count no post can have: above `largestCount`, or negative (only `follows` may be, as
  /// YouTube's subscribers gained minus lost).
  static func check(_ reading: MetricReading) throws {
    for metric in reading.values.present {
      let value = reading.values[metric]!
      let lowest = metric == .follows ? -largestCount : 0
      guard value < lowest || value > largestCount else { continue }
      throw ImportError(
        file: reading.sourceFile, place: reading.place,
        message: "\(metric.rawValue) of \(value) is not a count (\(lowest) to \(largestCount))")
    }
  }

  /// Refuses follower numbers no account can have.
  static func check(_ reading: AccountReading) throws {
    let counts = [("followers", reading.followers), ("follows", reading.follows), ("unfollows", reading.unfollows)]
    for case (let name, let value?) in counts where value < 0 || value > largestCount {
      throw ImportError(
        file: reading.sourceFile, message: "\(name) of \(value) is not a count (0 to \(largestCount))")
    }
    if let net = reading.netFollowers, net < -largestCount || net > largestCount {
      throw ImportError(
        file: reading.sourceFile, message: "net followers of \(net) is not a count (within ±\(largestCount))")
    }
  }
}
