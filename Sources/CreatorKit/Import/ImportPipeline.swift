import Foundation

/// Runs the importers on threads of their own and hands what they read to the writer on the calling
/// thread in batches, so decoding and SQLite run side by side. Each import phase (files that add posts,
/// then files that add metrics) has its own reader and lane: metric files are decoded while posts are still
/// being written, and the writer drains the lanes in phase order, so posts are always in before the
/// metrics that join to them. Lanes are bounded, so memory stays bounded however far a reader runs ahead.
final class ImportPipeline: @unchecked Sendable {
  /// One file to read, with what reads it.
  struct Step: @unchecked Sendable {
    // ExportSource is a class that only the reader threads touch while the pipeline runs.
    var source: ExportSource
    var file: ExportFile
    var importer: any ExportImporter
    var context: ImportContext
  }

  /// What a reader hands over, in order.
  enum Record: Sendable {
    case post(Post)
    case reading(MetricReading)
    case accountReading(AccountReading)
    case skip(SkippedRecord)
    case note(String)
    case progress(ExportFile, Int)
    /// Everything from `steps[index]` has been handed over.
    case fileDone(Int)
  }

  /// Reads `steps` on reader threads, one per import phase, and calls `handle` on this thread with every
  /// record, phase by phase and in file order within a phase. Throws the first error met in that order;
  /// every reader has stopped when it returns or throws.
  func run(_ steps: [Step], handle: (Record) throws -> Void) throws {
    let phases = Dictionary(grouping: steps.indices, by: { steps[$0].importer.phase }).sorted { $0.key < $1.key }
    // The first lane is drained as it fills; later ones wait their turn, so they may hold more.
    let lanes = phases.indices.map { Lane(capacity: $0 == 0 ? 16 : 512) }
    let done = DispatchGroup()
    for (lane, phase) in zip(lanes, phases) {
      done.enter()
      let thread = Thread {
        let sink = BatchingSink(lane: lane)
        do {
          for index in phase.value {
            let step = steps[index]
            try step.importer.read(step.file, from: step.source, context: step.context, into: sink)
            try sink.send(.fileDone(index))
          }
          try sink.flush()
          lane.finish(nil)
        } catch {
          lane.finish(error)
        }
        done.leave()
      }
      thread.stackSize = 8 << 20
      thread.start()
    }
    defer { done.wait() }
    do {
      for lane in lanes {
        while let batch = try lane.next() {
          for record in batch { try handle(record) }
        }
      }
    } catch {
      lanes.forEach { $0.cancel() }
      throw error
    }
  }
}

/// A bounded queue of batches from one reader thread to the writer.
private final class Lane: @unchecked Sendable {
  struct Cancelled: Error {}

  private let condition = NSCondition()
  private var batches: [[ImportPipeline.Record]] = []
  private let capacity: Int
  private var finished = false
  private var error: (any Error)?
  private var cancelled = false

  init(capacity: Int) {
    self.capacity = capacity
  }

  /// Reader side: waits while the lane is full; throws once the writer has given up.
  func push(_ batch: [ImportPipeline.Record]) throws {
    condition.lock()
    defer { condition.unlock() }
    while batches.count >= capacity && !cancelled { condition.wait() }
    if cancelled { throw Cancelled() }
    batches.append(batch)
    condition.broadcast()
  }

  /// Reader side: no more batches; `error` when the reader failed.
  func finish(_ error: (any Error)?) {
    condition.lock()
    finished = true
    if !(error is Cancelled) { self.error = error }
    condition.broadcast()
    condition.unlock()
  }

  /// Writer side: the next batch, nil when the reader is done, or the reader's error.
  func next() throws -> [ImportPipeline.Record]? {
    condition.lock()
    defer { condition.unlock() }
    while batches.isEmpty && !finished { condition.wait() }
    if let error { throw error }
    guard !batches.isEmpty else { return nil }
    let batch = batches.removeFirst()
    condition.broadcast()
    return batch
  }

  /// Writer side: stops the reader and drops what it sent.
  func cancel() {
    condition.lock()
    cancelled = true
    batches.removeAll()
    condition.broadcast()
    condition.unlock()
  }
}

/// The sink importers write into on a reader thread: it groups records into batches for its lane.
private final class BatchingSink: ImportSink {
  private let lane: Lane
  private var batch: [ImportPipeline.Record] = []
  private let batchSize = 512

  init(lane: Lane) {
    self.lane = lane
    batch.reserveCapacity(batchSize)
  }

  func send(_ record: ImportPipeline.Record) throws {
    batch.append(record)
    if batch.count >= batchSize { try flush() }
  }

  func flush() throws {
    guard !batch.isEmpty else { return }
    try lane.push(batch)
    batch = []
    batch.reserveCapacity(batchSize)
  }

  func add(_ post: Post) throws { try send(.post(post)) }
  func add(_ reading: MetricReading) throws { try send(.reading(reading)) }
  func add(_ reading: AccountReading) throws { try send(.accountReading(reading)) }
  // Skips, notes and progress cannot fail on their own; a cancelled lane stops at the next record.
  func skip(_ record: SkippedRecord) { try? send(.skip(record)) }
  func note(_ text: String) { try? send(.note(text)) }
  func progress(file: ExportFile, bytesRead: Int) { try? send(.progress(file, bytesRead)) }
}
