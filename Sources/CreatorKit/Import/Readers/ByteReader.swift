import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads a file (or bytes in memory) through one fixed buffer, so a parser can walk a 200 MB export while
/// holding only a chunk of it. Parsers read `buffer[position..<end]` directly and call `refill()` when
/// they reach the end.
final class ByteReader {
  static let defaultChunkSize = 1 << 20

  // The hot state is marked `@exclusivity(unchecked)`: the dynamic access checks Swift adds to class
  // properties cost about a tenth of the parse. Only one parser at a time uses a reader.
  @exclusivity(unchecked) private(set) var buffer: UnsafeMutablePointer<UInt8>
  private let capacity: Int
  private var descriptor: Int32 = -1
  private var memory: [UInt8]?
  private var memoryOffset = 0
  /// Index of the next unread byte in `buffer`.
  @exclusivity(unchecked) var position = 0
  /// One past the last valid byte in `buffer`.
  @exclusivity(unchecked) private(set) var end = 0
  /// Bytes consumed by earlier chunks, so `consumedBefore + position` is the offset in the input.
  @exclusivity(unchecked) private(set) var consumedBefore = 0
  private(set) var isAtEnd = false

  init(url: URL, chunkSize: Int = ByteReader.defaultChunkSize) throws {
    capacity = chunkSize
    buffer = .allocate(capacity: chunkSize)
    descriptor = open(url.path, O_RDONLY)
    if descriptor < 0 {
      // `deinit` runs for a class whose properties are all set, even when its initializer throws: it frees
      // the buffer (freeing it here as well was a double free).
      let reason = String(cString: strerror(errno))
      throw CocoaError(.fileReadNoSuchFile, userInfo: [NSLocalizedDescriptionKey: reason])
    }
  }

  init(bytes: [UInt8], chunkSize: Int = ByteReader.defaultChunkSize) {
    capacity = chunkSize
    buffer = .allocate(capacity: chunkSize)
    memory = bytes
  }

  deinit {
    if descriptor >= 0 { close(descriptor) }
    buffer.deallocate()
  }

  /// The offset in the input of the next unread byte.
  var offset: Int { consumedBefore + position }

  /// Replaces the buffer's content with the next chunk. Returns false at the end of the input.
  /// Everything before `position` is discarded, so callers copy what they still need first.
  @discardableResult
  func refill() throws -> Bool {
    consumedBefore += end
    position = 0
    end = 0
    if isAtEnd { return false }
    if let memory {
      let count = min(capacity, memory.count - memoryOffset)
      memory.withUnsafeBufferPointer { source in
        if count > 0 { buffer.update(from: source.baseAddress! + memoryOffset, count: count) }
      }
      memoryOffset += count
      end = count
    } else {
      var count: Int
      repeat {
        count = read(descriptor, buffer, capacity)
      } while count < 0 && errno == EINTR
      if count < 0 { throw CocoaError(.fileReadUnknown) }
      end = count
    }
    if end == 0 { isAtEnd = true }
    return end > 0
  }

  /// The next byte without consuming it, or nil at the end of the input.
  @inline(__always)
  func peek() throws -> UInt8? {
    if position < end { return buffer[position] }
    return try refill() ? buffer[position] : nil
  }
}
