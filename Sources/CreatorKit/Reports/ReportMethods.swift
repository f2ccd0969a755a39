import Foundation

/// How the report's figures are computed, in a short section at its end, and the plain words its body uses
/// instead of the statistical terms: one home for both, so the body's "32% better" and the end's "lift" agree.
public enum ReportMethods {
  /// A lift (a ratio to 1, the typical post) as words: `1.32` → "32% better", `0.88` → "12% worse", a lift
  /// that rounds to no difference → "about the same".
  public static func better(_ lift: Double) -> String {
    guard lift.isFinite else { return "not comparable" }
    let percent = ((lift - 1) * 100).rounded()
    if percent == 0 { return "about the same" }
    return percent > 0 ? "\(NumberText.count(Int(min(percent, 1e6))))% better" : "\(Int(max(-percent, 0)))% worse"
  }

  /// A 95% interval of a lift as words: "likely 14% to 43% better", "likely 5% to 33% worse", or "likely
  /// between 10% worse and 20% better" when it spans 1.
  public static func likely(_ low: Double, _ high: Double) -> String {
    guard low.isFinite, high.isFinite else { return "no interval" }
    let percent = { (lift: Double) in Int(min(abs((lift - 1) * 100).rounded(), 1e6)) }
    if low >= 1 { return "likely \(percent(low))% to \(percent(high))% better" }
    if high <= 1 { return "likely \(percent(high))% to \(percent(low))% worse" }
    return "likely between \(percent(low))% worse and \(percent(high))% better"
  }

  /// The section's entries for `report`, each a term and what it means, in the order the body uses them.
  public static func entries(_ report: WeeklyReport) -> [(term: String, text: String)] {
    let measure = report.outcome.isRate ? "rate" : report.outcome.label
    var entries: [(term: String, text: String)] = []
    if report.outcome.isRate {
      entries.append(
        (
          "Engagement rate",
          "\(report.basis.formula), per post. The median is the middle post: half did better, half worse. "
            + "The pooled rate adds up every post's engagements and divides by the sum of their \(report.basis.rawValue), "
            + "so big posts weigh more. n is the number of posts with the figure; posts without it are left out and counted."
        ))
      entries.append(
        (
          "Change",
          "Points are the difference between two rates (10.3% against 10.0% is +0.3 points); the percentage is that "
            + "difference over the earlier rate."
        ))
    }
    entries.append(
      (
        "Better or worse",
        "A lift: the median \(measure) of some posts over the median of the others (1.32 is 32% better). "
          + "\"Likely\" gives its 95% interval, from a bootstrap (1,000 resamples of your posts) or, for large "
          + "groups, from order statistics. A tag is worth keeping when it did at least "
          + "\(better(HashtagFigure.practicalLift)) and the whole interval is above no difference; it did worse "
          + "when the whole interval is below."
      ))
    entries.append(
      (
        "Best times",
        "Each weekday and hour's median post against your median post over the last \(report.bestTimes.weeks) "
          + "weeks, pulled toward no difference by the weight of \(Int(BestTimes.priorPosts)) typical posts, so a "
          + "slot with three lucky posts does not outrank one with twelve good ones."
      ))
    entries.append(
      (
        "Used more (trending)",
        "A tag's posts in the last week against its weekly average before: lift (count + 1) / (expected + 1) of "
          + "at least 2, z = (count − expected) / √expected of at least 2, and 3 posts or more."
      ))
    entries.append(
      (
        "Used more and more (rising)",
        "A Mann-Kendall test on the tag's weekly counts (p < 0.05) with a positive Sen slope, the median of the "
          + "slopes between every two weeks. Both say how often a tag is used, never how well it does."
      ))
    return entries
  }
}
