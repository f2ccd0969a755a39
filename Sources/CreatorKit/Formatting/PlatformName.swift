extension Platform {
  /// The platform's name as the platform writes it: TikTok, YouTube, LinkedIn, X.
  public var displayName: String {
    switch self {
    case .instagram: "Instagram"
    case .facebook: "Facebook"
    case .threads: "Threads"
    case .tiktok: "TikTok"
    case .x: "X"
    case .youtube: "YouTube"
    case .linkedin: "LinkedIn"
    case .other: "other"
    }
  }
}
