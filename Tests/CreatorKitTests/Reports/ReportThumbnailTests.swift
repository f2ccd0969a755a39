import Foundation
import Testing
import ZIPFoundation

@testable import CreatorKit

/// The report's top posts carry a small JPEG of their first photo, read again from the export (a folder or
/// a zip) they were imported from, and a link where the export gave one.
@Suite struct ReportThumbnailTests {
  let folder = try! TemporaryFolder()
  static let photo = "media/posts/202405/432700001_12900001_17900000000000001.jpg"

  /// The taco truck export with its first post's photo in place (a 3,000 px PNG under a `.jpg` name, as
  /// exports hold any image under that ending).
  func exportFolder() throws -> URL {
    let export = folder.url.appendingPathComponent("tacotruck_20240610")
    try FileManager.default.copyItem(at: fixtures.appendingPathComponent("instagram/tacotruck_20240610"), to: export)
    let image = try Data(contentsOf: fixtures.appendingPathComponent("posts/wide-loaf.png"))
    _ = try folder.file("tacotruck_20240610/\(Self.photo)", image)
    return export
  }

  func topPost(_ store: PostStore) throws -> WeeklyReport.PostLine {
    let posts = try store.posts(PostQuery())
    let week = ISOWeek(
      try #require(posts.first { $0.key == "media:17900000000000001" }).published.date,
      calendar: ISOWeek.calendar(in: .gmt))
    let report = try WeeklyReport(
      store: store, options: ReportOptions(account: "tacotruck", week: week, timeZone: .gmt))
    return try #require(report.topPosts.first { $0.key == "media:17900000000000001" })
  }

  func checkThumbnail(_ uri: String?) throws {
    let uri = try #require(uri, "no thumbnail")
    #expect(uri.hasPrefix("data:image/jpeg;base64,"))
    let jpeg = try #require(Data(base64Encoded: String(uri.dropFirst("data:image/jpeg;base64,".count))))
    #expect(jpeg.starts(with: [0xFF, 0xD8, 0xFF]) && jpeg.count < 20_000, "a small JPEG: \(jpeg.count) bytes")
    #expect(jpeg.range(of: Data("Exif".utf8)) == nil, "EXIF is dropped")
  }

  @Test func fromAFolder() throws {
    let store = try folder.store()
    try importInto(store, try exportFolder())
    try checkThumbnail(try topPost(store).thumbnail)
    let html = try ReportRenderer(format: .html).render(
      try WeeklyReport(
        store: store,
        options: ReportOptions(account: "tacotruck", week: ISOWeek("2024-W20"), timeZone: .gmt)))
    #expect(!html.contains("src=\"http"))
  }

  /// A PNG that JPEG compresses about as badly as a busy photo: smooth colour gradients under per-pixel
  /// noise of up to ±`noise` levels (stored uncompressed; zlib's stored blocks need no compressor).
  static func busyPNG(width: Int, height: Int, noise: Int, seed: UInt64) -> Data {
    var random = SplitMix64(seed: seed)
    var raw = [UInt8]()
    raw.reserveCapacity((width * 3 + 1) * height)
    for y in 0..<height {
      raw.append(0)
      for x in 0..<width {
        for channel in 0..<3 {
          let base = (x * (channel + 1) * 255 / width + y * (3 - channel) * 255 / height) % 256
          let jitter = Int(random.next() % UInt64(2 * noise + 1)) - noise
          raw.append(UInt8(min(max(base + jitter, 0), 255)))
        }
      }
    }
    func crc32(_ bytes: [UInt8]) -> UInt32 {
      var crc: UInt32 = 0xFFFF_FFFF
      for byte in bytes {
        crc ^= UInt32(byte)
        for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
      }
      return ~crc
    }
    func bigEndian(_ value: UInt32) -> [UInt8] { [24, 16, 8, 0].map { UInt8((value >> $0) & 0xFF) } }
    func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
      let body = Array(type.utf8) + data
      return bigEndian(UInt32(data.count)) + body + bigEndian(crc32(body))
    }
    var zlib: [UInt8] = [0x78, 0x01]
    var offset = 0
    repeat {
      let length = min(65_535, raw.count - offset)
      let last: UInt8 = offset + length == raw.count ? 1 : 0
      zlib += [last, UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8((~length >> 8) & 0xFF)]
      zlib += raw[offset..<offset + length]
      offset += length
    } while offset < raw.count
    var a: UInt32 = 1
    var b: UInt32 = 0
    for byte in raw {
      a = (a + UInt32(byte)) % 65_521
      b = (b + a) % 65_521
    }
    zlib += bigEndian(b << 16 | a)
    let header = bigEndian(UInt32(width)) + bigEndian(UInt32(height)) + [8, 2, 0, 0, 0]
    return Data(
      [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + chunk("IHDR", header) + chunk("IDAT", zlib) + chunk("IEND", [])
    )
  }

  @Test func aReportWithItsThumbnailsStaysSmall() throws {
    // Sixteen weeks of posts, each with a busy photo (noise JPEG compresses badly); a report on all sixteen
    // shows its ten best posts, each with its thumbnail: under 500 KB as one file.
    let store = try folder.store()
    let export = try exportFolder()
    var posts: [String] = []
    let first = 1_715_000_000 - 16 * 7 * 86_400
    let images = (0..<10).map { Self.busyPNG(width: 480, height: 320, noise: 24, seed: UInt64($0)) }
    for index in 0..<80 {
      let uri = "media/posts/202405/1_\(17_910_000_000_000_000 + index).jpg"
      _ = try folder.file("tacotruck_20240610/\(uri)", images[index % images.count])
      let time = first + index * 7 * 86_400 / 5
      posts.append(
        #"{"media": [{"uri": "\#(uri)", "creation_timestamp": \#(time), "title": "Post \#(index) #tacos"}]}"#)
    }
    _ = try folder.file(
      "tacotruck_20240610/your_instagram_activity/content/posts_1.json", "[" + posts.joined(separator: ",") + "]")
    try importInto(store, export)
    let calendar = ISOWeek.calendar(in: .gmt)
    let start = ISOWeek(Date(timeIntervalSince1970: TimeInterval(first)), calendar: calendar)
    let period = try #require(
      ReportPeriod.days(
        from: ReportPeriod.week(start).first, through: ReportPeriod.week(start).first.adding(days: 16 * 7 - 1)))
    let report = try WeeklyReport(
      store: store, options: ReportOptions(account: "tacotruck", period: period, timeZone: .gmt))
    #expect(report.trend.count == 16, "a week a point, all sixteen")
    #expect(report.shownPosts == 10)
    let shown = report.topPosts.prefix(report.shownPosts)
    #expect(shown.count == 10 && shown.allSatisfy { $0.thumbnail != nil })
    let html = try ReportRenderer(format: .html).render(report)
    #expect(html.components(separatedBy: "src=\"data:image/jpeg;base64,").count == 11, "ten thumbnails in the page")
    #expect(html.utf8.count < 500_000, "\(html.utf8.count) bytes")
  }

  /// Facebook's and X's exports carry their photos too: the first photo's path inside the export is kept at
  /// import (never a video's), and the report's thumbnail is made from it.
  @Test(arguments: [
    (
      "facebook/facebook-adabaker-2025-01-20-XyZ", "your_facebook_activity/posts/media/Mobileuploads_1/rye_1.jpg",
      ["your_facebook_activity/posts/media/Album_2/a.jpg"]
    ),
    ("x/twitter-2024-07-30-9f8e7d", "data/tweets_media/1800000000000000004-a.jpg", []),
  ])
  func facebookAndXPhotosToo(fixture: String, photo: String, others: [String]) throws {
    let export = folder.url.appendingPathComponent(fixture.split(separator: "/").last.map(String.init) ?? "")
    try FileManager.default.copyItem(at: fixtures.appendingPathComponent(fixture), to: export)
    let image = try Data(contentsOf: fixtures.appendingPathComponent("posts/wide-loaf.png"))
    _ = try folder.file("\(export.lastPathComponent)/\(photo)", image)
    let store = try folder.store()
    try importInto(store, export)
    let ids = try store.posts(PostQuery()).map(\.id)
    let found = try store.mediaAndLinks(of: ids).compactMapValues(\.media)
    #expect(Set(found.values.map(\.path)) == Set([photo] + others))
    #expect(found.values.allSatisfy { $0.export == export.path })
    let post = try #require(found.first { $0.value.path == photo })
    try checkThumbnail(PostThumbnail.dataURI(post.value))
    // A photo the export does not hold: a placeholder, no error.
    if let other = found.first(where: { $0.value.path != photo }) { #expect(PostThumbnail.dataURI(other.value) == nil) }
  }

  @Test func fromAZipAndAPlaceholderOnceTheExportIsGone() throws {
    let export = try exportFolder()
    let zip = folder.url.appendingPathComponent("tacotruck_20240610.zip")
    try FileManager.default.zipItem(at: export, to: zip)
    try FileManager.default.removeItem(at: export)
    let store = try folder.store()
    try importInto(store, zip)
    try checkThumbnail(try topPost(store).thumbnail)
    try FileManager.default.removeItem(at: zip)
    #expect(try topPost(store).thumbnail == nil, "the export moved: a placeholder, no error")
  }
}
