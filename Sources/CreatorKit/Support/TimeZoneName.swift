import Foundation

extension TimeZone {
  /// The zone's name as people write it: its identifier, except that UTC is `UTC` (Foundation on Linux names
  /// `TimeZone(identifier: "UTC")` `GMT`, which a creator who passed `--timezone UTC` would not recognise).
  /// `TimeZone(identifier:)` reads the name back.
  public var name: String {
    switch identifier {
    case "GMT", "UTC", "Etc/UTC", "Etc/GMT", "Etc/Zulu", "Zulu": "UTC"
    case let other: other
    }
  }
}
