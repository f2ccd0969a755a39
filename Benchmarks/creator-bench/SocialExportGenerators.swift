import Foundation

// Synthetic X archives and TikTok exports for the import benchmark, shaped like the real files
// (../shared/formats.md sections 3 and 4): pretty-printed, numbers as text, X's `window.YTD... =` prefix
// and entities, TikTok's zone-less dates and expiring links.

private let words = ["sourdough", "crumb", "oven", "flour", "morning", "café", "crème brûlée", "東京", "pan dulce"]
private let tags = ["sourdough", "bakery", "café", "東京", "breadtok", "rye", "homebaker", "crumbshot", "fika"]

private func jsonEscaped(_ text: String) -> String {
  var out = ""
  for scalar in text.unicodeScalars {
    switch scalar {
    case "\"": out += "\\\""
    case "\\": out += "\\\\"
    case "\n": out += "\\n"
    default: out.unicodeScalars.append(scalar)
    }
  }
  return out
}

/// `data/tweets.js` with COUNT posts (every tenth a reply, every twentieth a retweet) and `data/manifest.js`.
func generateXArchive(folder: URL, count: Int) throws {
  let data = folder.appendingPathComponent("twitter-2026-11-20-benchbaker/data")
  try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
  try Data(
    #"window.__THAR_CONFIG = {"userInfo": {"accountId": "1", "userName": "benchbaker", "displayName": "Bench"}}"#.utf8
  )
  .write(to: data.appendingPathComponent("manifest.js"))
  let out = try Output(data.appendingPathComponent("tweets.js"))
  out.write("window.YTD.tweets.part0 = [\n")
  var random = SystemRandomNumberGenerator()
  let formatter = DateFormatter()
  formatter.locale = Locale(identifier: "en_US_POSIX")
  formatter.timeZone = TimeZone(identifier: "UTC")
  formatter.dateFormat = "EEE MMM dd HH:mm:ss Z yyyy"
  for index in 0..<count {
    let id = String(1_800_000_000_000_000_000 + index)
    let chosen = (0..<3).map { _ in tags.randomElement(using: &random)! }
    var text = (0..<10).map { _ in words.randomElement(using: &random)! }.joined(separator: " ")
    if index % 20 == 0 { text = "RT @flourmill: " + text }
    var hashtags: [String] = []
    for tag in chosen {
      let start = text.unicodeScalars.count + 1
      text += " #" + tag
      hashtags.append(
        """
                {
                  "text" : "\(tag)",
                  "indices" : [
                    "\(start)",
                    "\(start + tag.unicodeScalars.count + 1)"
                  ]
                }
        """)
    }
    let reply =
      index % 10 == 5
      ? """
            "in_reply_to_status_id_str" : "1799999999999999999",
            "in_reply_to_user_id" : "2222",
            "in_reply_to_screen_name" : "neighbour",

      """ : ""
    let created = formatter.string(from: Date(timeIntervalSince1970: Double(1_700_000_000 + index * 600)))
    let record = """
        {
          "tweet" : {
            "edit_info" : {
              "initial" : {
                "editTweetIds" : [
                  "\(id)"
                ],
                "editableUntil" : "2026-01-01T10:00:00.000Z",
                "editsRemaining" : "5",
                "isEditEligible" : true
              }
            },
            "retweeted" : false,
            "source" : "<a href=\\"https://mobile.twitter.com\\" rel=\\"nofollow\\">Twitter Web App</a>",
            "entities" : {
              "hashtags" : [
        \(hashtags.joined(separator: ",\n"))
              ],
              "symbols" : [ ],
              "user_mentions" : [ ],
              "urls" : [ ]
            },
            "display_text_range" : [
              "0",
              "\(text.unicodeScalars.count)"
            ],
            "favorite_count" : "\(Int.random(in: 0...5_000, using: &random))",
        \(reply)      "id_str" : "\(id)",
            "truncated" : false,
            "retweet_count" : "\(Int.random(in: 0...300, using: &random))",
            "id" : "\(id)",
            "created_at" : "\(created)",
            "favorited" : false,
            "full_text" : "\(jsonEscaped(text))",
            "lang" : "en"
          }
        }
      """
    out.write((index > 0 ? ",\n" : "") + record)
  }
  out.write("\n]")
  out.close()
}

/// `user_data_tiktok.json` with COUNT videos under `Post.Posts.VideoList`, plus a browsing history as long.
func generateTikTokExport(folder: URL, count: Int) throws {
  let root = folder.appendingPathComponent("benchbaker-tiktok")
  try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
  let out = try Output(root.appendingPathComponent("user_data_tiktok.json"))
  var random = SystemRandomNumberGenerator()
  let formatter = DateFormatter()
  formatter.locale = Locale(identifier: "en_US_POSIX")
  formatter.timeZone = TimeZone(identifier: "UTC")
  formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
  out.write(
    """
    {
      "Profile": {
        "Profile Information": {
          "ProfileMap": {
            "userName": "benchbaker",
            "emailAddress": "bench@example.com",
            "likesReceived": "1,266"
          }
        }
      },
      "Activity": {
        "Video Browsing History": {
          "VideoList": [

    """)
  for index in 0..<count {
    let date = formatter.string(from: Date(timeIntervalSince1970: Double(1_700_000_000 + index * 300)))
    out.write(
      (index > 0 ? ",\n" : "")
        + "        {\n          \"Date\": \"\(date)\",\n          \"Link\": \"https://www.tiktokv.com/share/video/\(7_300_000_000_000_000_000 + index)/\"\n        }"
    )
  }
  out.write("\n      ]\n    }\n  },\n  \"Post\": {\n    \"Posts\": {\n      \"VideoList\": [\n")
  for index in 0..<count {
    let date = formatter.string(from: Date(timeIntervalSince1970: Double(1_700_000_000 + index * 600)))
    let title =
      (0..<10).map { _ in words.randomElement(using: &random)! }.joined(separator: " ") + " 🍞 "
      + (0..<3).map { _ in "#" + tags.randomElement(using: &random)! }.joined(separator: " ")
    let likes = index % 50 == 0 ? "N/A" : Int.random(in: 0...90_000, using: &random).formatted()
    let record = """
              {
                "Date": "\(date)",
                "Link": "https://video-i18n.tiktokv.com/storage/v1/tos-useast2a-v-0068/o\(index)AbCdEf?x-tos-expires=1734938441&sig=Zm9v\(index)",
                "Likes": "\(likes)",
                "WhoCanView": "Everyone",
                "AllowComments": "Yes",
                "AllowStitches": "Yes",
                "AllowDuets": "No",
                "AllowStickers": "Yes",
                "AllowSharingToStory": "Yes",
                "ContentDisclosure": "",
                "AIGeneratedContent": "",
                "Sound": "original sound - benchbaker",
                "Location": "None",
                "Title": "\(jsonEscaped(title))",
                "AddYoursText": "N/A"
              }
      """
    out.write((index > 0 ? ",\n" : "") + record)
  }
  out.write("\n      ]\n    }\n  }\n}\n")
  out.close()
}
