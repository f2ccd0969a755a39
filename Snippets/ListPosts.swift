// List an account's posts by reach, newest metrics first.
import CreatorKit

// snippet.show
let store = try PostStore(path: PostStore.defaultPath(), mode: .existingOnly)
var query = PostQuery()
query.hashtag = "sourdough"
query.order = .reach
for post in try store.posts(query) {
  print(post.caption.prefix(40), post.metrics[.reach] ?? 0)
}
// snippet.end
