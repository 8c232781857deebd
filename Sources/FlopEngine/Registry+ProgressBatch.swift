import FlopCore
import FlopRegistry
import Foundation

/// A group of progress reports worked out in memory (`Registry.prepareProgress`), with what it
/// writes, its answers, and the cache as it will be once it has landed.
public struct PreparedProgress: Sendable {
  public var results: [Result<ProgressForecast, any Error>]
  var points: [(runID: String, point: ProgressPoint)]
  /// The audit entries, chained after the head the group was worked out against.
  var audits: ChainedAudits
  var recordedAt: String
  public var cache: ProgressCache
}

extension Registry {
  /// Records several reports at once, each exactly as `recordProgress` would, in order: the same
  /// checks, points, obligations and audit entries. A report that is refused is answered with its
  /// error and the others are recorded. For a server taking many reporters' points at once.
  ///
  /// `cache` carries what earlier groups read and wrote (`ProgressCache`). When every run is in it
  /// and no report moves an obligation, the group is worked out in memory and written in one
  /// statement that lands only if no other writer has appended to the audit chain since
  /// (`appendProgress`); otherwise, or when that statement finds the chain moved, the group runs in
  /// a write transaction that reads what it needs first. On an error the cache is emptied.
  public func recordProgress(
    batch reports: [ProgressReport], assessor: RunAssessor, cache: inout ProgressCache, now: Date = Date()
  ) throws -> [Result<ProgressForecast, any Error>] {
    var checked = [Result<ProgressForecast, any Error>?](repeating: nil, count: reports.count)
    var pending: [Int] = []
    for (index, report) in reports.enumerated() {
      do { try report.check(now: now); pending.append(index) } catch { checked[index] = .failure(error) }
    }
    let recordedAt = Registry.timestamp(Date())
    do {
      // In memory first, on the cache itself (a copy would copy each run's points as it grew).
      if let head = cache.head, cache.entries.count <= cache.capacity {
        var results = checked
        if let group = try Self.evaluateGroup(reports, pending, cache: &cache, results: &results, assessor: assessor, recordedAt: recordedAt, tx: nil) {
          let audits = ChainedAudits(group.drafts, after: head)
          let landed = group.points.isEmpty ? try auditHead() == head : try appendProgress(group.points, audits: audits, recordedAt: recordedAt) != nil
          if landed {
            cache.head = audits.head
            return results.map { $0 ?? .failure(EngineError("not recorded")) }
          }
          // Another writer came first: what this group put in the cache was never written.
          cache.entries.removeAll()
        }
      }
      var results = checked
      let head = try write { tx -> AuditHead in
        let head = try tx.auditHead()
        if cache.head != head || cache.entries.count > cache.capacity { cache.entries.removeAll() }
        let group = try Self.evaluateGroup(reports, pending, cache: &cache, results: &results, assessor: assessor, recordedAt: recordedAt, tx: tx)!
        return try tx.recordProgress(group.points, audits: group.drafts, after: head, recordedAt: recordedAt)
      }
      cache.head = head
      return results.map { $0 ?? .failure(EngineError("not recorded")) }
    } catch {
      cache = ProgressCache(capacity: cache.capacity)
      throw error
    }
  }

  /// Works out a group in memory against `cache`, ready to land in one statement
  /// (`land`); nil when a run is not cached or a report moves an obligation (then
  /// `recordProgress(batch:)` does it in a transaction). Pure: a server can work out the next group
  /// while the previous one lands, against the cache as it will be once that one has landed.
  public static func prepareProgress(
    batch reports: [ProgressReport], assessor: RunAssessor, cache: ProgressCache, now: Date = Date()
  ) -> PreparedProgress? {
    var checked = [Result<ProgressForecast, any Error>?](repeating: nil, count: reports.count)
    var pending: [Int] = []
    for (index, report) in reports.enumerated() {
      do { try report.check(now: now); pending.append(index) } catch { checked[index] = .failure(error) }
    }
    return prepareProgress(reports, checked: checked, pending: pending, cache: cache, assessor: assessor, recordedAt: Registry.timestamp(Date()))
  }

  static func prepareProgress(
    _ reports: [ProgressReport], checked: [Result<ProgressForecast, any Error>?], pending: [Int], cache: ProgressCache, assessor: RunAssessor,
    recordedAt: String
  ) -> PreparedProgress? {
    guard let head = cache.head, cache.entries.count <= cache.capacity else { return nil }
    var working = cache
    var results = checked
    guard let group = try? evaluateGroup(reports, pending, cache: &working, results: &results, assessor: assessor, recordedAt: recordedAt, tx: nil)
    else { return nil }
    // The entries' texts and hashes are worked out here, so the cache knows the head it will leave.
    let audits = ChainedAudits(group.drafts, after: head)
    working.head = audits.head
    return PreparedProgress(
      results: results.map { $0 ?? .failure(EngineError("not recorded")) }, points: group.points, audits: audits, recordedAt: recordedAt,
      cache: working)
  }

  /// Lands a prepared group if the audit chain still ends where it expects; false when another
  /// writer (or a group that failed to land) moved it, and nothing was written.
  public func land(_ prepared: PreparedProgress) throws -> Bool {
    if prepared.points.isEmpty { return try auditHead() == prepared.audits.after }
    return try appendProgress(prepared.points, audits: prepared.audits, recordedAt: prepared.recordedAt) != nil
  }

  /// Works out the pending reports in order against `cache`, filling in their results; returns
  /// the points and audit entries to write. With a transaction, runs missing from the cache are
  /// read and obligations a report moves are written; without one, either returns nil.
  static func evaluateGroup(
    _ reports: [ProgressReport], _ pending: [Int], cache working: inout ProgressCache, results: inout [Result<ProgressForecast, any Error>?],
    assessor: RunAssessor, recordedAt: String, tx: RegistryTransaction?
  ) throws -> (points: [(runID: String, point: ProgressPoint)], drafts: [AuditDraft])? {
    var points: [(runID: String, point: ProgressPoint)] = []
    var drafts: [AuditDraft] = []
    // Runs not in the cache are read together (after a restart, a group names many).
    var unreadable: [String: any Error] = [:]
    let missing = Set(pending.map { reports[$0].runID }).filter { !(working.entries[$0]?.isCurrent(for: assessor) ?? false) }.sorted()
    if !missing.isEmpty {
      guard let tx else { return nil }
      let states = try tx.progressStates(of: missing)
      for id in missing {
        do {
          guard let state = states[id] else { throw RegistryError.unknownRun(id) }
          working.entries[id] = try progressEntry(id, state: state, in: tx, assessor: assessor)
        } catch {
          working.entries[id] = nil
          unreadable[id] = error
        }
      }
    }
    // Entries this group changed: without a transaction, a group that cannot finish in memory
    // leaves them out of the cache, since they hold points that were never written.
    var touched: [String] = []
    for index in pending {
      let report = reports[index]
      // Taken out of the cache while it changes, so that its arrays are not copied.
      guard var entry = working.entries.removeValue(forKey: report.runID) else {
        results[index] = .failure(unreadable[report.runID] ?? RegistryError.unknownRun(report.runID))
        continue
      }
      let evaluation: ProgressEvaluation
      do {
        evaluation = try evaluate(report, entry: &entry, assessor: assessor)
      } catch {
        // A refused report changed nothing.
        working.entries[report.runID] = entry
        results[index] = .failure(error)
        continue
      }
      touched.append(report.runID)
      if let point = evaluation.point {
        if entry.applied != evaluation.obligations || entry.derived == nil {
          if entry.applied == nil, let loaded = entry.loaded, !loaded.rows.wouldChange(with: evaluation.obligations) {
            entry.derived = loaded.derived
          } else {
            guard let tx else {
              for id in touched { working.entries[id] = nil }
              return nil
            }
            try tx.recordObligations(runID: report.runID, obligations: evaluation.obligations)
            entry.derived = try tx.derivedState(of: report.runID)
            entry.known = try tx.knownDays(of: report.runID)
          }
          entry.applied = evaluation.obligations
          entry.loaded = nil
        }
        points.append((report.runID, point))
        drafts.append(
          AuditDraft(
            action: "progress", actor: report.actor, at: recordedAt, runID: report.runID, change: progressChange(point),
            derived: entry.derived!))
      }
      working.entries[report.runID] = entry
      results[index] = .success(evaluation.forecast)
    }
    return (points, drafts)
  }
}
