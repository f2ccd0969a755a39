import Foundation

/// Runs the importers on a thread of their own and hands what they read to the writer on the calling
/// thread in batches, so decoding and SQLite use a core each. The queue between them is bounded, so memory
/// stays flat however far the reader runs ahead; files are read in plan order, so posts still come before
/// the metrics that join to them.
final class ImportPipeline: @unchecked Sendable {
  /// One file to read, with what reads it.
  struct Step: @unchecked Sendable {
    // ExportSource is a class that only the reader thread touches while the pipeline runs.
    var source: ExportSource
    var file: ExportFile
    var importer: any ExportImporter
    var context: ImportContext
  }

  /// What the reader hands over, in order.
  enum Record: Sendable {
    case post(Post)
    case reading(MetricReading)
    case skip(SkippedRecord)
    case note(String)
    case progress(ExportFile, Int)
    /// Everything from `steps[index]` has been handed over.
    case fileDone(Int)
  }

  private struct Cancelled: Error {}

  private let condition = NSCondition()
  private var batches: [[Record]] = []
  private let capacity = 16
  private var readerFinished = false
  private var readerError: (any Error)?
  private var cancelled = false
  private let readerDone = DispatchSemaphore(value: 0)

  /// Reads `steps` on a new thread, and calls `handle` on this thread with every record until all are
  /// read. Throws the first error of either side; both sides have stopped when it returns or throws.
  func run(_ steps: [Step], handle: (Record) throws -> Void) throws {
    let thread = Thread { [self] in
      let sink = BatchingSink(pipeline: self)
      do {
        for (index, step) in steps.enumerated() {
          try step.importer.read(step.file, from: step.source, context: step.context, into: sink)
          try sink.send(.fileDone(index))
          try sink.flush()
        }
        finish(nil)
      } catch {
        finish(error)
      }
      readerDone.signal()
    }
    thread.stackSize = 8 << 20
    thread.start()
    defer { readerDone.wait() }
    do {
      while let batch = try next() {
        for record in batch { try handle(record) }
      }
    } catch {
      cancel()
      throw error
    }
  }

  // MARK: Reader side

  fileprivate func push(_ batch: [Record]) throws {
    condition.lock()
    defer { condition.unlock() }
    while batches.count >= capacity && !cancelled { condition.wait() }
    if cancelled { throw Cancelled() }
    batches.append(batch)
    condition.broadcast()
  }

  private func finish(_ error: (any Error)?) {
    condition.lock()
    readerFinished = true
    if !(error is Cancelled) { readerError = error }
    condition.broadcast()
    condition.unlock()
  }

  // MARK: Writer side

  private func next() throws -> [Record]? {
    condition.lock()
    defer { condition.unlock() }
    while batches.isEmpty && !readerFinished { condition.wait() }
    if let readerError { throw readerError }
    guard !batches.isEmpty else { return nil }
    let batch = batches.removeFirst()
    condition.broadcast()
    return batch
  }

  private func cancel() {
    condition.lock()
    cancelled = true
    batches.removeAll()
    condition.broadcast()
    condition.unlock()
  }
}

/// The sink importers write into on the reader thread: it groups records into batches for the pipeline.
private final class BatchingSink: ImportSink {
  private let pipeline: ImportPipeline
  private var batch: [ImportPipeline.Record] = []
  private let batchSize = 512

  init(pipeline: ImportPipeline) {
    self.pipeline = pipeline
    batch.reserveCapacity(batchSize)
  }

  func send(_ record: ImportPipeline.Record) throws {
    batch.append(record)
    if batch.count >= batchSize { try flush() }
  }

  func flush() throws {
    guard !batch.isEmpty else { return }
    try pipeline.push(batch)
    batch = []
    batch.reserveCapacity(batchSize)
  }

  func add(_ post: Post) throws { try send(.post(post)) }
  func add(_ reading: MetricReading) throws { try send(.reading(reading)) }
  // Skips, notes and progress cannot fail on their own; a cancelled pipeline stops at the next record.
  func skip(_ record: SkippedRecord) { try? send(.skip(record)) }
  func note(_ text: String) { try? send(.note(text)) }
  func progress(file: ExportFile, bytesRead: Int) { try? send(.progress(file, bytesRead)) }
}
