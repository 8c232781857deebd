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
      if let prepared = Self.prepareProgress(reports, checked: checked, pending: pending, cache: cache, assessor: assessor, recordedAt: recordedAt),
        try land(prepared)
      {
        cache = prepared.cache
        return prepared.results
      }
      var working = cache
      var results = checked
      let head = try write { tx -> AuditHead in
        let head = try tx.auditHead()
        if working.head != head || working.entries.count > working.capacity { working.entries.removeAll() }
        let group = try Self.evaluateGroup(reports, pending, cache: &working, results: &results, assessor: assessor, recordedAt: recordedAt, tx: tx)!
        return try tx.recordProgress(group.points, audits: group.drafts, after: head, recordedAt: recordedAt)
      }
      working.head = head
      cache = working
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
    for index in pending {
      let report = reports[index]
      var entry: ProgressCache.Entry
      let evaluation: ProgressEvaluation
      do {
        if let error = unreadable[report.runID] { throw error }
        guard let cached = working.entries[report.runID] else { throw RegistryError.unknownRun(report.runID) }
        entry = cached
        evaluation = try evaluate(report, entry: &entry, assessor: assessor)
      } catch {
        results[index] = .failure(error)
        continue
      }
      if let point = evaluation.point {
        if entry.applied != evaluation.obligations || entry.derived == nil {
          if entry.applied == nil, let loaded = entry.loaded, !loaded.rows.wouldChange(with: evaluation.obligations) {
            entry.derived = loaded.derived
          } else {
            guard let tx else { return nil }
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
