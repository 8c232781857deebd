import FlopFiles
import Foundation
import Testing

@Suite struct ParallelMapTests {
  @Test(arguments: [0, 1, 2, 7, 8, 9, 1000], [false, true])
  func contextsKeepOrderAndEveryItem(count: Int, lowPriority: Bool) {
    let items = Array(0..<count)
    let contexts = [100, 200, 300]
    let results = ParallelMap.map(items, contexts: contexts, lowPriority: lowPriority) { context, item in (item * 2, context) }
    #expect(results.map(\.0) == items.map { $0 * 2 })
    #expect(results.allSatisfy { contexts.contains($0.1) })
  }

  @Test func oneContextRunsInOrderOnTheCaller() {
    let results = ParallelMap.map(Array(0..<50), contexts: ["only"]) { context, item in "\(context)-\(item)" }
    #expect(results == (0..<50).map { "only-\($0)" })
  }
}
