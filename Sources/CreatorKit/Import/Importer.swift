import Foundation

/// What the user asked an import to do.
public struct ImportOptions: Sendable {
  public var account: String?
  /// The zone for times an export writes without one.
  public var timeZone: TimeZone
  /// False when `timeZone` is only this machine's default: an account whose earlier imports assumed another
  /// zone keeps that one, so importing the same export again moves nothing.
  public var timeZoneGiven: Bool
  /// Read and count everything, then roll the transaction back.
  public var dryRun: Bool
  public var importers: [any ExportImporter]

  public init(
    account: String? = nil, timeZone: TimeZone = .current, timeZoneGiven: Bool = true, dryRun: Bool = false,
    importers: [any ExportImporter] = ExportImporters.all
  ) {
    self.account = account
    self.timeZone = timeZone
    self.timeZoneGiven = timeZoneGiven
    self.dryRun = dryRun
    self.importers = importers
  }
}

/// What an import found and did, for the summary the CLI prints and for scripts.
public struct ImportReport: Sendable {
  public struct FileRead: Sendable, Equatable {
    public var file: String
    public var importer: String
    /// Posts, metric rows and skipped records read from this file.
    public var posts = 0
    public var readings = 0
    public var skipped = 0
  }

  /// What one export gave, for imports of several (a Downloads folder).
  public struct ExportRead: Sendable, Equatable {
    /// The export as the user knows it: `Downloads/bakerbee_20261120.zip`.
    public var name: String
    /// `Instagram @bakerbee`, each account its records were filed under.
    public var accounts: [String] = []
    public var files = 0
    public var posts = 0
    public var readings = 0
    public var skipped = 0
    /// False when none of its files is one CreatorKit reads; it was left alone.
    public var recognized = true
  }

  /// Nil for a dry run.
  public var importID: Int64?
  public var dryRun: Bool
  public var filesRead: [FileRead]
  /// Every export read, in order; several when a path held several (a Downloads folder).
  public var exports: [ExportRead] = []
  /// Data files in the export that no importer reads (other parts of the export).
  public var filesIgnored: Int
  public var accounts: [AccountTally]
  public var skipped: [SkippedRecord]
  public var notes: [String]

  /// One line per account: `Instagram @bakerbee: 512 posts, 40 reels; 480 insight rows joined, 32 unmatched`;
  /// `X @bakerbee: 300 posts, 40 replies, 12 reposts among them`.
  public var summaryLines: [String] {
    accounts.map { tally in
      var parts: [String] = []
      let feed = [MediaKind.image, .carousel, .video, .text, .live].reduce(0) { $0 + tally.postsByKind[$1, default: 0] }
      if feed > 0 { parts.append("\(feed) post\(feed == 1 ? "" : "s")") }
      for kind in [MediaKind.reel, .story] where tally.postsByKind[kind, default: 0] > 0 {
        parts.append(
          "\(tally.postsByKind[kind]!) \(tally.postsByKind[kind]! == 1 ? String(kind.rawValue) : kind.pluralNoun)")
      }
      let others = [(PostRelation.reply, "replies"), (.repost, "reposts")].compactMap { relation, plural in
        tally.postsByRelation[relation].map { "\($0) " + ($0 == 1 ? relation.rawValue : plural) }
      }
      var line =
        "\(tally.platform.displayName) @\(tally.account): "
        + (parts.isEmpty ? "no posts" : parts.joined(separator: ", "))
      if !others.isEmpty { line += ", " + others.joined(separator: ", ") + " among them" }
      if tally.postsArchived > 0 {
        line += ", \(tally.postsArchived) archived among them (left out of statistics unless --include-archived)"
      }
      if tally.readingsJoined + tally.readingsUnmatched > 0 {
        let rows = tally.readingsJoined + tally.readingsUnmatched
        line +=
          "; \(rows) metric row\(rows == 1 ? "" : "s"): \(tally.readingsJoined) joined, \(tally.readingsUnmatched) unmatched"
      }
      if tally.accountReadings > 0 {
        line += "; followers from \(tally.accountReadings) audience row\(tally.accountReadings == 1 ? "" : "s")"
      }
      let verb = dryRun ? "would be " : ""
      line +=
        " (\(verb)added \(tally.postsAdded), \(verb)updated \(tally.postsUpdated), unchanged \(tally.postsUnchanged)"
      if tally.readingsAdded + tally.readingsUpdated > 0 {
        line += "; metric snapshots \(verb)added \(tally.readingsAdded), \(verb)updated \(tally.readingsUpdated)"
      }
      return line + ")"
    }
  }
}

/// Runs an import: opens each input (zip, folder or file), lets each importer claim the files whose shape
/// it knows, and writes everything in one transaction that is recorded in the store's import history.
/// On any `ImportError` the transaction is rolled back and the store is exactly as it was.
public struct Importer {
  /// The store the import writes to (any engine).
  public let store: any ImportTarget
  public let options: ImportOptions

  public init(store: any ImportTarget, options: ImportOptions = ImportOptions()) {
    self.store = store
    self.options = options
  }

  public func run(
    _ inputs: [URL], progress: (@Sendable (ImportProgress) -> Void)? = nil
  ) throws -> ImportReport {
    var sources: [ExportSource] = []
    defer { sources.forEach { $0.close() } }
    // Exports found inside a collection (a Downloads folder) may hold nothing CreatorKit reads; a path that
    // is one export must hold something.
    var inCollection: Set<ObjectIdentifier> = []
    for input in inputs {
      let found = try ExportCollection.sources(at: input)
      sources += found
      if found.count > 1 || found.first?.url != input { found.forEach { inCollection.insert(ObjectIdentifier($0)) } }
    }
    var plan: [(source: ExportSource, file: ExportFile, importer: any ExportImporter)] = []
    var ignored = 0
    var exports: [ImportReport.ExportRead] = []
    for source in sources {
      var claimed = 0
      for file in source.files {
        if let importer = options.importers.first(where: { $0.claims(file) }) {
          plan.append((source, file, importer))
          claimed += 1
        } else {
          ignored += 1
        }
      }
      exports.append(.init(name: source.displayName, files: claimed, recognized: claimed > 0))
      guard claimed > 0 || inCollection.contains(ObjectIdentifier(source)) else { throw unrecognized(source) }
    }
    guard !plan.isEmpty else {
      throw ImportError(
        file: inputs.map(\.lastPathComponent).joined(separator: ", "),
        message:
          "no supported export found among \(sources.count) exports; see the README for the exports CreatorKit reads")
    }
    plan.sort { $0.importer.phase < $1.importer.phase }
    return try store.importing(inputs: inputs, options: options) { writer in
      let steps = plan.map { source, file, importer in
        ImportPipeline.Step(
          source: source, file: file, importer: importer,
          context: ImportContext(
            account: options.account, timeZone: options.timeZone, observedAt: source.exportDate ?? Date()))
      }
      // What each file gave, for `--dry-run`'s per-file listing: a file's records all come before its
      // `fileDone`, and the pipeline hands over one file's records at a time.
      var perFile: [String: (posts: Int, readings: Int, skipped: Int)] = [:]
      var current = (posts: 0, readings: 0, skipped: 0)
      // The accounts of the file being read, for the per-export summary.
      // Records come in long runs of one account: a name is made only when the account changes.
      var accountsOfFile: Set<String> = []
      var lastAccount: (platform: Platform, name: String)?
      func noteAccount(_ platform: Platform, _ name: String) {
        if let lastAccount, lastAccount.platform == platform, lastAccount.name == name { return }
        lastAccount = (platform, name)
        accountsOfFile.insert("\(platform.displayName) @\(name)")
      }
      let exportIndex = Dictionary(
        sources.enumerated().map { (ObjectIdentifier($0.element), $0.offset) }, uniquingKeysWith: { first, _ in first })
      let postTimes = ImportLimits.postTimes()
      // For the progress line: each file's place in the plan, the bytes of the files before it, the posts read.
      let fileNumbers = Dictionary(
        steps.enumerated().map { ($0.element.file.displayName, $0.offset) }, uniquingKeysWith: { first, _ in first })
      let bytesBefore = steps.reduce(into: [0]) { $0.append($0.last! + $1.file.size) }
      let totalBytes = bytesBefore.last ?? 0
      var postsSoFar = 0
      try ImportPipeline().run(steps) { record in
        switch record {
        case .post(let post):
          if let reason = ImportLimits.skipReason(post, times: postTimes) {
            current.skipped += 1
            writer.skip(SkippedRecord(file: post.sourceFile, place: post.key, reason: reason))
            return
          }
          current.posts += 1
          noteAccount(post.platform, post.account)
          try writer.add(post)
        case .reading(let reading):
          try ImportLimits.check(reading)
          current.readings += 1
          noteAccount(reading.platform, reading.account)
          try writer.add(reading)
        case .accountReading(let reading):
          try ImportLimits.check(reading)
          current.readings += 1
          noteAccount(reading.platform, reading.account)
          try writer.add(reading)
        case .skip(let skipped):
          current.skipped += 1
          writer.skip(skipped)
        case .note(let text): writer.note(text)
        case .progress(let file, let bytes):
          guard let progress, let number = fileNumbers[file.displayName] else { break }
          progress(
            ImportProgress(
              file: file.displayName, bytesRead: bytes, fileSize: file.size, fileNumber: number + 1,
              fileCount: steps.count, postsRead: postsSoFar + current.posts,
              importBytesRead: bytesBefore[number] + bytes, importBytes: totalBytes))
        case .fileDone(let index):
          let before = perFile[steps[index].file.displayName] ?? (0, 0, 0)
          perFile[steps[index].file.displayName] = (
            before.posts + current.posts, before.readings + current.readings, before.skipped + current.skipped
          )
          if let export = exportIndex[ObjectIdentifier(steps[index].source)] {
            exports[export].posts += current.posts
            exports[export].readings += current.readings
            exports[export].skipped += current.skipped
            exports[export].accounts = Array(Set(exports[export].accounts).union(accountsOfFile)).sorted()
          }
          postsSoFar += current.posts
          current = (0, 0, 0)
          accountsOfFile = []
          lastAccount = nil
          // Once the last file that adds posts is in, index their captions while metric files are read.
          if index + 1 < steps.count && steps[index].importer.phase < steps[index + 1].importer.phase {
            try writer.postsDone()
          }
          try writer.fileDone(steps[index].file, importer: steps[index].importer.name)
        }
      }
      let outcome = try writer.finish()
      let accounts = outcome.accounts.sorted { ($0.platform, $0.account) < ($1.platform, $1.account) }
      return ImportReport(
        importID: options.dryRun ? nil : writer.importID, dryRun: options.dryRun,
        filesRead: plan.map { step in
          let counts = perFile[step.file.displayName] ?? (0, 0, 0)
          return .init(
            file: step.file.displayName, importer: step.importer.name, posts: counts.posts,
            readings: counts.readings, skipped: counts.skipped)
        }, exports: exports, filesIgnored: ignored,
        accounts: accounts, skipped: outcome.skipped, notes: outcome.notes)
    }
  }

  private func unrecognized(_ source: ExportSource) -> ImportError {
    if source.files.count == 1, let file = source.files.first, file.url == source.url {
      if file.shape == .empty { return ImportError(file: file.displayName, message: "the file is empty") }
      return ImportError(
        file: file.displayName,
        message: "unknown layout: not an export CreatorKit reads (\(describe(file.shape)))")
    }
    return ImportError(
      file: source.displayName,
      message:
        "no supported export found among \(source.files.count) data files; see the README for the exports CreatorKit reads"
    )
  }

  private func describe(_ shape: FileShape) -> String {
    switch shape {
    case .empty: "empty"
    case .jsonObject(let keys): "a JSON object with keys \(keys.prefix(4).joined(separator: ", "))"
    case .jsonArray(let keys):
      keys.isEmpty ? "a JSON array" : "a JSON array of objects with \(keys.prefix(4).joined(separator: ", "))"
    case .csv(let header): "a CSV with columns \(header.prefix(5).joined(separator: ", "))"
    case .html: "an HTML page that is not one of the Instagram pages CreatorKit reads"
    case .other: "not JSON, CSV or HTML"
    }
  }
}
