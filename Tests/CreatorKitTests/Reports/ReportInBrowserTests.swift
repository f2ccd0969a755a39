import Foundation
import Testing

@testable import CreatorKit

/// The HTML report as people see it: rendered by a real headless Chromium (Debian's `chromium`) at phone and
/// desktop widths, in light and dark schemes. A copy of the page gets a measuring script (the report itself
/// stays script-free) that writes what it measured into the DOM Chromium dumps. Without Chromium these tests
/// are skipped, unless `CREATOR_REQUIRE_CHROMIUM=1` (set by CI), which makes a missing browser a failure.
/// Screenshots go to `Benchmarks/out/` (ignored by git) for a person to look at.
@Suite(.serialized) struct ReportInBrowserTests {
  static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first {
    FileManager.default.isExecutableFile(atPath: $0)
  }
  static let required = ProcessInfo.processInfo.environment["CREATOR_REQUIRE_CHROMIUM"] == "1"
  static let screenshots = fixtures.deletingLastPathComponent().appendingPathComponent("Benchmarks/out")

  let folder = try! TemporaryFolder()

  /// The demo bakery's report (its last week, or `period`) as HTML, written to the test's folder.
  func reportPage(period: ReportPeriod? = nil) throws -> (url: URL, html: String) {
    let store = try folder.store()
    try importInto(
      store, fixtures.appendingPathComponent("business-suite/demo-bakery-Jun-29-2026_Nov-22-2026.csv"),
      timeZone: "Europe/Berlin")
    let report = try WeeklyReport(
      store: store,
      options: ReportOptions(
        account: "demo.bakery", period: period, timeZone: TimeZone(identifier: "Europe/Berlin")!))
    let html = try ReportRenderer(format: .html).render(report)
    let url = folder.url.appendingPathComponent("report.html")
    try html.write(to: url, atomically: true, encoding: .utf8)
    return (url, html)
  }

  /// A page that shows the report in a frame `width` pixels wide (Chromium's headless window is never
  /// narrower than 500 px, a phone is 360 to 430) and measures it once loaded, writing what it found into
  /// `<body data-measured="...">`. The report itself stays script-free.
  static func measuring(_ report: URL, width: Int) -> String {
    """
    <!DOCTYPE html><html><body style="margin:0">
    <iframe id="report" src="\(report.lastPathComponent)" style="width:\(width)px;height:1500px;border:0"></iframe>
    <script>
    document.getElementById('report').addEventListener('load', (event) => {
      const frame = event.target.contentWindow, page = frame.document, root = page.documentElement;
      const wide = [...page.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > frame.innerWidth + 1)
        .map(e => e.tagName + '.' + e.className).slice(0, 5);
      const texts = [...page.querySelectorAll('svg text')].filter(e => frame.getComputedStyle(e).display !== 'none')
        .map(e => e.getBoundingClientRect().height).filter(h => h > 0);
      document.body.setAttribute('data-measured', JSON.stringify({
        scrollWidth: root.scrollWidth, innerWidth: frame.innerWidth, wide: wide,
        background: frame.getComputedStyle(page.body).backgroundColor,
        images: [...page.images].map(i => i.src.slice(0, 11)),
        requests: frame.performance.getEntriesByType('resource').length,
        smallestChartText: texts.length ? Math.min(...texts) : null
      }));
    });
    </script></body></html>
    """
  }

  /// Opens `page` in a frame `width` wide and returns what was measured; saves a screenshot of it.
  func measure(_ page: URL, width: Int, dark: Bool = false, name: String) throws -> [String: Any] {
    let chromium = try #require(Self.chromium)
    let wrapper = page.deletingLastPathComponent().appendingPathComponent("measured-\(name).html")
    try Self.measuring(page, width: width).write(to: wrapper, atomically: true, encoding: .utf8)
    var arguments = [
      "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
      "--allow-file-access-from-files", "--window-size=\(max(width, 500)),1500", "--virtual-time-budget=5000",
    ]
    if dark { arguments.append("--blink-settings=preferredColorScheme=0") }
    let dom = try run(chromium, arguments + ["--dump-dom", wrapper.absoluteString])
    try FileManager.default.createDirectory(at: Self.screenshots, withIntermediateDirectories: true)
    _ = try? run(
      chromium,
      arguments + [
        "--screenshot=\(Self.screenshots.appendingPathComponent("report-\(name).png").path)", wrapper.absoluteString,
      ])
    let attribute = try #require(dom.firstMatch(of: /data-measured="([^"]*)"/)?.1, "the page did not measure itself")
    let json = String(attribute).replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(
      of: "&amp;", with: "&")
    return try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
  }

  func run(_ executable: String, _ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self)
  }

  func skipUnlessChromium() throws -> Bool {
    if Self.chromium == nil {
      #expect(!Self.required, "CREATOR_REQUIRE_CHROMIUM=1 but no chromium is installed")
      return false
    }
    return true
  }

  @Test(arguments: [360, 390, 1280])
  func nothingIsWiderThanTheScreen(width: Int) throws {
    guard try skipUnlessChromium() else { return }
    let page = try reportPage()
    let measured = try measure(page.url, width: width, name: "\(width)")
    let scrollWidth = try #require(measured["scrollWidth"] as? Int)
    let innerWidth = try #require(measured["innerWidth"] as? Int)
    #expect(innerWidth == width, "the frame is the screen's width")
    #expect(scrollWidth <= innerWidth, "the page scrolls sideways at \(width) px: \(measured["wide"] ?? "")")
    #expect((measured["wide"] as? [String])?.isEmpty == true, "wider than the screen: \(measured["wide"] ?? "")")
    #expect(measured["requests"] as? Int == 0, "the page loaded something")
    #expect((measured["images"] as? [String])?.allSatisfy { $0.hasPrefix("data:") } == true)
    // Chart labels stay readable: no visible chart text under 8 px tall.
    let smallest = try #require(measured["smallestChartText"] as? Double)
    #expect(smallest >= 8, "chart text is \(smallest) px tall at \(width) px")
  }

  /// A month's report, with ten top posts and a follower tile that says the export has no counts, fits a
  /// phone and a desktop (screenshots `report-month-390.png`, `report-month-1280.png`).
  @Test(arguments: [390, 1280])
  func aMonthFitsThePhoneAndTheDesktop(width: Int) throws {
    guard try skipUnlessChromium() else { return }
    let page = try reportPage(period: ReportPeriod.month("2026-10"))
    #expect(page.html.contains("<h1>@demo.bakery on Instagram: October 2026</h1>"))
    #expect(page.html.contains("not in your export"))
    let measured = try measure(page.url, width: width, name: "month-\(width)")
    let scrollWidth = try #require(measured["scrollWidth"] as? Int)
    #expect(scrollWidth <= width, "the page scrolls sideways at \(width) px: \(measured["wide"] ?? "")")
    #expect((measured["wide"] as? [String])?.isEmpty == true, "wider than the screen: \(measured["wide"] ?? "")")
    let smallest = try #require(measured["smallestChartText"] as? Double)
    #expect(smallest >= 8, "chart text is \(smallest) px tall at \(width) px")
  }

  @Test func theDarkSchemeApplies() throws {
    guard try skipUnlessChromium() else { return }
    let page = try reportPage()
    let light = try measure(page.url, width: 390, name: "390-light")
    let dark = try measure(page.url, width: 390, dark: true, name: "390-dark")
    #expect(light["background"] as? String == "rgb(248, 250, 252)")
    #expect(dark["background"] as? String == "rgb(11, 17, 32)")
  }

  @Test func thePageLoadsNothing() throws {
    let page = try reportPage().html
    #expect(!page.contains("<script"), "the report is script-free")
    // Links to the posts (`<a href="https://...">`) load nothing until clicked; sources and styles would.
    for pattern in [#"src="http"#, "url(http", "@import", "<link"] {
      #expect(!page.contains(pattern), "\(pattern) in the report")
    }
  }
}

/// The report's palette against WCAG 2.1 AA: 4.5:1 for text on its backgrounds, in both schemes.
@Suite struct ReportPaletteTests {
  /// `--name: #rrggbb` pairs of the first block after `marker` in the built-in HTML template.
  static func palette(after marker: String) throws -> [String: String] {
    let template = ReportTemplates.html
    let start = try #require(template.range(of: marker))
    let block = template[start.upperBound...].prefix { $0 != "}" }
    var colours: [String: String] = [:]
    for match in block.matches(of: /--([a-z-]+):\s*(#[0-9a-fA-F]{6})/) { colours[String(match.1)] = String(match.2) }
    return colours
  }

  static func luminance(_ hex: String) -> Double {
    let value = Int(hex.dropFirst(), radix: 16) ?? 0
    let channels = [(value >> 16) & 0xFF, (value >> 8) & 0xFF, value & 0xFF].map { Double($0) / 255 }
    let linear = channels.map { $0 <= 0.03928 ? $0 / 12.92 : pow(($0 + 0.055) / 1.055, 2.4) }
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
  }

  static func contrast(_ a: String, _ b: String) -> Double {
    let (x, y) = (luminance(a), luminance(b))
    return (max(x, y) + 0.05) / (min(x, y) + 0.05)
  }

  @Test(arguments: [":root {", "@media (prefers-color-scheme: dark) {\n    :root {"])
  func textPassesAA(scheme: String) throws {
    let colours = try Self.palette(after: scheme)
    let pairs = [
      ("ink", "page"), ("ink", "card"), ("muted", "page"), ("muted", "card"), ("tag-ink", "tag"), ("accent", "card"),
    ]
    for (text, background) in pairs {
      let ratio = Self.contrast(try #require(colours[text]), try #require(colours[background]))
      #expect(ratio >= 4.5, "\(text) on \(background): \(String(format: "%.2f", ratio)):1")
    }
    #expect(Self.contrast("#000000", "#ffffff") > 20.9, "the formula itself")
  }
}
