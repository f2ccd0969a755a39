import Foundation

/// The report's charts as inline SVG: no script, no external resource, text escaped.
public enum SVGChart {
  /// Escapes text for SVG and HTML.
  public static func escape(_ text: String) -> String {
    var escaped = ""
    escaped.reserveCapacity(text.utf8.count)
    for character in text {
      switch character {
      case "&": escaped += "&amp;"
      case "<": escaped += "&lt;"
      case ">": escaped += "&gt;"
      case "\"": escaped += "&quot;"
      case "'": escaped += "&#39;"
      default: escaped.append(character)
      }
    }
    return escaped
  }

  /// A line of the weekly median (a rate, or a count per post by `outcome`), with a dot per week that has
  /// one (weeks without leave a gap) and the number of posts under each week.
  public static func rateTrend(
    _ weeks: [WeekFigure], outcome: Outcome = .rate(nil, by: .reach), width: Int = 640, height: Int = 220
  ) -> String {
    let left = 48.0
    let right = 12.0
    let top = 16.0
    let bottom = 44.0
    let plotWidth = Double(width) - left - right
    let plotHeight = Double(height) - top - bottom
    let rates = weeks.compactMap(\.rate.median)
    let maximum = max((rates.max() ?? 0) * 1.15, outcome.isRate ? 0.01 : 1)
    let step = weeks.count > 1 ? plotWidth / Double(weeks.count - 1) : 0
    func x(_ index: Int) -> Double { left + (weeks.count > 1 ? Double(index) * step : plotWidth / 2) }
    func y(_ rate: Double) -> Double { top + plotHeight * (1 - rate / maximum) }
    var svg = """
      <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(width) \(height)" role="img" \
      aria-label="Median \(escape(outcome.label)) per week" class="chart">
      """
    for fraction in [0.0, 0.5, 1.0] {
      let value = maximum * fraction
      svg += String(
        format: "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"grid\"/>", left, y(value),
        left + plotWidth, y(value))
      svg += String(
        format: "<text x=\"%.1f\" y=\"%.1f\" class=\"axis\" text-anchor=\"end\">%@</text>", left - 6, y(value) + 4,
        escape(outcome.format(value)))
    }
    var segment: [String] = []
    func flush() {
      if segment.count > 1 { svg += "<polyline class=\"line\" points=\"\(segment.joined(separator: " "))\"/>" }
      segment = []
    }
    for (index, week) in weeks.enumerated() {
      if let rate = week.rate.median {
        segment.append(String(format: "%.1f,%.1f", x(index), y(rate)))
      } else {
        flush()
      }
    }
    flush()
    for (index, week) in weeks.enumerated() {
      if let rate = week.rate.median {
        svg += String(
          format: "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" class=\"dot\"><title>%@: %@ (n = %d)</title></circle>",
          x(index), y(rate), escape(week.week.description), escape(outcome.format(rate)), week.rate.n)
      }
      let label = String(week.week.description.suffix(3))
      svg += String(
        format: "<text x=\"%.1f\" y=\"%.1f\" class=\"axis\" text-anchor=\"middle\">%@</text>", x(index),
        Double(height) - 24, escape(label))
      svg += String(
        format: "<text x=\"%.1f\" y=\"%.1f\" class=\"count\" text-anchor=\"middle\">%d</text>", x(index),
        Double(height) - 8, week.posts)
    }
    return svg + "</svg>"
  }

  /// A weekday x hour grid: slots with enough posts coloured by their lift (green above 1, orange below),
  /// slots with a post or two in grey, empty slots blank.
  public static func heatmap(_ best: BestTimes, width: Int = 640) -> String {
    let left = 36.0
    let top = 18.0
    let cell = (Double(width) - left - 4) / 24
    let height = Int(top + cell * 7 + 4)
    var lifts: [Int: TimeSlot] = [:]
    for slot in best.slots { lifts[slot.weekday * 100 + slot.hour] = slot }
    var svg = """
      <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(width) \(height)" role="img" \
      aria-label="Best times to post by weekday and hour" class="chart">
      """
    for hour in stride(from: 0, to: 24, by: 3) {
      svg += String(
        format: "<text x=\"%.1f\" y=\"12\" class=\"axis\" text-anchor=\"middle\">%02d</text>",
        left + (Double(hour) + 0.5) * cell, hour)
    }
    let days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    for weekday in 1...7 {
      let rowY = top + Double(weekday - 1) * cell
      svg += String(format: "<text x=\"0\" y=\"%.1f\" class=\"axis\">%@</text>", rowY + cell * 0.7, days[weekday - 1])
      for hour in 0..<24 {
        let count = best.counts[weekday - 1][hour]
        let fill: String
        var title = "\(days[weekday - 1]) \(String(format: "%02d", hour)):00, \(count) post\(count == 1 ? "" : "s")"
        if let slot = lifts[weekday * 100 + hour] {
          let strength = min(abs(slot.shrunkLift - 1) / 0.75, 1)
          fill =
            slot.shrunkLift >= 1
            ? String(format: "rgba(22,163,74,%.2f)", 0.25 + 0.75 * strength)
            : String(format: "rgba(234,88,12,%.2f)", 0.25 + 0.75 * strength)
          title += String(format: ", lift %.2f", slot.shrunkLift)
        } else {
          fill = count > 0 ? "#e5e7eb" : "#ffffff"
        }
        svg += String(
          format:
            "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%@\" class=\"cell\"><title>%@</title></rect>",
          left + Double(hour) * cell, rowY, cell - 1, cell - 1, fill, escape(title))
      }
    }
    return svg + "</svg>"
  }
}
