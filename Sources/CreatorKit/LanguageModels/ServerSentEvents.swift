/// One event of a `text/event-stream` response.
package struct ServerSentEvent: Sendable, Equatable {
  /// The `event:` name, `message` when the server gave none.
  package var event: String
  /// The `data:` lines joined with line feeds.
  package var data: String
  /// The last `id:` seen, carried forward as the spec says.
  package var id: String?
  /// A `retry:` reconnection time in milliseconds, when this event carried one.
  package var retry: Int?

  package init(event: String = "message", data: String, id: String? = nil, retry: Int? = nil) {
    self.event = event
    self.data = data
    self.id = id
    self.retry = retry
  }
}

/// An incremental parser for the WHATWG event-stream format: feed it the body as it arrives, in chunks cut
/// anywhere (inside a line, between a CR and its LF, inside a UTF-8 sequence), and it hands back the events
/// completed so far. Lines end in CRLF, LF or CR; `:` lines are comments; one leading space after a field's
/// colon is dropped; several `data:` lines join with LF; an event without data is not dispatched; a byte-order
/// mark at the very start is skipped; an unfinished event at the end of the stream is discarded.
package struct ServerSentEventParser: Sendable {
  private var line: [UInt8] = []
  private var data: [UInt8] = []
  private var hasData = false
  private var eventName: [UInt8] = []
  private var lastID: String?
  private var retry: Int?
  private var afterCR = false
  private var atStart = true

  package init() {
    line.reserveCapacity(256)
    data.reserveCapacity(1024)
  }

  /// Parses `chunk` and returns the events it completed, in order.
  package mutating func feed<Bytes: Collection<UInt8>>(_ chunk: Bytes) -> [ServerSentEvent] {
    var events: [ServerSentEvent] = []
    feed(chunk) { events.append($0) }
    return events
  }

  /// Parses `chunk`, calling `emit` for each completed event.
  package mutating func feed<Bytes: Collection<UInt8>>(_ chunk: Bytes, emit: (ServerSentEvent) -> Void) {
    let handled = chunk.withContiguousStorageIfAvailable { buffer in
      feed(buffer: UnsafeRawBufferPointer(buffer), emit: emit)
    }
    if handled == nil {
      Array(chunk).withUnsafeBytes { feed(buffer: $0, emit: emit) }
    }
  }

  private mutating func feed(buffer: UnsafeRawBufferPointer, emit: (ServerSentEvent) -> Void) {
    var start = 0
    let count = buffer.count
    if atStart, count > 0 {
      // The byte-order mark may itself arrive split; wait for three bytes before deciding.
      line.append(contentsOf: buffer)
      guard line.count >= 3 || !line.starts(with: [0xEF, 0xBB, 0xBF].prefix(line.count)) else { return }
      atStart = false
      let pending = line.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(line.dropFirst(3)) : line
      line.removeAll(keepingCapacity: true)
      pending.withUnsafeBytes { feed(buffer: $0, emit: emit) }
      return
    }
    if afterCR, count > 0 {
      afterCR = false
      if buffer[0] == 0x0A { start = 1 }
    }
    var index = start
    while index < count {
      let byte = buffer[index]
      if byte == 0x0A || byte == 0x0D {
        if line.isEmpty {
          processLine(UnsafeRawBufferPointer(rebasing: buffer[start..<index]), emit: emit)
        } else {
          line.append(contentsOf: buffer[start..<index])
          line.withUnsafeBytes { processLine($0, emit: emit) }
          line.removeAll(keepingCapacity: true)
        }
        if byte == 0x0D {
          if index + 1 < count {
            if buffer[index + 1] == 0x0A { index += 1 }
          } else {
            afterCR = true
          }
        }
        index += 1
        start = index
      } else {
        index += 1
      }
    }
    if start < count { line.append(contentsOf: buffer[start..<count]) }
  }

  private mutating func processLine(_ text: UnsafeRawBufferPointer, emit: (ServerSentEvent) -> Void) {
    if text.isEmpty {
      dispatch(emit: emit)
      return
    }
    if text[0] == UInt8(ascii: ":") { return }
    var colon = text.count
    for index in 0..<text.count where text[index] == UInt8(ascii: ":") {
      colon = index
      break
    }
    let field = UnsafeRawBufferPointer(rebasing: text[0..<colon])
    var valueStart = Swift.min(colon + 1, text.count)
    if valueStart < text.count, text[valueStart] == UInt8(ascii: " ") { valueStart += 1 }
    let value = UnsafeRawBufferPointer(rebasing: text[valueStart..<text.count])
    if field.elementsEqual("data".utf8) {
      if hasData { data.append(0x0A) }
      data.append(contentsOf: value)
      hasData = true
    } else if field.elementsEqual("event".utf8) {
      eventName.removeAll(keepingCapacity: true)
      eventName.append(contentsOf: value)
    } else if field.elementsEqual("id".utf8) {
      if !value.contains(0) { lastID = String(decoding: value, as: UTF8.self) }
    } else if field.elementsEqual("retry".utf8) {
      if !value.isEmpty, value.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
        retry = Int(String(decoding: value, as: UTF8.self))
      }
    }
  }

  private mutating func dispatch(emit: (ServerSentEvent) -> Void) {
    defer {
      data.removeAll(keepingCapacity: true)
      hasData = false
      eventName.removeAll(keepingCapacity: true)
      retry = nil
    }
    guard hasData else { return }
    emit(
      ServerSentEvent(
        event: eventName.isEmpty ? "message" : String(decoding: eventName, as: UTF8.self),
        data: String(decoding: data, as: UTF8.self),
        id: lastID,
        retry: retry
      ))
  }
}
