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
