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
  /// one (weeks without leave a gap), round ticks on the value axis (0%, 5%, 10%), the week's first day under
  /// each week ("16 Nov"; over 13 weeks, every second, third or fourth so that 13 at most are labelled) and
  /// the number of posts under that. The weeks at the indices `shaded` (a month's in a longer trend) get a
  /// light band behind them.
  public static func rateTrend(
    _ weeks: [WeekFigure], outcome: Outcome = .rate(nil, by: .reach), timeZone: TimeZone = .current,
    shaded: ClosedRange<Int>? = nil, width: Int = 640, height: Int = 240
  ) -> String {
    let left = 58.0
    let right = 30.0
    let top = 16.0
    let bottom = 48.0
    let plotWidth = Double(width) - left - right
    let plotHeight = Double(height) - top - bottom
    let rates = weeks.compactMap(\.rate.median)
    let ticks = niceTicks(upTo: max(rates.max() ?? 0, outcome.isRate ? 0.01 : 1))
    let maximum = ticks.last ?? 1
    let step = weeks.count > 1 ? plotWidth / Double(weeks.count - 1) : 0
    func x(_ index: Int) -> Double { left + (weeks.count > 1 ? Double(index) * step : plotWidth / 2) }
    func y(_ rate: Double) -> Double { top + plotHeight * (1 - rate / maximum) }
    let title = "Median \(outcome.label) per week"
    var svg = """
      <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(width) \(height)" role="img" \
      aria-label="\(escape(title))" class="chart">
      """
    if let shaded, weeks.count > 1, shaded.lowerBound >= 0, shaded.upperBound < weeks.count {
      let from = max(left, x(shaded.lowerBound) - step / 2)
      let to = min(left + plotWidth, x(shaded.upperBound) + step / 2)
      svg += String(
        format:
          "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" class=\"band\" fill=\"#8b5cf6\" fill-opacity=\"0.12\"/>",
        from, top, to - from, plotHeight)
    }
    for value in ticks {
      svg += String(
        format: "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"grid\"/>", left, y(value),
        left + plotWidth, y(value))
      svg += String(
        format: "<text x=\"%.1f\" y=\"%.1f\" class=\"axis\" text-anchor=\"end\">%@</text>", left - 6, y(value) + 4,
        escape(tickLabel(value, ticks: ticks, isRate: outcome.isRate)))
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
    let day = DateFormatter()
    day.locale = Locale(identifier: "en_US_POSIX")
    day.timeZone = timeZone
    day.dateFormat = "d MMM"
    let labelStep = max(1, (weeks.count + 12) / 13)
    for (index, week) in weeks.enumerated() {
      let start = day.string(from: week.start)
      if let rate = week.rate.median {
        svg += String(
          format:
            "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" class=\"dot\"><title>%@ (%@): %@ (n = %d)</title></circle>",
          x(index), y(rate), escape(start), escape(week.week.description), escape(outcome.format(rate)), week.rate.n)
      }
      // Up to 13 weeks each get a label, more every `labelStep`-th, counted from the report's own week; every
      // third of those stays on a phone, the others are `minor`.
      let fromEnd = weeks.count - 1 - index
      guard fromEnd % labelStep == 0 else { continue }
      let minor = (fromEnd / labelStep) % 3 == 0 ? "" : " minor"
      svg += String(
        format: "<text x=\"%.1f\" y=\"%.1f\" class=\"axis%@\" text-anchor=\"middle\">%@</text>", x(index),
        Double(height) - 26, minor, escape(start))
      svg += String(
        format: "<text x=\"%.1f\" y=\"%.1f\" class=\"count%@\" text-anchor=\"middle\">%d post%@</text>", x(index),
        Double(height) - 8, minor, week.posts, week.posts == 1 ? "" : "s")
    }
    return svg + "</svg>"
  }

  /// Round values from 0 past `maximum` for a value axis: steps of 1, 2, 2.5 or 5 times a power of ten, four
  /// or five of them.
  static func niceTicks(upTo maximum: Double) -> [Double] {
    guard maximum.isFinite, maximum > 0 else { return [0, 1] }
    let raw = maximum / 4
    let magnitude = pow(10, (log10(raw)).rounded(.down))
    let step = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
    let count = Int((maximum / step).rounded(.up))
    return (0...max(count, 1)).map { Double($0) * step }
  }

  /// `5%` or `2.5%` for rates (as few decimals as the ticks need), `1,200` for counts.
  static func tickLabel(_ value: Double, ticks: [Double], isRate: Bool) -> String {
    let scale = isRate ? 100.0 : 1
    let step = ticks.count > 1 ? (ticks[1] - ticks[0]) * scale : 1
    var decimals = 0
    while decimals < 4 && abs(step * pow(10, Double(decimals)) - (step * pow(10, Double(decimals))).rounded()) > 1e-6 {
      decimals += 1
    }
    let number = value * scale
    let text =
      decimals == 0 && abs(number) < 1e15 ? Int(number.rounded()).formatted() : String(format: "%.\(decimals)f", number)
    return isRate ? text + "%" : text
  }

  /// A weekday x hour grid: slots with enough posts coloured by their lift (green above 1, orange below),
  /// slots with a post or two in grey, empty slots blank.
  public static func heatmap(_ best: BestTimes, clock: Clock = .h24, width: Int = 640) -> String {
    let left = 44.0
    let top = 22.0
    let cell = (Double(width) - left - 4) / 24
    let legendTop = top + cell * 7 + 10
    let height = Int(legendTop + 30)
    var lifts: [Int: TimeSlot] = [:]
    for slot in best.slots { lifts[slot.weekday * 100 + slot.hour] = slot }
    var svg = """
      <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(width) \(height)" role="img" \
      aria-label="Best times to post by weekday and hour" class="chart">
      """
    for hour in stride(from: 0, to: 24, by: 3) {
      svg += String(
        format: "<text x=\"%.1f\" y=\"16\" class=\"axis%@\" text-anchor=\"middle\">%@</text>",
        left + (Double(hour) + 0.5) * cell, hour % 6 == 0 ? "" : " minor", clock.axisHour(hour))
    }
    let days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    for weekday in 1...7 {
      let rowY = top + Double(weekday - 1) * cell
      svg += String(format: "<text x=\"0\" y=\"%.1f\" class=\"axis\">%@</text>", rowY + cell * 0.7, days[weekday - 1])
      for hour in 0..<24 {
        let count = best.counts[weekday - 1][hour]
        let fill: String
        var title = "\(days[weekday - 1]) \(clock.hour(hour)), \(count) post\(count == 1 ? "" : "s")"
        if let slot = lifts[weekday * 100 + hour] {
          fill = Self.fill(lift: slot.shrunkLift)
          title += String(format: ", lift %.2f", slot.shrunkLift)
        } else {
          fill = ""
        }
        // Slots without a lift take their colour from the page's scheme (light or dark).
        let look = fill.isEmpty ? (count > 0 ? "cell few" : "cell empty") : "cell"
        svg += String(
          format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"%@ class=\"%@\"><title>%@</title></rect>",
          left + Double(hour) * cell, rowY, cell - 1, cell - 1, fill.isEmpty ? "" : " fill=\"\(fill)\"", look,
          escape(title))
      }
    }
    // The legend: what the colours mean, in numbers.
    svg += String(format: "<text x=\"0\" y=\"%.1f\" class=\"axis\">lift</text>", legendTop + 14)
    var x = left
    for lift in [0.4, 0.7, 1.3, 1.6] {
      svg += String(
        format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%@\" class=\"cell\"/>", x, legendTop,
        cell - 1, cell - 1, Self.fill(lift: lift))
      svg += String(
        format: "<text x=\"%.1f\" y=\"%.1f\" class=\"axis\">%@%.1f</text>", x + cell + 2, legendTop + 14,
        lift < 1 ? "≤ " : "≥ ", lift)
      x += cell + 58
    }
    svg += String(
      format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" class=\"cell few\"/>", x, legendTop,
      cell - 1, cell - 1)
    svg += String(
      format: "<text x=\"%.1f\" y=\"%.1f\" class=\"axis\">1–2 posts</text>", x + cell + 2, legendTop + 14)
    return svg + "</svg>"
  }

  /// Green above a lift of 1, orange below, stronger the further from 1 (full at 0.25 and 1.75).
  static func fill(lift: Double) -> String {
    let strength = min(abs(lift - 1) / 0.75, 1)
    return lift >= 1
      ? String(format: "rgba(22,163,74,%.2f)", 0.25 + 0.75 * strength)
      : String(format: "rgba(234,88,12,%.2f)", 0.25 + 0.75 * strength)
  }
}
