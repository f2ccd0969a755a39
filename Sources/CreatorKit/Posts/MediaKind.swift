/// What a post is made of, as far as the export tells.
public enum MediaKind: String, Sendable, Codable, CaseIterable {
  case image
  case carousel
  case video
  case reel
  case story
  case text
  case live

  /// The plural a summary line uses: "512 posts, 40 reels".
  public var pluralNoun: String {
    switch self {
    case .image: "images"
    case .carousel: "carousels"
    case .video: "videos"
    case .reel: "reels"
    case .story: "stories"
    case .text: "text posts"
    case .live: "lives"
    }
  }

  /// The kind's position in `allCases` (which builds a new array on every call).
  var index: Int {
    switch self {
    case .image: 0
    case .carousel: 1
    case .video: 2
    case .reel: 3
    case .story: 4
    case .text: 5
    case .live: 6
    }
  }
}
