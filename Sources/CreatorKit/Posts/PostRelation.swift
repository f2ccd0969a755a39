/// Whose words a post is: the creator's own, a reply to someone, or somebody else's post shared on
/// (a retweet). Reposts are stored and listed, but left out of the statistics about the creator's content.
public enum PostRelation: String, Sendable, Codable, CaseIterable {
  case own, reply, repost
}
