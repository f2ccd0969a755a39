/// One published post as an export describes it. Plain values, no I/O.
public struct Post: Sendable, Equatable {
  public var platform: Platform
  /// The account handle without `@` (Instagram username, Page name, ...).
  public var account: String
  /// The stable identity of the post within its account, in a namespace that says where it came from:
  /// `media:17881210856973858` (Instagram media id), `post:123_456` (Facebook Post ID), `uri:media/...`.
  public var key: String
  /// Other identities the same post is known by in other files (every media id of a carousel, its
  /// permalink), so insights and CSV rows join to it.
  public var alternateKeys: [String]
  public var published: PostTime
  /// The caption; setting it finds its hashtags and mentions again.
  public var caption: String {
    didSet { (hashtags, mentions) = Self.entities(in: caption) }
  }
  public var mediaKind: MediaKind
  /// How many photos or videos; nil when the export does not say (a Business Suite carousel).
  public var mediaCount: Int?
  public var permalink: String?
  /// The file inside the export this post was read from, e.g. `your_instagram_activity/media/posts_1.json`.
  public var sourceFile: String
  /// Own post, reply or repost (X archives tell them apart).
  public var relation: PostRelation
  /// Hidden from the profile by its creator (Instagram's `archived_posts.json`): stored and listed, left out
  /// of statistics unless asked for.
  public var archived: Bool
  /// Where its first photo is in the export, for the report's thumbnail; nil for videos and text.
  public var media: MediaLocation?

  /// A post as read from an export; its hashtags and mentions are found in `caption` here.
  public init(
    platform: Platform,
    account: String,
    key: String,
    alternateKeys: [String] = [],
    published: PostTime,
    caption: String,
    mediaKind: MediaKind,
    mediaCount: Int? = 1,
    permalink: String? = nil,
    sourceFile: String,
    relation: PostRelation = .own,
    archived: Bool = false
  ) {
    self.platform = platform
    self.account = account
    self.key = key
    self.alternateKeys = alternateKeys
    self.published = published
    self.caption = caption
    (hashtags, mentions) = Self.entities(in: caption)
    self.mediaKind = mediaKind
    self.mediaCount = mediaCount
    self.permalink = permalink
    self.sourceFile = sourceFile
    self.relation = relation
    self.archived = archived
  }

  /// Hashtags in the caption, lower-cased, without `#`. Found when the post is made, so that an import
  /// does this work on the reading thread rather than the writing one.
  public private(set) var hashtags: [String] = []
  /// Mentioned handles in the caption, lower-cased, without `@`.
  public private(set) var mentions: [String] = []

  private static func entities(in caption: String) -> ([String], [String]) {
    guard CaptionEntities.mayContainEntities(caption) else { return ([], []) }
    return (CaptionEntities.hashtags(in: caption), CaptionEntities.mentions(in: caption))
  }

  /// Every key the post is known by, the main one first.
  public var allKeys: [String] { [key] + alternateKeys.filter { $0 != key } }
}
