import Foundation

/// The small statistics toolbox the analytics use: order statistics, robust spread, a seeded bootstrap,
/// and the Mann-Kendall trend test with Sen's slope.
public enum Statistics {
  /// The median, or nil for no values. Averages the two middle values of an even count.
  public static func median(_ values: [Double]) -> Double? {
    guard !values.isEmpty else { return nil }
    // Selection instead of a sort: linear time, which matters for a million rates.
    var work = values
    let middle = work.count / 2
    let upper = select(&work, middle)
    guard work.count % 2 == 0 else { return upper }
    // After selection everything before `middle` is <= the upper middle: the lower middle is their maximum.
    let lower = work[..<middle].max() ?? upper
    return (lower + upper) / 2
  }

  /// Rearranges `values` so that `values[k]` is the k-th smallest, smaller ones before it and larger ones
  /// after, and returns it (Hoare's selection with a middle-of-three pivot).
  static func select(_ values: inout [Double], _ k: Int) -> Double {
    // On the buffer itself: no uniqueness or bounds check per swap, which halves the time over a million.
    values.withUnsafeMutableBufferPointer { values in
      var low = 0
      var high = values.count - 1
      while low < high {
        let middle = low + (high - low) / 2
        // Median of three as the pivot keeps sorted and reversed input linear.
        if values[middle] < values[low] { values.swapAt(middle, low) }
        if values[high] < values[low] { values.swapAt(high, low) }
        if values[high] < values[middle] { values.swapAt(high, middle) }
        let pivot = values[middle]
        var i = low
        var j = high
        while i <= j {
          while values[i] < pivot { i += 1 }
          while values[j] > pivot { j -= 1 }
          if i <= j {
            values.swapAt(i, j)
            i += 1
            j -= 1
          }
        }
        if k <= j {
          high = j
        } else if k >= i {
          low = i
        } else {
          return values[k]
        }
      }
      return values[k]
    }
  }

  /// The `p` quantile (0...1) by linear interpolation between order statistics (type 7, as numpy and R).
  public static func quantile(_ sorted: [Double], _ p: Double) -> Double? {
    guard !sorted.isEmpty else { return nil }
    let position = p * Double(sorted.count - 1)
    let lower = Int(position.rounded(.down))
    let upper = min(lower + 1, sorted.count - 1)
    return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - Double(lower))
  }

  /// The median absolute deviation from the median (unscaled).
  public static func medianAbsoluteDeviation(_ values: [Double]) -> Double? {
    median(values).flatMap { medianAbsoluteDeviation(values, from: $0) }
  }

  /// The median absolute deviation from `center`, the values' median when the caller has it already.
  static func medianAbsoluteDeviation(_ values: [Double], from center: Double) -> Double? {
    median(values.map { abs($0 - center) })
  }

  /// Robust z-scores: 0.6745 (x - median) / MAD. Nil when the MAD is zero (more than half the values equal).
  public static func robustZScores(_ values: [Double]) -> [Double]? {
    guard let center = median(values), let mad = medianAbsoluteDeviation(values, from: center), mad > 0 else {
      return nil
    }
    return values.map { 0.6745 * ($0 - center) / mad }
  }

  /// The standard normal distribution function.
  public static func normalCDF(_ z: Double) -> Double {
    0.5 * erfc(-z / 2.0.squareRoot())
  }

  /// The result of a Mann-Kendall trend test.
  public struct MannKendall: Sendable, Equatable, Codable {
    /// Sum of the signs of all later-minus-earlier differences.
    public var s: Int
    /// Variance of S under no trend, corrected for ties.
    public var variance: Double
    /// Continuity-corrected normal score.
    public var z: Double
    /// Two-sided p-value.
    public var p: Double
    /// Sen's slope: the median of the pairwise slopes, in units per step.
    public var senSlope: Double

    /// `p = 0.012`, or `p < 0.001` rather than a p-value of zero.
    public var pText: String { p < 0.001 ? "p < 0.001" : String(format: "p = %.3f", p) }
  }

  /// The Mann-Kendall test (no autocorrelation correction) and Sen's slope of an evenly spaced series.
  /// Nil for fewer than 3 points.
  public static func mannKendall(_ series: [Double]) -> MannKendall? {
    let n = series.count
    guard n >= 3 else { return nil }
    var s = 0
    var slopes: [Double] = []
    slopes.reserveCapacity(n * (n - 1) / 2)
    for i in 0..<(n - 1) {
      for j in (i + 1)..<n {
        let difference = series[j] - series[i]
        s += difference > 0 ? 1 : (difference < 0 ? -1 : 0)
        slopes.append(difference / Double(j - i))
      }
    }
    var ties: [Double: Int] = [:]
    for value in series { ties[value, default: 0] += 1 }
    let tieTerm = ties.values.filter { $0 > 1 }.reduce(0.0) { total, t in
      total + Double(t * (t - 1) * (2 * t + 5))
    }
    let variance = (Double(n * (n - 1) * (2 * n + 5)) - tieTerm) / 18
    let z: Double
    if s > 0 {
      z = (Double(s) - 1) / variance.squareRoot()
    } else if s < 0 {
      z = (Double(s) + 1) / variance.squareRoot()
    } else {
      z = 0
    }
    let p = 2 * (1 - normalCDF(abs(z)))
    return MannKendall(s: s, variance: variance, z: z, p: p, senSlope: median(slopes) ?? 0)
  }

  /// The Mann-Kendall test with Hamed and Rao's (1998) variance correction for autocorrelation: the
  /// series is detrended by Sen's slope, its ranks' significant autocorrelations (outside ±1.96/√n) inflate
  /// the variance of S. Without significant autocorrelation it equals `mannKendall`. Weekly counts of a
  /// tag are often autocorrelated, which makes the plain test call too many trends.
  public static func hamedRao(_ series: [Double]) -> MannKendall? {
    guard var result = mannKendall(series) else { return nil }
    let n = series.count
    let detrended = series.enumerated().map { $1 - Double($0 + 1) * result.senSlope }
    let ranks = averageRanks(detrended)
    let mean = ranks.reduce(0, +) / Double(n)
    let centered = ranks.map { $0 - mean }
    let variance0 = centered.reduce(0) { $0 + $1 * $1 } / Double(n)
    guard variance0 > 0 else { return result }
    let bound = 1.959963984540054 / Double(n).squareRoot()
    var sum = 0.0
    for lag in 1..<n {
      var covariance = 0.0
      for t in 0..<(n - lag) { covariance += centered[t] * centered[t + lag] }
      let autocorrelation = covariance / Double(n) / variance0
      if abs(autocorrelation) > bound {
        sum += Double((n - lag) * (n - lag - 1) * (n - lag - 2)) * autocorrelation
      }
    }
    let factor = 1 + 2 / Double(n * (n - 1) * (n - 2)) * sum
    result.variance *= factor
    let s = Double(result.s)
    result.z =
      result.s > 0
      ? (s - 1) / result.variance.squareRoot() : (result.s < 0 ? (s + 1) / result.variance.squareRoot() : 0)
    result.p = 2 * (1 - normalCDF(abs(result.z)))
    return result
  }

  /// Ranks from 1, ties sharing their average rank.
  static func averageRanks(_ values: [Double]) -> [Double] {
    let order = values.indices.sorted { values[$0] < values[$1] }
    var ranks = Array(repeating: 0.0, count: values.count)
    var start = 0
    while start < order.count {
      var end = start
      while end + 1 < order.count && values[order[end + 1]] == values[order[start]] { end += 1 }
      let rank = Double(start + end) / 2 + 1
      for position in start...end { ranks[order[position]] = rank }
      start = end + 1
    }
    return ranks
  }

  /// A 95% interval for median(a) / median(b) for large samples: each median's distribution-free
  /// order-statistic interval (ranks n/2 ± 1.96 √n / 2) gives its standard error on the log scale, and the
  /// two combine as independent. Nil when a median or an interval bound is not positive.
  public static func medianRatioInterval(_ a: [Double], _ b: [Double]) -> (low: Double, high: Double)? {
    guard let medianA = median(a), let medianB = median(b) else { return nil }
    return medianRatioInterval(a, b, medians: (medianA, medianB))
  }

  /// The same, given the two medians (a caller that shows them has them already).
  static func medianRatioInterval(
    _ a: [Double], _ b: [Double], medians: (Double, Double)
  ) -> (low: Double, high: Double)? {
    func logMedianAndError(_ values: [Double], center: Double) -> (Double, Double)? {
      let n = Double(values.count)
      let spread = 1.96 * n.squareRoot() / 2
      let lower = max(Int((n / 2 - spread).rounded(.down)), 0)
      let upper = min(Int((n / 2 + spread).rounded(.up)), values.count - 1)
      // Three order statistics by selection, not a sort: the upper rank first, then the lower one among
      // the values the first selection left before it.
      var work = values
      let high = select(&work, upper)
      var below = Array(work[..<upper])
      let low = lower < upper ? select(&below, lower) : high
      guard center > 0, low > 0 else { return nil }
      return (log(center), (log(high) - log(low)) / (2 * 1.96))
    }
    guard let (logA, errorA) = logMedianAndError(a, center: medians.0),
      let (logB, errorB) = logMedianAndError(b, center: medians.1)
    else { return nil }
    let error = (errorA * errorA + errorB * errorB).squareRoot()
    return (exp(logA - logB - 1.96 * error), exp(logA - logB + 1.96 * error))
  }

  /// A percentile bootstrap interval for `statistic` over `samples` (resampled together, each group with
  /// replacement), from a fixed seed so a report is the same every time it is made.
  public static func bootstrapInterval(
    _ samples: [[Double]], resamples: Int = 1000, level: Double = 0.95, seed: UInt64 = 0x5EED,
    statistic: ([[Double]]) -> Double?
  ) -> (low: Double, high: Double)? {
    guard samples.allSatisfy({ !$0.isEmpty }) else { return nil }
    var random = SplitMix64(seed: seed)
    var estimates: [Double] = []
    estimates.reserveCapacity(resamples)
    for _ in 0..<resamples {
      let drawn = samples.map { group in
        (0..<group.count).map { _ in group[Int(random.next() % UInt64(group.count))] }
      }
      if let estimate = statistic(drawn), estimate.isFinite { estimates.append(estimate) }
    }
    estimates.sort()
    let tail = (1 - level) / 2
    guard let low = quantile(estimates, tail), let high = quantile(estimates, 1 - tail) else { return nil }
    return (low, high)
  }
}

/// A small, fast, seedable random number generator (Steele, Lea and Flood's SplitMix64). Package-wide: the
/// benchmarks draw their synthetic accounts from it too.
package struct SplitMix64: RandomNumberGenerator {
  private var state: UInt64

  package init(seed: UInt64) {
    state = seed
  }

  package mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
