/// "Did you mean ...?": the known word closest to a mistyped one.
public enum Suggestion {
  /// The candidate `word` most likely meant: one it begins (when only one does), else the nearest by edit
  /// distance (a swap of two neighbouring letters counts as one edit), within 1 edit for words of up to 4
  /// letters and 2 for longer ones. Nil when nothing is that close. Letter case is ignored.
  public static func closest(to word: String, among candidates: [String]) -> String? {
    let typed = Array(word.lowercased())
    guard !typed.isEmpty else { return nil }
    let starting = candidates.filter { $0.lowercased().hasPrefix(word.lowercased()) }
    if starting.count == 1 { return starting[0] }
    let allowed = typed.count <= 4 ? 1 : 2
    var best: (candidate: String, distance: Int)?
    for candidate in candidates {
      let distance = editDistance(typed, Array(candidate.lowercased()))
      if distance <= allowed, distance < best?.distance ?? Int.max { best = (candidate, distance) }
    }
    return best?.candidate
  }

  /// Insertions, deletions, substitutions and swaps of neighbours turning `a` into `b` (optimal string
  /// alignment distance).
  static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
    for i in 0...a.count { table[i][0] = i }
    for j in 0...b.count { table[0][j] = j }
    for i in 1...a.count {
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        var value = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
        if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { value = min(value, table[i - 2][j - 2] + 1) }
        table[i][j] = value
      }
    }
    return table[a.count][b.count]
  }
}
