// Ask a model: streamed, retried on transient failures, answered from the cache when asked before, and
// logged in the store.
import CreatorKit

// snippet.show
let store = try PostStore(path: PostStore.defaultPath())
let configuration = try ModelConfiguration.load()
let client = try await configuration.client(model: "ollama:llama3.2", store: store)
let answer = try await client.respond(to: ModelRequest(messages: [.user("Three hooks for a rye loaf")])) { event in
  if case .text(let piece) = event { print(piece, terminator: "") }
}
print()
print(answer.usage)
// snippet.end
