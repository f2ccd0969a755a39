/// A social network a post was published on.
public enum Platform: String, Sendable, Codable, CaseIterable, Comparable {
  case instagram
  case facebook
  case threads
  case tiktok
  case x
  case youtube
  case linkedin
  case other

  public static func < (lhs: Platform, rhs: Platform) -> Bool { lhs.rawValue < rhs.rawValue }

  /// Whether a link written in a caption can be tapped: not on Instagram or TikTok, where links go in the
  /// profile ("link in bio").
  public var captionLinksClickable: Bool { self != .instagram && self != .tiktok }
}
