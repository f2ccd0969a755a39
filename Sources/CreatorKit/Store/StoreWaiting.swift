import Foundation
import GRDB
import Synchronization

/// How a store shares its file with other `creator` processes: a write waits for the one in progress (an
/// import of 200,000 posts takes a while) instead of failing after a few seconds with "database is locked",
/// and two processes creating a new store at the same moment both end up with its schema.
final class StoreWaiting: Sendable {
  /// The longest a write waits for another process's write.
  static let longest: Duration = .seconds(600)
  private static let pause: Duration = .milliseconds(50)

  private let onWait: (@Sendable () -> Void)?
  private let told = Atomic<Bool>(false)

  init(onWait: (@Sendable () -> Void)?) {
    self.onWait = onWait
  }

  /// SQLite's busy handler: sleeps a little and says to try again, until `longest` has passed.
  var callback: Database.BusyCallback {
    { [self] tries in
      if tries == 20, told.exchange(true, ordering: .relaxed) == false { onWait?() }
      guard tries < Int(Self.longest / Self.pause) else { return false }
      Thread.sleep(forTimeInterval: 0.05)
      return true
    }
  }

  /// Opens the pool. Switching a new file to WAL takes a lock that SQLite does not wait for through the busy
  /// handler: a process opening a new store while another does the same may be told "database is locked",
  /// and tries again.
  static func open(_ path: String, configuration: Configuration) throws -> DatabasePool {
    var attempt = 0
    while true {
      do {
        return try DatabasePool(path: path, configuration: configuration)
      } catch let error as DatabaseError
        where attempt < 40 && (error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED)
      {
        attempt += 1
        Thread.sleep(forTimeInterval: 0.05)
      }
    }
  }

  /// Runs the migrations. A process that opened a new store together with another one may find that the
  /// other applied a migration after it looked: it looks again.
  static func migrate(_ pool: DatabasePool) throws {
    var attempt = 0
    while true {
      do {
        try StoreSchema.migrator.migrate(pool)
        return
      } catch is DatabaseError where attempt < 5 {
        // "table import already exists", "duplicate column name", a lock: another process got there first.
        // An error that is not such a race comes back on every attempt and is thrown after the last.
        attempt += 1
        Thread.sleep(forTimeInterval: 0.05 * Double(attempt))
      }
    }
  }
}
