import CreatorKit
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

// Import benchmark: generates a synthetic Instagram professional export (posts plus insights, Meta's
// byte-escaped text, pretty-printed like the real files) and imports it into a fresh store.
//
//   swift run -c release creator-bench generate /tmp/bench-export 100000
//   swift run -c release creator-bench generate /tmp/bench-x 100000 x        (or tiktok)
//   swift run -c release creator-bench import /tmp/bench-export
//
// `import` prints wall time, throughput and peak resident memory (getrusage). Generate first, in its own
// process, so the generator's memory does not count.

func metaEscaped(_ text: String) -> String {
  var out = ""
  out.reserveCapacity(text.utf8.count * 2)
  for scalar in text.unicodeScalars {
    if scalar.value < 0x80 {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      default: out.unicodeScalars.append(scalar)
      }
    } else {
      for byte in String(scalar).utf8 { out += String(format: "\\u00%02x", byte) }
    }
  }
  return out
}

final class Output {
  let handle: FileHandle
  var buffer = Data()

  init(_ url: URL) throws {
    guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
      throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: url.path])
    }
    handle = try FileHandle(forWritingTo: url)
  }

  func write(_ text: String) {
    buffer.append(contentsOf: text.utf8)
    if buffer.count > 4 << 20 { flush() }
  }

  func flush() {
    handle.write(buffer)
    buffer.removeAll(keepingCapacity: true)
  }

  func close() {
    flush()
    try? handle.close()
  }
}

func generate(folder: URL, count: Int) throws {
  let root = folder.appendingPathComponent("benchbaker_20261120")
  let media = root.appendingPathComponent("your_instagram_activity/media")
  let insights = root.appendingPathComponent("logged_information/past_instagram_insights")
  let profile = root.appendingPathComponent("personal_information/personal_information")
  for url in [media, insights, profile] {
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  }
  try Data(
    #"{"profile_user": [{"string_map_data": {"Username": {"href": "", "value": "benchbaker", "timestamp": 0}}}]}"#.utf8
  )
  .write(to: profile.appendingPathComponent("personal_information.json"))
  let words = ["sourdough", "crumb", "oven", "flour", "morning", "café", "crème brûlée", "東京", "pan dulce", "rye"]
  let tags = ["#sourdough", "#bakery", "#café", "#東京", "#breadtok", "#rye", "#homebaker", "#crumbshot", "#fika"]
  let posts = try Output(media.appendingPathComponent("posts_1.json"))
  let rows = try Output(insights.appendingPathComponent("posts.json"))
  posts.write("[\n")
  rows.write("{\n  \"organic_insights_posts\": [\n")
  var random = SystemRandomNumberGenerator()
  for index in 0..<count {
    let id = 17_000_000_000_000_000 + index
    let time = 1_700_000_000 + index * 600
    let caption =
      (0..<12).map { _ in words.randomElement(using: &random)! }.joined(separator: " ")
      + " 🍞🔥 " + (0..<4).map { _ in tags.randomElement(using: &random)! }.joined(separator: " ")
    let carousel = index % 5 == 0
    let mediaCount = carousel ? 3 : 1
    var items: [String] = []
    for part in 0..<mediaCount {
      items.append(
        """
              {
                "uri": "media/posts/202601/\(400_000_000 + index)_\(1_290_000 + part)_\(id + part * 1_000_000_000_000).jpg",
                "creation_timestamp": \(time),
                "media_metadata": {
                  "photo_metadata": {
                    "exif_data": [
                      {
                        "latitude": 52.52,
                        "longitude": 13.405,
                        "date_time_original": "20260301120000"
                      }
                    ]
                  }
                },
                "title": "\(carousel ? "" : metaEscaped(caption))",
                "cross_post_source": {
                  "source_app": "FB"
                },
                "dubbing_info": [],
                "media_variants": []
              }
        """)
    }
    var post = "  {\n    \"media\": [\n" + items.joined(separator: ",\n") + "\n    ]"
    if carousel { post += ",\n    \"title\": \"\(metaEscaped(caption))\",\n    \"creation_timestamp\": \(time)" }
    post += "\n  }"
    posts.write((index > 0 ? ",\n" : "") + post)
    func cell(_ label: String, _ value: String) -> String {
      "        \"\(label)\": {\n          \"href\": \"\",\n          \"value\": \"\(value)\",\n          \"timestamp\": 0\n        }"
    }
    let reach = Int.random(in: 200...40_000, using: &random)
    let cells = [
      "        \"Creation Timestamp\": {\n          \"href\": \"\",\n          \"value\": \"\",\n          \"timestamp\": \(time)\n        }",
      cell("Impressions", (reach * 13 / 10).formatted()), cell("Accounts reached", reach.formatted()),
      cell("Likes", String(reach / 12)), cell("Comments", String(reach / 90)), cell("Shares", String(reach / 200)),
      cell("Saves", String(reach / 60)), cell("Profile visits", String(reach / 70)), cell("Follows", "--"),
      cell("External link taps", "--"),
    ]
    let row = """
          {
            "title": "",
            "media_map_data": {
              "Media Thumbnail": {
                "uri": "media/posts/202601/\(400_000_000 + index)_\(1_290_000)_\(id).jpg",
                "creation_timestamp": \(time),
                "title": "\(metaEscaped(String(caption.prefix(40))))"
              }
            },
            "string_map_data": {
        \(cells.joined(separator: ",\n"))
            }
          }
      """
    rows.write((index > 0 ? ",\n" : "") + row)
  }
  posts.write("\n]\n")
  rows.write("\n  ]\n}\n")
  posts.close()
  rows.close()
}

func peakResidentMegabytes() -> Double {
  var usage = rusage()
  getrusage(RUSAGE_SELF.rawValue, &usage)
  return Double(usage.ru_maxrss) / 1024
}

func folderSize(_ url: URL) -> Int {
  let files = FileManager.default.enumerator(at: url, includingPropertiesForKeys: [.fileSizeKey])
  var total = 0
  while let file = files?.nextObject() as? URL {
    total += (try? file.resourceValues(forKeys: [.fileSizeKey]).fileSize ?? 0) ?? 0
  }
  return total
}

/// Counts what importers hand over, so `parse` measures reading alone, without SQLite.
final class CountingSink: ImportSink {
  var posts = 0
  var readings = 0
  func add(_ post: Post) throws { posts += 1 }
  func add(_ reading: MetricReading) throws { readings += 1 }
  func add(_ reading: AccountReading) throws { readings += 1 }
  func skip(_ record: SkippedRecord) {}
  func note(_ text: String) {}
  func progress(file: ExportFile, bytesRead: Int) {}
}

let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
  print(
    "usage: creator-bench generate FOLDER [POSTS] [instagram|x|tiktok] | import FOLDER [DATABASE] | parse FOLDER | seed DATABASE [POSTS] [ACCOUNTS]"
      + " | stats DATABASE | sse MEGABYTES | llm-overhead BASE_URL [REQUESTS] | advice ACCOUNTS | advice DATABASE PLATFORM [ACCOUNT]"
  )
  exit(64)
}
let folder = URL(fileURLWithPath: arguments[2])
switch arguments[1] {
case "generate":
  let count = arguments.count > 3 ? Int(arguments[3]) ?? 100_000 : 100_000
  let start = Date()
  switch arguments.count > 4 ? arguments[4] : "instagram" {
  case "x": try generateXArchive(folder: folder, count: count)
  case "tiktok": try generateTikTokExport(folder: folder, count: count)
  default: try generate(folder: folder, count: count)
  }
  let megabytes = Double(folderSize(folder)) / 1_000_000
  print(
    String(format: "generated %d posts, %.1f MB of JSON in %.1f s", count, megabytes, Date().timeIntervalSince(start)))
case "import":
  let database =
    arguments.count > 3 ? arguments[3] : NSTemporaryDirectory() + "creator-bench-\(UUID().uuidString).sqlite"
  let store = try PostStore(path: database)
  let bytes = Double(folderSize(folder)) / 1_000_000
  let clock = ContinuousClock()
  var report: ImportReport?
  let elapsed = try clock.measure {
    report = try Importer(store: store, options: ImportOptions(timeZone: TimeZone(identifier: "UTC")!)).run([folder])
  }
  let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
  for line in report?.summaryLines ?? [] { print(line) }
  print(
    String(
      format: "imported %.1f MB in %.2f s (%.0f MB/s); peak resident memory %.0f MB", bytes, seconds, bytes / seconds,
      peakResidentMegabytes()))
  if arguments.count <= 3 {
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: database + suffix) }
  }
case "seed":
  // A store with POSTS posts of one account, one every 5 minutes (about 9.5 years for a million), each with
  // a metric snapshot and two hashtags, written straight in SQL: the statistics and report benchmark.
  // With ACCOUNTS (an agency's store), the posts are dealt to bench1 … benchN in turn. DATABASE may be a
  // postgres:// URL: the same rows, written server-side.
  let count = arguments.count > 3 ? Int(arguments[3]) ?? 1_000_000 : 1_000_000
  let accounts = arguments.count > 4 ? max(1, Int(arguments[4]) ?? 1) : 1
  // A postgres:// URL seeds that PostgreSQL database instead (built with --traits Postgres).
  let location = StoreLocation(arguments[2])
  let clock = ContinuousClock()
  var elapsed = Duration.zero
  do {
    elapsed = try clock.measure {
      // Without the PostgreSQL engine, opening a postgres:// URL says the build has none.
      try PostStore.open(location).seedForBenchmark(posts: count, accounts: accounts)
    }
  } catch {
    FileHandle.standardError.write(Data("creator-bench: \(error)\n".utf8))
    exit(1)
  }
  print("seeded \(count) posts of \(accounts) account(s) into \(location.displayName) in \(elapsed)")
case "stats":
  // Times `creator stats` over a store: reading the columns, then every figure over them.
  let store = try PostStore(path: arguments[2])
  let clock = ContinuousClock()
  let options = StatsOptions(query: SampleQuery(account: "bench"), timeZone: TimeZone(identifier: "UTC")!)
  var table: PostTable?
  print("read table:", try clock.measure { table = try store.table(options.query) })
  print("figures:", clock.measure { _ = AccountStatistics(table!, options: options) })
  print("all:", try clock.measure { _ = try store.statistics(options) })
case "parse":
  let clock = ContinuousClock()
  let sink = CountingSink()
  let elapsed = try clock.measure {
    let source = try ExportSource(url: folder)
    let context = ImportContext(timeZone: TimeZone(identifier: "UTC")!)
    for file in source.files {
      guard let importer = ExportImporters.all.first(where: { $0.claims(file) }) else { continue }
      try importer.read(file, from: source, context: context, into: sink)
    }
  }
  let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
  print(
    String(format: "read %d posts and %d metric rows in %.2f s, without the store", sink.posts, sink.readings, seconds))
case "advice":
  try runAdviceBenchmark(arguments)
case "sse":
  try benchmarkServerSentEvents(megabytes: Int(arguments[2]) ?? 100)
case "wait-cpu":
  let transport: any HTTPTransport =
    arguments.count > 3 && arguments[3] == "urlsession" ? URLSessionTransport.shared : CurlTransport.shared
  try await benchmarkWaitingCPU(delay: Double(arguments[2]) ?? 5, transport: transport)
case "stream":
  let transport: any HTTPTransport =
    arguments.count > 3 && arguments[3] == "urlsession" ? URLSessionTransport.shared : CurlTransport.shared
  try await benchmarkStreamThroughput(megabytes: Int(arguments[2]) ?? 20, transport: transport)
case "llm-overhead":
  guard let url = URL(string: arguments[2]) else { exit(64) }
  try await benchmarkClientOverhead(baseURL: url, count: arguments.count > 3 ? Int(arguments[3]) ?? 50 : 50)
default:
  print("unknown command \(arguments[1])")
  exit(64)
}
