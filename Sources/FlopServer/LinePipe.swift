import Foundation
import NIOConcurrencyHelpers

/// Hands text from a blocking producer (a registry scan on the pool's threads) to an async
/// response writer, holding at most `depth` chunks: a slow client slows the scan instead of
/// filling memory, and a client that goes away stops it.
final class LinePipe: Sendable {
  let stream: AsyncThrowingStream<String, any Error>
  private let continuation: AsyncThrowingStream<String, any Error>.Continuation
  private let slots: DispatchSemaphore
  private let gone = NIOLockedValueBox(false)

  struct ClientGone: Error {}

  init(depth: Int) {
    slots = DispatchSemaphore(value: depth)
    (stream, continuation) = AsyncThrowingStream.makeStream(of: String.self)
    let slots = self.slots, gone = self.gone
    continuation.onTermination = { _ in
      gone.withLockedValue { $0 = true }
      slots.signal()
    }
  }

  /// Sends a chunk, waiting while `depth` are unread; throws once the reader has gone.
  func send(_ chunk: String) throws {
    slots.wait()
    if gone.withLockedValue({ $0 }) {
      slots.signal()
      throw ClientGone()
    }
    continuation.yield(chunk)
  }

  /// Marks a chunk read (the writer calls this after writing it).
  func consumed() { slots.signal() }

  func finish(_ error: (any Error)?) {
    if let error { continuation.finish(throwing: error) } else { continuation.finish() }
  }
}
