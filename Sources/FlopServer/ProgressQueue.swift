import FlopEngine
import FlopRegistry
import NIOConcurrencyHelpers

/// Progress reports from many connections, written in groups: while one group's transaction
/// runs, new reports wait, and the next transaction takes all of them (group commit). Each report
/// is still recorded, checked and audited exactly as on its own, in arrival order, and answered
/// only once its transaction has committed. What one group read is kept for the next
/// (`ProgressCache`), so a steady stream of points costs a few statements a group.
final class ProgressQueue: Sendable {
  private struct Waiting: Sendable {
    var report: ProgressReport
    var continuation: CheckedContinuation<ProgressForecast, any Error>
  }

  private struct Failed: Error { var error: any Error; var cache: ProgressCache }

  private let pool: RegistryPool
  private let state = NIOLockedValueBox<(waiting: [Waiting], writing: Bool)>(([], false))
  /// What the last group read and wrote, for the next (only the one writing task touches it).
  private let cache = NIOLockedValueBox(ProgressCache())
  /// The most reports one transaction takes.
  let groupSize: Int

  init(pool: RegistryPool, groupSize: Int = 64) {
    self.pool = pool
    self.groupSize = groupSize
  }

  /// Records a report with whichever group it joins; returns its forecast once committed.
  func record(_ report: ProgressReport, assessor: RunAssessor) async throws -> ProgressForecast {
    try await withCheckedThrowingContinuation { continuation in
      let start = state.withLockedValue { state -> Bool in
        state.waiting.append(Waiting(report: report, continuation: continuation))
        if state.writing { return false }
        state.writing = true
        return true
      }
      if start { Task { await self.write(assessor: assessor) } }
    }
  }

  private func write(assessor: RunAssessor) async {
    while true {
      let group = state.withLockedValue { state -> [Waiting] in
        let group = Array(state.waiting.prefix(groupSize))
        state.waiting.removeFirst(group.count)
        if group.isEmpty { state.writing = false }
        return group
      }
      guard !group.isEmpty else { return }
      let reports = group.map(\.report)
      do {
        // Taken out of the box, so the group changes the only copy in place (a second copy
        // would make each run's growing arrays be copied on every report).
        let holder = CacheHolder(cache.withLockedValue { state in
          let taken = state
          state = ProgressCache()
          return taken
        })
        let results = try await pool.run { registry in
          do { return try registry.recordProgress(batch: reports, assessor: assessor, cache: &holder.cache) } catch {
            throw Failed(error: error, cache: holder.cache)
          }
        }
        cache.withLockedValue { $0 = holder.cache }
        for (waiting, result) in zip(group, results) { waiting.continuation.resume(with: result) }
      } catch let failed as Failed {
        cache.withLockedValue { $0 = failed.cache }
        for waiting in group { waiting.continuation.resume(throwing: failed.error) }
      } catch {
        cache.withLockedValue { $0 = ProgressCache() }
        for waiting in group { waiting.continuation.resume(throwing: error) }
      }
    }
  }
}

/// The progress cache on its way to the pool thread that writes a group: the one writing task
/// hands it over and takes it back after, so it is never used from two threads at once.
private final class CacheHolder: @unchecked Sendable {
  var cache: ProgressCache
  init(_ cache: ProgressCache) { self.cache = cache }
}
