import Dispatch
import FlopRegistry
import Foundation

/// Writes import batches on a background queue, in order, so parsing overlaps writing.
///
/// Up to `depth` batches wait or are being written at once: the writer and the parsers take
/// turns on the cores, and a queue keeps either from idling while the other finishes a batch.
final class BatchWriter: @unchecked Sendable {
  private let queue = DispatchQueue(label: "flopwatch.import.writer")
  private let group = DispatchGroup()
  private let slots: DispatchSemaphore
  private let lock = NSLock()
  private var failure: (any Error)?
  private(set) var rejections: [Registry.Rejection] = []
  private(set) var imported = 0
  private(set) var unchanged = 0

  init(depth: Int) { slots = DispatchSemaphore(value: max(1, depth)) }

  /// Queues a batch, waiting while `depth` are queued; rethrows an earlier batch's failure.
  func submit(
    _ batch: [(line: Int, row: RunRow)],
    _ write: @escaping @Sendable ([(line: Int, row: RunRow)]) throws -> Registry.ImportedBatch
  ) throws {
    slots.wait()
    if let failure = lock.withLock({ failure }) {
      slots.signal()
      throw failure
    }
    queue.async(group: group) {
      defer { self.slots.signal() }
      // No batch is written after one failed: the import stops at whole batches.
      guard self.lock.withLock({ self.failure == nil }) else { return }
      do {
        let written = try write(batch)
        self.lock.withLock {
          self.rejections += written.rejections
          self.unchanged += written.unchanged
          self.imported += batch.count - written.rejections.count - written.unchanged
        }
      } catch {
        self.lock.withLock { self.failure = error }
      }
    }
  }

  /// Waits for every queued batch; rethrows the first failure.
  func finish() throws {
    group.wait()
    if let failure = lock.withLock({ failure }) { throw failure }
  }
}
