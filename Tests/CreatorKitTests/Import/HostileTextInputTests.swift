import Foundation
import Testing

@testable import CreatorKit

#if canImport(Glibc)
  import Glibc
#endif

/// Hostile text files the drafting and report commands read (issue 18): deep templates, YAML aliases,
/// oversized post files and calendars. Each is refused with one line naming the file and the place.
@Suite struct HostileTextInputTests {
  let folder: TemporaryFolder

  init() throws {
    folder = try TemporaryFolder()
  }

  @Test(arguments: TestEngine.available) func templateNestedTooDeepIsRefused(_ engine: TestEngine) throws {
    let store = try engine.makeStore()
    try importInto(store, fixtures.appendingPathComponent("business-suite/demo-bakery-Jun-29-2026_Nov-22-2026.csv"))
    let report = try WeeklyReport(store: store, options: ReportOptions(account: "demo.bakery", timeZone: .gmt))
    let depth = 5_000
    let deep =
      (0..<depth).map { "{{#s\($0)}}" }.joined(separator: "\n") + (0..<depth).reversed().map { "{{/s\($0)}}" }.joined()
    let path = try folder.file("deep.mustache", deep).path
    #expect(throws: ReportError.template("\(path): line 201: sections nested more than 200 deep")) {
      try ReportRenderer(format: .markdown, templatePath: path).render(report)
    }
    // Changed delimiters do not hide the sections.
    let hidden = "{{=<% %>=}}\n" + String(repeating: "<%#a%>", count: 300) + String(repeating: "<%/a%>", count: 300)
    #expect(TemplateNesting.lineTooDeep(in: hidden) == 2)
    // The built-in templates and a template at the limit still render.
    #expect(TemplateNesting.lineTooDeep(in: ReportTemplates.html) == nil)
    let atLimit = String(repeating: "{{#a}}", count: 200) + "x" + String(repeating: "{{/a}}", count: 200)
    let ok = try folder.file("ok.mustache", atLimit).path
    #expect(try ReportRenderer(format: .markdown, templatePath: ok).render(report).isEmpty)
  }

  @Test(arguments: [
    "---\ntopic: &a bread\nplatforms: [instagram]\n---\nnotes\n",
    "---\ntopic: bread\nplatforms: [instagram]\n*a : x\n---\nnotes\n",
    "---\ntopic: bread\nplatforms: [instagram, *b]\n---\n",
    "---\ntopic: bread\nplatforms:\n  - *b\n---\n",
    "---\ntopic: !!str *b\nplatforms: [instagram]\n---\n",
  ])
  func yamlAliasesInAPostFileAreRefused(_ text: String) throws {
    let start = ContinuousClock.now
    #expect {
      try PostBrief.parse(text, source: "post.md")
    } throws: { error in
      "\(error)".contains("anchors and aliases") && "\(error)".hasPrefix("post.md:")
    }
    #expect(ContinuousClock.now - start < .seconds(5))
  }

  @Test func yamlAsteriskAndAmpersandInTextStillRead() throws {
    let brief = try PostBrief.parse(
      "---\ntopic: Q&A about rye * spelt # a comment with *star\nplatforms: [instagram]\ntone: 'it''s *fine*'\n"
        + "audience: |\n  *bakers* & friends\n---\nnotes\n",
      source: "post.md")
    #expect(brief.topic == "Q&A about rye * spelt")
    #expect(brief.audience == "*bakers* & friends")
  }

  @Test func yamlAliasInTheConfigurationIsRefused() {
    #expect {
      try ModelConfiguration.parse("models:\n  *a : {provider: openai}\n", path: "models.yaml", environment: [:])
    } throws: { error in
      "\(error)".contains("models.yaml:2:3") && "\(error)".contains("aliases")
    }
  }

  @Test func oversizedPostFilesAreRefused() throws {
    let front =
      "---\ntopic: bread\nplatforms: [instagram]\ninclude: ["
      + (0..<20_000).map { "w\($0)" }.joined(separator: ", ") + "]\n---\n"
    #expect {
      try PostBrief.parse(front, source: "big.md")
    } throws: { error in
      "\(error)" == "big.md:2: the front matter is longer than 64 KiB"
    }
    let notes = "---\ntopic: bread\nplatforms: [instagram]\n---\n" + String(repeating: "bread ", count: 200_000)
    #expect {
      try PostBrief.parse(notes, source: "long.md")
    } throws: { error in
      "\(error)" == "long.md: the notes are longer than 1 MiB"
    }
    let file = try folder.file("huge.md", Data(count: 3 << 20))
    #expect {
      try PostBrief.load(file)
    } throws: { error in
      "\(error)".hasSuffix("the post file is larger than 1 MiB: not a post's brief")
    }
  }

  @Test func longListsInABriefAreRefused() throws {
    let tags = (0..<2_000).map { "t\($0)" }
    #expect {
      try PostBrief.parse(
        "---\ntopic: bread\nplatforms: [instagram]\ninclude: [\(tags.joined(separator: ", "))]\n---\n", source: "p.md")
    } throws: { error in
      "\(error)" == "p.md:4: field 'include': 2000 items; a brief takes at most 100"
    }
    let url = try folder.file("calendar.csv", "topic,platforms,avoid\nrye,instagram,\(tags.joined(separator: ";"))\n")
    #expect {
      try ContentCalendar.load(url)
    } throws: { error in
      "\(error)".hasSuffix("field 'avoid': 2000 items; a brief takes at most 100")
    }
    let fine = try PostBrief.parse(
      "---\ntopic: bread\nplatforms: [instagram]\ninclude: [\(tags.prefix(100).joined(separator: ", "))]\n---\n",
      source: "p.md")
    #expect(fine.include.count == 100)
  }

  @Test func calendarRowWithMoreColumnsThanItsHeaderIsRefused() throws {
    let url = try folder.file(
      "calendar.csv", "topic,platforms\nrye bread,instagram\nspelt, with a comma,instagram\n")
    #expect {
      try ContentCalendar.load(url)
    } throws: { error in
      "\(error)" == "\(url.path):3: 3 columns, but the header names 2 (a comma in an unquoted cell?)"
    }
  }

  @Test func calendarWithTooManyRowsIsRefused() throws {
    let rows = (0...ContentCalendar.mostRows).map { "topic \($0),instagram" }.joined(separator: "\n")
    let url = try folder.file("calendar.csv", "topic,platforms\n" + rows + "\n")
    #expect {
      try ContentCalendar.load(url)
    } throws: { error in
      "\(error)".contains("more than \(ContentCalendar.mostRows) planned posts")
    }
  }

  @Test func calendarOfNULBytesIsRefusedQuickly() throws {
    var data = Data("topic,platforms\n".utf8)
    data.append(Data(count: 8 << 20))
    let url = try folder.file("zeros.csv", data)
    #expect {
      try ContentCalendar.load(url)
    } throws: { error in
      "\(error)".contains(":2: a NUL byte")
    }
  }

  /// A pipe where a file belongs: refused at once. On code that opens it, a writer comes after 3 s so the
  /// test ends (and fails) instead of hanging.
  func pipe(_ name: String) throws -> URL {
    let path = folder.url.appendingPathComponent(name).path
    #expect(mkfifo(path, 0o600) == 0)
    Thread {
      Thread.sleep(forTimeInterval: 3)
      let descriptor = open(path, O_WRONLY | O_NONBLOCK)
      if descriptor >= 0 { close(descriptor) }
    }.start()
    return URL(fileURLWithPath: path)
  }

  @Test(arguments: TestEngine.available) func pipesAsPostFilesCalendarsAndTemplatesAreRefused(_ engine: TestEngine)
    throws
  {
    #expect {
      try PostBrief.load(try pipe("post.md"))
    } throws: { error in
      "\(error)".hasSuffix("not a regular file)")
    }
    #expect {
      try ContentCalendar.load(try pipe("calendar.csv"))
    } throws: { error in
      "\(error)".hasSuffix("not a regular file)")
    }
    let template = try pipe("report.mustache")
    let store = try engine.makeStore()
    try importInto(store, fixtures.appendingPathComponent("business-suite/demo-bakery-Jun-29-2026_Nov-22-2026.csv"))
    let report = try WeeklyReport(store: store, options: ReportOptions(account: "demo.bakery", timeZone: .gmt))
    #expect {
      try ReportRenderer(format: .markdown, templatePath: template.path).render(report)
    } throws: { error in
      "\(error)".contains("not a regular file")
    }
  }
}
