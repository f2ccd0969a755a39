import Foundation

/// Who says a message.
public enum ModelRole: String, Sendable, Equatable {
  case system, user, assistant
}

/// One piece of a message: text, or an image for models that can see.
public enum ContentPart: Sendable, Equatable {
  case text(String)
  case image(ImageAttachment)
}

/// A message to a model: a role and its parts in order.
public struct ModelMessage: Sendable, Equatable {
  public var role: ModelRole
  public var parts: [ContentPart]

  /// A message from `role` with these `parts`.
  public init(role: ModelRole, parts: [ContentPart]) {
    self.role = role
    self.parts = parts
  }

  public static func system(_ text: String) -> ModelMessage { ModelMessage(role: .system, parts: [.text(text)]) }

  public static func user(_ text: String, images: [ImageAttachment] = []) -> ModelMessage {
    ModelMessage(role: .user, parts: [.text(text)] + images.map(ContentPart.image))
  }

  public static func assistant(_ text: String) -> ModelMessage {
    ModelMessage(role: .assistant, parts: [.text(text)])
  }

  /// The text parts joined with blank lines.
  public var text: String {
    parts.compactMap { if case .text(let text) = $0 { text } else { nil } }.joined(separator: "\n\n")
  }

  public var images: [ImageAttachment] {
    parts.compactMap { if case .image(let image) = $0 { image } else { nil } }
  }
}

/// An image's bytes and media type. Logged by its SHA-256, never as bytes.
public struct ImageAttachment: Sendable, Equatable {
  public var data: Data
  public var mediaType: String
  public let sha256: String

  /// An image of `mediaType` (`image/png`, `image/jpeg`, ...) from its bytes.
  public init(data: Data, mediaType: String) {
    self.data = data
    self.mediaType = mediaType
    self.sha256 = SHA256.hex(data)
  }

  /// Reads an image file; the media type comes from its first bytes, not its name.
  public init(contentsOf url: URL) throws(ModelError) {
    let data: Data
    do { data = try Data(contentsOf: url) } catch {
      throw ModelError(.badRequest, "\(url.path): cannot read the image", advice: "check the path")
    }
    guard let mediaType = Self.mediaType(of: data) else {
      throw ModelError(
        .badRequest, "\(url.path): not a PNG, JPEG, GIF or WebP image", advice: "convert it to PNG or JPEG first")
    }
    self.init(data: data, mediaType: mediaType)
  }

  /// `data:image/png;base64,...`, as OpenAI-compatible servers take images.
  public var dataURL: String { "data:\(mediaType);base64,\(data.base64EncodedString())" }

  /// The media type a file's magic bytes announce.
  public static func mediaType(of data: Data) -> String? {
    let head = [UInt8](data.prefix(12))
    if head.starts(with: [0x89, 0x50, 0x4E, 0x47]) { return "image/png" }
    if head.starts(with: [0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
    if head.starts(with: Array("GIF8".utf8)) { return "image/gif" }
    if head.count == 12, head.starts(with: Array("RIFF".utf8)), head[8..<12].elementsEqual("WEBP".utf8) {
      return "image/webp"
    }
    return nil
  }
}
