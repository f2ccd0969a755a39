// Hashtags and captions for a planned post with the built-in engine: no model, nothing sent.
import CreatorKit
import Foundation

// snippet.show
let store = try PostStore(path: PostStore.defaultPath(), mode: .existingOnly)
let session = try await DraftingSession.make(
  store: store, configuration: ModelConfiguration(environment: [:]), model: "built-in")
let brief = try PostBrief.load(URL(fileURLWithPath: "post.md"))

for strategy in try await session.hashtags(for: brief) {
  print(strategy.platform.rawValue)
  for tag in strategy.tags { print("  #\(tag.tag)", tag.tier.rawValue, tag.evidence) }
  for removed in strategy.removed { print("  left out #\(removed.tag):", removed.reason) }
}

for result in try await session.captions(for: brief) {
  for draft in result.drafts { print(draft.text, draft.violations.isEmpty ? "" : "BREAKS THE RULES") }
}
// snippet.end
