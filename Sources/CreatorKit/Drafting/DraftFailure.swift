/// A part of a drafting run that failed while the rest succeeded: one contemplate drafter, the judge, or one
/// platform of several. Kept beside what succeeded, so a failure marks its part instead of hiding the others.
public struct DraftFailure: Sendable, Equatable, Codable {
  /// What failed, said for a user: `drafter 'story'`, `judge`, `instagram`.
  public var part: String
  public var message: String
  /// The `ModelError.Kind` when the failure was a model error, for the exit code.
  public var kind: String?

  /// A failure of `part`, said in `message`.
  public init(part: String, message: String, kind: String? = nil) {
    self.part = part
    self.message = message
    self.kind = kind
  }

  /// A failure of `part` from `error`, keeping a model error's kind for the exit code.
  public init(part: String, error: any Error) {
    let modelError = error as? ModelError
    self.init(part: part, message: modelError?.description ?? "\(error)", kind: modelError?.kind.rawValue)
  }

  /// `part: message`, one line.
  public var line: String { "\(part): \(message)" }
}

/// Some platforms of a drafting run failed and others succeeded: the results that succeeded, and why the
/// others failed. Thrown by `DraftingSession` only when at least one platform succeeded; a run where every
/// platform failed throws the first platform's own error.
public struct PartialDrafts<Result: Sendable>: Error, Sendable {
  public var results: [Result]
  public var failures: [(platform: Platform, error: any Error)]
}
