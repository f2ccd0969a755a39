import Foundation

extension TimeZone {
  /// The zone's name as people write it: its identifier, except that UTC is `UTC` (Foundation on Linux names
  /// `TimeZone(identifier: "UTC")` `GMT`, which a creator who passed `--timezone UTC` would not recognise).
  /// `TimeZone(identifier:)` reads the name back.
  public var name: String {
    ["GMT", "UTC", "Etc/UTC", "Etc/GMT", "Etc/Zulu", "Zulu"].contains(identifier) ? "UTC" : identifier
  }
}
