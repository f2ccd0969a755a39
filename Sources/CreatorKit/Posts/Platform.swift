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
}
