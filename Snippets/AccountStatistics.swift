// Every statistic over one account, each with its denominator and the number of posts it rests on.
import CreatorKit
import Foundation

// snippet.show
let store = try PostStore(path: PostStore.defaultPath(), mode: .existingOnly)
let options = StatsOptions(
  query: SampleQuery(account: "bakerbee"), basis: .reach, timeZone: TimeZone(identifier: "Europe/Berlin")!)
let stats = try store.statistics(options)

// The median per-post rate and the pooled rate, with n and the posts left out for lack of reach.
print(stats.formula, stats.overall.median ?? 0, stats.overall.pooled ?? 0, stats.overall.n, stats.overall.leftOut)

// Hashtags: lift against the account's other posts, a 95% interval and a verdict.
for tag in stats.hashtags where tag.verdict == .proven {
  print("#\(tag.tag)", tag.liftText, tag.intervalText)
}

// Best times: weekday x hour slots that beat the median post, from at least three posts each.
for slot in stats.bestTimes.slots where slot.shrunkLift > 1 {
  print(slot.weekdayName, slot.hour, slot.shrunkLift, slot.n)
}
// snippet.end
