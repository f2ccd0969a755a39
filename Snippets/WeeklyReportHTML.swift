// Write last week's report for one account as a self-contained HTML file.
import CreatorKit
import Foundation

// snippet.show
let store = try PostStore(path: PostStore.defaultPath(), mode: .existingOnly)
let report = try WeeklyReport(
  store: store, options: ReportOptions(account: "demo.bakery", timeZone: TimeZone(identifier: "Europe/Berlin")!))
let html = try ReportRenderer(format: .html).render(report)
try html.write(toFile: "week.html", atomically: true, encoding: .utf8)

// The same report with your own template: start from the built-in one.
let template = ReportRenderer.builtInTemplate(.markdown) ?? ""
try template.write(toFile: "my-report.md.mustache", atomically: true, encoding: .utf8)
let markdown = try ReportRenderer(format: .markdown, templatePath: "my-report.md.mustache").render(report)
print(markdown)
// snippet.end
