import Foundation

/// Follower growth from account-level readings (Instagram's audience insights): over the window the newest
/// export names (net change / followers at the window's start, platforms-and-stats.md section 2) and
/// between the first and last export that give a follower count.
public struct FollowerGrowth: Sendable, Equatable, Codable {
  /// One export's numbers.
  public struct Reading: Sendable, Equatable, Codable {
    public var observedAt: Date
    public var period: String
    public var followers: Int64?
    public var netFollowers: Int64?
    public var follows: Int64?
    public var unfollows: Int64?

    public init(
      observedAt: Date, period: String, followers: Int64?, netFollowers: Int64?, follows: Int64?, unfollows: Int64?
    ) {
      self.observedAt = observedAt
      self.period = period
      self.followers = followers
      self.netFollowers = netFollowers
      self.follows = follows
      self.unfollows = unfollows
    }
  }

  /// Oldest first.
  public var readings: [Reading]
  /// The newest window's net change over the followers at its start; nil without both numbers.
  public var windowGrowth: Double?
  /// The change in followers from the first to the last export with a count, and as a share of the first.
  public var changeBetweenExports: Int64?
  public var growthBetweenExports: Double?

  public init(_ readings: [Reading]) {
    self.readings = readings.sorted { $0.observedAt < $1.observedAt }
    if let newest = self.readings.last, let followers = newest.followers, let net = newest.netFollowers,
      followers - net > 0
    {
      windowGrowth = Double(net) / Double(followers - net)
    }
    let counted = self.readings.filter { $0.followers != nil }
    if counted.count >= 2, let first = counted.first?.followers, let last = counted.last?.followers,
      counted.first?.observedAt != counted.last?.observedAt
    {
      changeBetweenExports = last - first
      growthBetweenExports = first > 0 ? Double(last - first) / Double(first) : nil
    }
  }

  /// One line for `creator stats` and the JSON's `followerGrowth`.
  public func summary(timeZone: TimeZone) -> String {
    guard let newest = readings.last else {
      return "not enough data: none of the imported exports carries follower counts"
    }
    let day = DateFormatter()
    day.locale = Locale(identifier: "en_US_POSIX")
    day.timeZone = timeZone
    day.dateFormat = "yyyy-MM-dd"
    func count(_ value: Int64) -> String { value.formatted(.number.locale(Locale(identifier: "en_US"))) }
    func signed(_ value: Int64) -> String { (value >= 0 ? "+" : "−") + count(abs(value)) }
    func percent(_ value: Double) -> String { (value >= 0 ? "+" : "−") + String(format: "%.1f%%", abs(value) * 100) }
    var parts: [String] = []
    if let followers = newest.followers {
      parts.append("\(count(followers)) followers on \(day.string(from: newest.observedAt))")
    }
    if let net = newest.netFollowers {
      let window = newest.period.isEmpty ? "the export's window" : newest.period
      var text = "\(signed(net)) net in \(window)"
      if let windowGrowth, let followers = newest.followers {
        text += " (\(percent(windowGrowth)) of the \(count(followers - net)) at its start"
        text +=
          [newest.follows.map { "; \(count($0)) follows" }, newest.unfollows.map { ", \(count($0)) unfollows" }]
          .compactMap { $0 }.joined() + ")"
      }
      parts.append(text)
    }
    let counted = readings.filter { $0.followers != nil }
    if let change = changeBetweenExports, let first = counted.first, let last = counted.last,
      let from = first.followers, let to = last.followers
    {
      var text =
        "\(count(from)) on \(day.string(from: first.observedAt)) → \(count(to)) on \(day.string(from: last.observedAt)): \(signed(change))"
      if let growthBetweenExports { text += " (\(percent(growthBetweenExports)))" }
      parts.append(text)
    } else if windowGrowth == nil {
      parts.append("one count only: growth needs a second export or a net change")
    }
    return parts.joined(separator: "; ")
  }
}

extension PostStore {
  /// The account-level follower readings of the account in scope, oldest first; nil when the scope holds
  /// several accounts with readings (growth is per account).
  public func followerGrowth(_ query: SampleQuery) throws -> FollowerGrowth? {
    let readings = try accountReadings(query)
    guard Set(readings.map { "\($0.platform.rawValue)\u{0}\($0.account)" }).count <= 1 else { return nil }
    return FollowerGrowth(
      readings.map { reading in
        FollowerGrowth.Reading(
          observedAt: reading.observedAt, period: reading.period, followers: reading.followers,
          netFollowers: reading.netFollowers, follows: reading.follows, unfollows: reading.unfollows)
      })
  }
}
