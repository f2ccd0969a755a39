/// A series as a line of Unicode blocks (`▁▂▃▅▇`) for a terminal: the lowest value the lowest block, the
/// highest the highest, a missing value a space. Plain output (piped, `NO_COLOR`) leaves it out.
public enum Sparkline {
  static let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

  /// The blocks for `values`; nil when fewer than two values are there to compare.
  public static func make(_ values: [Double?]) -> String? {
    let present = values.compactMap { $0 }.filter(\.isFinite)
    guard present.count >= 2, let low = present.min(), let high = present.max() else { return nil }
    let span = high - low
    return String(
      values.map { value -> Character in
        guard let value, value.isFinite else { return " " }
        guard span > 0 else { return blocks[blocks.count / 2] }
        let index = Int(((value - low) / span * Double(blocks.count - 1)).rounded())
        return blocks[min(max(index, 0), blocks.count - 1)]
      })
  }
}
