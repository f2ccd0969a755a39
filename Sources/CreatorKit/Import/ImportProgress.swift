import Foundation

/// How far an import has come: the file it is reading and how far into it, which file of how many, the
/// posts read so far, and the bytes of all its files read and to read (for the time left).
public struct ImportProgress: Sendable {
  public var file: String
  public var bytesRead: Int
  public var fileSize: Int
  /// 1-based.
  public var fileNumber = 1
  public var fileCount = 1
  public var postsRead = 0
  public var importBytesRead = 0
  public var importBytes = 0

  /// `file 2 of 3 · 41,000 posts read`, with the time left once it can be told (`· 3 s left`).
  public func line(elapsed: Double) -> String {
    var parts = ["file \(fileNumber) of \(fileCount)", "\(NumberText.count(postsRead)) posts read"]
    if importBytesRead > 0, importBytes > importBytesRead, elapsed >= 1 {
      let left = elapsed * Double(importBytes - importBytesRead) / Double(importBytesRead)
      parts.append(left < 60 ? "\(Int(left.rounded(.up))) s left" : "\(Int((left / 60).rounded(.up))) min left")
    }
    return parts.joined(separator: " · ")
  }
}
