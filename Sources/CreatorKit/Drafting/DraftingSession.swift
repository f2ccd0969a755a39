import Foundation
import Mustache

/// Everything drafting needs, set up once: the store the creator's data comes from, the platform rules, the
/// banned tags, the model (nil: the built-in engine) and a cache of grounding contexts per account and
/// platform. `creator caption`, `creator hashtags` and `creator batch` each make one and call it.
public final class DraftingSession: Sendable {
  public let store: PostStore
  public let rules: PlatformRules
  public let banned: BannedHashtags
  /// Nil: the built-in engine.
  public let client: ModelClient?
  public let timeZone: TimeZone
  /// A user's caption template for the built-in engine.
  public let template: String?
  private let contexts = ContextCache()

  /// A session over `store`; `client` nil drafts with the built-in engine. `make` builds one from the user's
  /// configuration.
  public init(
    store: PostStore, rules: PlatformRules, banned: BannedHashtags, client: ModelClient?, timeZone: TimeZone = .current,
    template: String? = nil
  ) {
    self.store = store
    self.rules = rules
    self.banned = banned
    self.client = client
    self.timeZone = timeZone
    self.template = template
  }

  /// A session with the model `name` means, the built-in engine when `name` is `built-in` or when no model is
  /// configured at all, and the user's rules, banned tags and caption template.
  public static func make(
    store: PostStore, configuration: ModelConfiguration, model name: String?, usesCache: Bool = true,
    templatePath: String? = nil, timeZone: TimeZone = .current,
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) async throws -> DraftingSession {
    var client: ModelClient?
    if name != "built-in", name != nil || configuration.defaultAlias != nil {
      client = try await configuration.client(model: name, store: store, usesCache: usesCache)
    }
    var template: String?
    if let templatePath {
      do { template = try String(contentsOfFile: templatePath, encoding: .utf8) } catch {
        throw BriefError(
          source: templatePath,
          message: FileManager.default.fileExists(atPath: templatePath)
            ? "cannot read the caption template" : "no such file", kind: .unreadable)
      }
      // A template that does not parse is named with its file, line and column now, not at the first draft.
      do { _ = try MustacheTemplate(string: template ?? "") } catch {
        throw BriefError(source: templatePath, message: TemplateProblem.describe(error))
      }
    }
    return DraftingSession(
      store: store, rules: try PlatformRules.load(environment: environment),
      banned: BannedHashtags.load(environment: environment), client: client, timeZone: timeZone, template: template)
  }

  /// `built-in` or the model's name.
  public var engine: String { client?.model.name ?? "built-in" }

  /// The platforms to draft for: `platform` when given (it must be one of the brief's, unless the brief has
  /// one), else all of the brief's.
  public func platforms(for brief: PostBrief, only platform: Platform?) -> [Platform] {
    guard let platform else { return brief.platforms }
    return [platform]
  }

  /// The grounding for drafts on `platform` for `account`, judged by what `goal` aims at. When `platform`
  /// has no posts of the account, the same account's posts on the platform where it has the most stand in
  /// (`CreatorContext.borrowedFor` says so); with no account named, all accounts' posts do.
  public func context(platform: Platform, account: String?, goal: PostGoal = .engagement) throws -> CreatorContext {
    try contexts.value(for: "\(platform.rawValue)/\(account ?? "")/\(goal.rawValue)") {
      let own = try CreatorContext.build(
        store: store, platform: platform, account: account, timeZone: timeZone, goal: goal)
      guard own.posts == 0 else { return own }
      let elsewhere = try store.accounts(.posts).filter { summary in
        summary.platform != platform && summary.platform != .other
          && (account.map { AccountHandle.same(summary.account, $0) } ?? true)
      }
      var posts: [Platform: Int] = [:]
      for summary in elsewhere { posts[summary.platform, default: 0] += summary.postCount }
      guard
        let most = posts.sorted(by: {
          $0.value != $1.value ? $0.value > $1.value : $0.key.rawValue < $1.key.rawValue
        }).first?.key
      else { return own }
      var borrowed = try CreatorContext.build(
        store: store, platform: most, account: account, timeZone: timeZone, goal: goal)
      borrowed.borrowedFor = platform
      return borrowed
    }
  }

  /// Caption drafts for each platform. A platform that fails does not hide the others: when some succeed,
  /// `PartialDrafts` carries them and the failures.
  public func captions(
    for brief: PostBrief, platform: Platform? = nil, mode: DraftMode = .instant, variants: Int = 1, images: Bool = true
  ) async throws -> [CaptionResult] {
    try await each(platforms(for: brief, only: platform)) { platform in
      let drafter = CaptionDrafter(
        rules: rules, context: try context(platform: platform, account: brief.account, goal: brief.goal),
        banned: banned,
        template: template)
      if let client {
        return try await drafter.draft(
          brief, platform: platform, client: client, mode: mode, variants: variants, images: images)
      }
      return try drafter.builtIn(brief, platform: platform, variants: variants)
    }
  }

  /// Hashtag sets for each platform, with failures kept apart as for `captions`.
  public func hashtags(for brief: PostBrief, platform: Platform? = nil, mode: DraftMode = .instant) async throws
    -> [HashtagStrategy]
  {
    try await each(platforms(for: brief, only: platform)) { platform in
      let strategist = HashtagStrategist(
        rules: rules, banned: banned, context: try context(platform: platform, account: brief.account, goal: brief.goal)
      )
      if let client {
        return try await strategist.strategy(for: brief, platform: platform, client: client, mode: mode)
      }
      return strategist.strategy(for: brief, platform: platform)
    }
  }

  /// `make` for each platform in order. Cancellation ends the run; other failures are collected.
  private func each<Result: Sendable>(_ platforms: [Platform], _ make: (Platform) async throws -> Result)
    async throws -> [Result]
  {
    var results: [Result] = []
    var failures: [(platform: Platform, error: any Error)] = []
    for platform in platforms {
      do { results.append(try await make(platform)) } catch is CancellationError {
        throw CancellationError()
      } catch {
        failures.append((platform, error))
      }
    }
    if let first = failures.first {
      if results.isEmpty { throw first.error }
      throw PartialDrafts(results: results, failures: failures)
    }
    return results
  }
}

/// Contexts computed once per account and platform, shared by concurrent drafts.
private final class ContextCache: @unchecked Sendable {
  private let lock = NSLock()
  private var values: [String: CreatorContext] = [:]

  func value(for key: String, make: () throws -> CreatorContext) throws -> CreatorContext {
    if let value = lock.withLock({ values[key] }) { return value }
    let value = try make()
    lock.withLock { values[key] = value }
    return value
  }
}
