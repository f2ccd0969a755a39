import Foundation
import Synchronization
import Testing

@testable import CreatorKit

/// The store engines a test runs against, as `@Test(arguments: TestEngine.available)`: SQLite always, and
/// PostgreSQL when the build has the trait `Postgres` and a test cluster is given (or required, in CI).
/// The same test body then checks both: the store, import, statistics, report and drafting tests are
/// parameterised, not copied.
enum TestEngine: String, Sendable, CustomTestStringConvertible {
  case sqlite
  case postgres

  static let available: [TestEngine] = {
    #if Postgres
      if TestPostgres.enabled { return [.sqlite, .postgres] }
    #endif
    return [.sqlite]
  }()

  var testDescription: String { rawValue }

  /// A new, empty store on this engine, as the commands open it (`PostStore.open`): a SQLite file in a
  /// folder of its own, or a database of its own on the test cluster. The folder or database is removed
  /// once the store is gone (at the next store made, so a test never loses its store mid-way).
  func makeStore() throws -> PostStore {
    try TestStores.shared.make(self)
  }
}

/// The folders and databases of the stores tests made, each dropped once its store is deallocated.
final class TestStores: Sendable {
  static let shared = TestStores()

  private struct Made {
    weak var store: PostStore?
    let remove: @Sendable () -> Void
  }

  private let made = Mutex<[Made]>([])

  func make(_ engine: TestEngine) throws -> PostStore {
    sweep()
    let store: PostStore
    let remove: @Sendable () -> Void
    switch engine {
    case .sqlite:
      let folder = FileManager.default.temporaryDirectory.appendingPathComponent("creatorkit-test-\(UUID().uuidString)")
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      store = try PostStore(path: folder.appendingPathComponent("store.sqlite").path)
      remove = { try? FileManager.default.removeItem(at: folder) }
    case .postgres:
      #if Postgres
        let database = try TemporaryPostgresDatabase()
        store = try PostStore.open(StoreLocation(database.url()))
        // The closure holds the database; dropping it (after the sweep calls it) drops the database.
        remove = { withExtendedLifetime(database) {} }
      #else
        throw StoreError(unsupported: "postgres", message: "this build has no PostgreSQL engine")
      #endif
    }
    made.withLock { $0.append(Made(store: store, remove: remove)) }
    return store
  }

  /// Removes what belonged to stores no test holds any more.
  private func sweep() {
    let gone = made.withLock { made in
      let gone = made.filter { $0.store == nil }
      made.removeAll { $0.store == nil }
      return gone
    }
    for item in gone { item.remove() }
  }
}
