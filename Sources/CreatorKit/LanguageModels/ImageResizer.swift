import CImageResize
import Foundation

/// Fits images to what vision models take: a PNG or JPEG whose long side is over `maxSide` pixels or whose
/// file is over `maxBytes` is scaled down (area averaging, transparency onto white) and re-encoded as JPEG
/// through libjpeg and libpng. Anthropic scales anything over 1,568 px down on its side anyway and refuses
/// files over 5 MB; OpenAI's high detail tiles 2,048 px. Sending 1,568 px saves tokens and upload time on both.
public enum ImageResizer {
  public static let maxSide = 1568
  public static let maxBytes = 3_750_000

  /// The image as it should be sent, with its pixel size when it is a PNG or JPEG.
  public static func fitted(_ image: ImageAttachment, maxSide: Int = maxSide, maxBytes: Int = maxBytes, source: String)
    throws -> ImageAttachment
  {
    guard image.mediaType == "image/png" || image.mediaType == "image/jpeg" else {
      guard image.data.count <= maxBytes else {
        throw ModelError(
          .badRequest, "\(source): a \(image.mediaType) of \(megabytes(image.data.count)) is too large to send",
          advice: "convert it to JPEG or PNG, which creator scales down itself")
      }
      return image
    }
    // A photo that is still too heavy at this size goes round again at half the side, a few times at most.
    var side = maxSide
    var current = image
    for _ in 0..<4 {
      let result = fit(current.data, maxSide: side, maxBytes: maxBytes)
      switch result.status {
      case Int(CIMAGE_UNCHANGED):
        return current
      case Int(CIMAGE_RESIZED):
        current = ImageAttachment(data: result.data, mediaType: "image/jpeg")
        if result.data.count <= maxBytes { return current }
        side = max(1, max(result.width, result.height) / 2)
      default:
        throw ModelError(
          .badRequest, "\(source): cannot read the image (\(result.message))", advice: "export it again as JPEG")
      }
    }
    throw ModelError(.badRequest, "\(source): still \(megabytes(current.data.count)) after scaling down")
  }

  /// A JPEG at most `side` pixels on its long side, re-encoded whatever its size (which drops EXIF, GPS
  /// included); nil when the data is not a PNG or JPEG libpng or libjpeg can read.
  public static func thumbnail(_ data: Data, side: Int) -> Data? {
    let result = fit(data, maxSide: side, maxBytes: 0)
    return result.status == Int(CIMAGE_RESIZED) ? result.data : nil
  }

  /// One pass of the C shim: its status, the new JPEG (when resized), the final size, and its error text.
  private static func fit(_ data: Data, maxSide: Int, maxBytes: Int)
    -> (status: Int, data: Data, width: Int, height: Int, message: String)
  {
    var output: UnsafeMutablePointer<UInt8>?
    var outputSize = 0
    var width: Int32 = 0
    var height: Int32 = 0
    var error = [CChar](repeating: 0, count: 256)
    let status = data.withUnsafeBytes { bytes in
      cimage_fit(
        bytes.bindMemory(to: UInt8.self).baseAddress, bytes.count, Int32(maxSide), maxBytes, 85, &output, &outputSize,
        &width, &height, &error, error.count)
    }
    defer { cimage_free(output) }
    let message = String(decoding: error.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    return (
      Int(status), output.map { Data(bytes: $0, count: outputSize) } ?? Data(), Int(width), Int(height), message
    )
  }

  /// The pixel size of a PNG or JPEG, read from its header.
  public static func size(of image: ImageAttachment) -> (width: Int, height: Int)? {
    let result = fit(image.data, maxSide: Int(Int32.max), maxBytes: Int.max)
    return result.status == Int(CIMAGE_UNCHANGED) ? (result.width, result.height) : nil
  }

  static func megabytes(_ bytes: Int) -> String {
    String(format: "%.1f MB", Double(bytes) / 1_000_000)
  }
}
