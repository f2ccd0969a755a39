/// What is sent to a model: the conversation, the options, and whether to stream the answer.
public struct ModelRequest: Sendable, Equatable {
  public var messages: [ModelMessage]
  public var options: ModelOptions
  /// Ask the server for server-sent events; false asks for one JSON body. The answer arrives as the same
  /// events either way.
  public var stream: Bool

  /// A request for `messages`, streamed unless `stream` is false.
  public init(messages: [ModelMessage], options: ModelOptions = ModelOptions(), stream: Bool = true) {
    self.messages = messages
    self.options = options
    self.stream = stream
  }

  public var hasImages: Bool { messages.contains { !$0.images.isEmpty } }

  /// The messages as logged: text in full, images by media type, size and SHA-256, never their bytes.
  public var loggedMessages: JSONValue {
    .array(
      messages.map { message in
        let parts: [JSONValue] = message.parts.map { part in
          switch part {
          case .text(let text): ["type": "text", "text": .string(text)]
          case .image(let image):
            [
              "type": "image", "media_type": .string(image.mediaType), "bytes": .int(Int64(image.data.count)),
              "sha256": .string(image.sha256),
            ]
          }
        }
        return ["role": .string(message.role.rawValue), "content": .array(parts)]
      })
  }

  /// Equal for requests a cache may answer with the same reply: same provider endpoint and model, same
  /// messages (images by their hash), same options. Streaming or not does not change the answer.
  public func cacheKey(provider: String, endpoint: String, model: String) -> String {
    let identity: JSONValue = [
      "provider": .string(provider), "endpoint": .string(endpoint), "model": .string(model),
      "messages": loggedMessages, "options": options.json,
    ]
    return SHA256.hex(identity.jsonText.utf8)
  }
}
