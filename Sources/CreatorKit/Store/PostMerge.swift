import Foundation

/// A stored post's own columns, as an import compares and merges them (either engine's writer).
struct PostFields: Equatable {
  var published: Int64
  var assumedTimeZone: String?
  var precision: String
  var caption: String
  var mediaKind: String
  var mediaCount: Int?
  var permalink: String?
  var relation: String
  var archived: Bool

  /// The columns of `post` as read.
  init(_ post: Post) {
    published = Int64(post.published.date.timeIntervalSince1970)
    assumedTimeZone = post.published.assumedTimeZone
    precision = post.published.precision.rawValue
    caption = post.caption
    mediaKind = post.mediaKind.rawValue
    mediaCount = post.mediaCount
    permalink = post.permalink
    relation = post.relation.rawValue
    archived = post.archived
  }

  init(
    published: Int64, assumedTimeZone: String?, precision: String, caption: String, mediaKind: String,
    mediaCount: Int?, permalink: String?, relation: String, archived: Bool
  ) {
    self.published = published
    self.assumedTimeZone = assumedTimeZone
    self.precision = precision
    self.caption = caption
    self.mediaKind = mediaKind
    self.mediaCount = mediaCount
    self.permalink = permalink
    self.relation = relation
    self.archived = archived
  }

  /// These columns updated with what a newer file says of the same post, keeping what the new file does
  /// not know: a time the export stated is not replaced by an assumed one, and an empty caption or unknown
  /// count or link keeps the stored value.
  func merged(with post: Post) -> PostFields {
    var new = PostFields(post)
    if assumedTimeZone == nil && new.assumedTimeZone != nil {
      new.published = published
      new.assumedTimeZone = nil
      new.precision = precision
    }
    if new.caption.isEmpty { new.caption = caption }
    new.mediaCount = new.mediaCount ?? mediaCount
    new.permalink = new.permalink ?? permalink
    return new
  }
}
