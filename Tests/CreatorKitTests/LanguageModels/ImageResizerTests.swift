import Foundation
import Testing

@testable import CreatorKit

@Suite struct ImageResizerTests {
  let wide = try! ImageAttachment(contentsOf: fixtures.appendingPathComponent("posts/wide-loaf.png"))

  @Test func scalesALargePhotoDownToTheLongSideAndReencodesItAsJPEG() throws {
    #expect(ImageResizer.size(of: wide)! == (3000, 2000))
    let fitted = try ImageResizer.fitted(wide, source: "wide-loaf.png")
    #expect(fitted.mediaType == "image/jpeg")
    #expect(ImageAttachment.mediaType(of: fitted.data) == "image/jpeg")
    #expect(ImageResizer.size(of: fitted)! == (1568, 1045))
    // The JPEG path, with libjpeg's own pre-scaling.
    let smaller = try ImageResizer.fitted(fitted, maxSide: 300, source: "fitted.jpg")
    let size = try #require(ImageResizer.size(of: smaller))
    #expect(size.width == 300 && (199...200).contains(size.height))
    #expect(smaller.data.count < fitted.data.count)
  }

  @Test func leavesAnImageThatFitsAloneAndShrinksOneThatIsTooHeavy() throws {
    let fitted = try ImageResizer.fitted(wide, source: "wide-loaf.png")
    #expect(try ImageResizer.fitted(fitted, source: "fitted.jpg") == fitted)
    // Within the side limit but over the byte limit: re-encoded, then halved until it fits.
    let recoded = try ImageResizer.fitted(wide, maxSide: 4000, maxBytes: 20_000, source: "wide-loaf.png")
    #expect(recoded.mediaType == "image/jpeg" && recoded.data.count <= 20_000)
    #expect(ImageResizer.size(of: recoded)!.width < 3000)
  }

  @Test func namesAnImageItCannotRead() {
    let broken = ImageAttachment(
      data: Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0]), mediaType: "image/png")
    #expect {
      _ = try ImageResizer.fitted(broken, maxBytes: 4, source: "posts/broken.png")
    } throws: { error in
      "\(error)".hasPrefix("posts/broken.png: cannot read the image")
    }
    let gif = ImageAttachment(data: Data("GIF89a".utf8) + Data(count: 100), mediaType: "image/gif")
    #expect(throws: ModelError.self) { try ImageResizer.fitted(gif, maxBytes: 50, source: "anim.gif") }
  }
}
