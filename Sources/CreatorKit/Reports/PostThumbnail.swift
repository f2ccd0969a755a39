import Foundation
import ZIPFoundation

/// A report's small picture of a post: its first photo, read again from the export it was imported from (a
/// zip or a folder), scaled to 160 px and re-encoded as JPEG (EXIF and GPS gone), as a data URI so the HTML
/// stays one file that loads nothing. Nil when the export has moved, the photo is not there or cannot be read:
/// the report then shows a placeholder.
enum PostThumbnail {
  static let side = 160
  /// Photos larger than this are not read.
  static let largestPhoto = 40 << 20

  static func dataURI(_ media: MediaLocation) -> String? {
    guard let data = photo(media), let jpeg = ImageResizer.thumbnail(data, side: side) else { return nil }
    return "data:image/jpeg;base64," + jpeg.base64EncodedString()
  }

  /// The photo's bytes from the export.
  static func photo(_ media: MediaLocation) -> Data? {
    let path = media.path.replacingOccurrences(of: "\\", with: "/")
    guard ExportSource.isContained(path) else { return nil }
    let export = URL(fileURLWithPath: media.export)
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: export.path, isDirectory: &isDirectory) else { return nil }
    if isDirectory.boolValue {
      // The path is from the export's root, which may be the folder imported or a folder inside it.
      let children =
        (try? FileManager.default.contentsOfDirectory(at: export, includingPropertiesForKeys: nil)) ?? []
      for folder in [export] + children {
        let file = folder.appendingPathComponent(path)
        guard let size = (try? file.resourceValues(forKeys: [.fileSizeKey]))?.fileSize, size <= largestPhoto else {
          continue
        }
        if let data = try? Data(contentsOf: file) { return data }
      }
      return nil
    }
    guard let archive = try? Archive(url: export, accessMode: .read),
      let entry = archive.first(where: { $0.type == .file && ($0.path == path || $0.path.hasSuffix("/" + path)) }),
      entry.uncompressedSize <= UInt64(largestPhoto)
    else { return nil }
    var data = Data()
    do {
      _ = try archive.extract(entry) { chunk in
        guard data.count + chunk.count <= largestPhoto else { throw CocoaError(.fileReadTooLarge) }
        data.append(chunk)
      }
    } catch {
      return nil
    }
    return data
  }
}
