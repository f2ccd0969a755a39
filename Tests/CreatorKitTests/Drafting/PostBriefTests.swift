import Foundation
import Testing

@testable import CreatorKit

@Suite struct PostBriefTests {
  @Test func readsTheBundledPostFile() throws {
    let brief = try PostBrief.load(fixtures.appendingPathComponent("posts/rye-saturday.md"))
    #expect(brief.id == "rye-saturday")
    #expect(brief.platforms == [.instagram, .x])
    #expect(brief.account == "demo.bakery")
    #expect(brief.goal == .saves)
    #expect(brief.callToAction == "Pre-order by Friday noon")
    #expect(brief.include == ["rye", "Saturday"] && brief.avoid == ["cheap"])
    #expect(brief.links == ["https://oventhyme.example/order"])
    #expect(brief.planned == Date(timeIntervalSince1970: 1_796_461_200))
    #expect(brief.notes.hasPrefix("36-hour ferment"))
  }

  @Test(arguments: [
    ("---\nplatform: instagram\ntopic: x\ncolour: red\n---\n", "post.md:4: field 'colour': unknown field"),
    ("---\nplatform: myspace\ntopic: x\n---\n", "post.md:2: field 'platform': unknown platform 'myspace'"),
    ("---\nplatform: x\ntopic: t\ngoal: fame\n---\n", "post.md:4: field 'goal': unknown goal 'fame'"),
    ("---\nplatform: x\n---\nnotes only", "post.md: field 'topic': a brief needs a topic"),
    ("---\ntopic: t\n---\n", "post.md: field 'platforms': a brief needs a platform"),
    (
      "---\nplatform: x\ntopic: t\nplanned: next friday\n---\n",
      "post.md:4: field 'planned': 'next friday' is not a time"
    ),
    (
      "---\nplatform: x\ntopic: t\nlinks: [ftp://a]\n---\n",
      "post.md:4: field 'links': 'ftp://a' is not an http(s) link"
    ),
    ("platform: x\ntopic: t\n", "post.md:1: a post file starts with '---'"),
    ("---\nplatform: x\ntopic: t\n", "post.md: the front matter has no closing '---' line"),
    ("---\nplatform: [x\n---\n", "post.md: the front matter is not valid YAML"),
  ])
  func namesTheFileAndFieldOfAMistake(text: String, message: String) {
    #expect {
      _ = try PostBrief.parse(text, source: "post.md")
    } throws: { error in
      "\(error)".hasPrefix(message)
    }
  }

  @Test func readsAContentCalendar() throws {
    let folder = try TemporaryFolder()
    let csv = try folder.file(
      "calendar.csv",
      "id,Platforms,Topic,Goal,Include,Planned,Notes\n"
        + "p1,instagram;threads,Rye is back,saves,rye;Saturday,2026-12-05 10:00,\"Only 30 loaves.\nPre-order.\"\n"
        + ",,,,,,\n"
        + ",x,Fika week,comments,,,\n")
    let briefs = try ContentCalendar.load(csv)
    #expect(briefs.map(\.id) == ["p1", "row-4"])
    #expect(briefs[0].platforms == [.instagram, .threads] && briefs[0].include == ["rye", "Saturday"])
    #expect(briefs[0].notes == "Only 30 loaves.\nPre-order.")
    #expect(briefs[1].goal == .comments && briefs[1].source.hasSuffix("calendar.csv, row 4"))

    let bad = try folder.file("bad.csv", "topic,platform,goal\nA,instagram,reach\nB,instagram,fame\n")
    #expect {
      _ = try ContentCalendar.load(bad)
    } throws: { error in
      "\(error)".contains("bad.csv, row 3:3: field 'goal': unknown goal 'fame'")
    }
  }
}
