import Dispatch
import Foundation

/// Maps items concurrently, keeping order; used to read and parse data files in parallel at start-up.
public enum ParallelMap {
  /// Applies `transform` to every item on all cores and returns the results in order.
  public static func map<Item: Sendable, Result: Sendable, Failure: Error>(
    _ items: [Item], _ transform: @Sendable (Item) throws(Failure) -> Result
  ) throws(Failure) -> [Result] {
    if items.count < 2 {
      var results: [Result] = []
      for item in items { results.append(try transform(item)) }
      return results
    }
    let slots = Slots<Swift.Result<Result, Failure>>(count: items.count)
    DispatchQueue.concurrentPerform(iterations: items.count) { index in
      slots.set(index, Swift.Result<Result, Failure> { () throws(Failure) -> Result in try transform(items[index]) })
    }
    var results: [Result] = []
    for outcome in slots.values() { results.append(try outcome.get()) }
    return results
  }

  /// Maps items on one thread per context, each thread passing its own context to `transform`.
  ///
  /// Threads take the next few items as they finish, so they stay busy to the end. Giving each
  /// its own copy of shared data (see `RunAssessor.independentCopy`) keeps the cores from
  /// contending for the same reference counts. With `lowPriority`, the work runs on threads of
  /// its own at a lower priority, so a thread it feeds (an import's database writer, which
  /// cannot be split) gets a core whenever it has work.
  public static func map<Context: Sendable, Item: Sendable, Result: Sendable>(
    _ items: [Item], contexts: [Context], lowPriority: Bool = false, _ transform: @escaping @Sendable (Context, Item) -> Result
  ) -> [Result] {
    guard contexts.count > 1, items.count > 1 else { return items.map { transform(contexts[0], $0) } }
    let slots = Slots<Result>(count: items.count)
    let next = Counter()
    let step = 8
    let work = { @Sendable (worker: Int) in
      while true {
        let start = next.advance(by: step)
        guard start < items.count else { return }
        for index in start..<min(start + step, items.count) { slots.set(index, transform(contexts[worker], items[index])) }
      }
    }
    if lowPriority {
      let done = DispatchGroup()
      for worker in contexts.indices {
        done.enter()
        let thread = Thread {
          #if os(Linux)
            // On Linux a thread's nice value is its own (setpriority on the calling thread).
            _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 5)
          #endif
          work(worker)
          done.leave()
        }
        thread.qualityOfService = .utility
        thread.start()
      }
      done.wait()
    } else {
      DispatchQueue.concurrentPerform(iterations: contexts.count, execute: work)
    }
    return slots.values()
  }

  /// The next item to take, shared by the threads of one map.
  final class Counter: @unchecked Sendable {
    private var value = 0
    private let lock = NSLock()

    /// Adds `step` and returns the value before.
    func advance(by step: Int) -> Int {
      lock.withLock {
        defer { value += step }
        return value
      }
    }
  }

  /// Results written by concurrent iterations, one slot each, under a lock.
  final class Slots<Value>: @unchecked Sendable {
    private var storage: [Value?]
    private let lock = NSLock()

    init(count: Int) { storage = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: Value) {
      lock.lock()
      storage[index] = value
      lock.unlock()
    }

    func values() -> [Value] {
      lock.lock()
      defer { lock.unlock() }
      return storage.compactMap { $0 }
    }
  }
}
