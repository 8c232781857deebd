import FlopCore
import Foundation

extension Registry {
  /// A line that could not be imported, and why.
  public struct Rejection: Error, Sendable, Codable {
    public var line: Int
    public var reason: String
    public init(line: Int, reason: String) {
      self.line = line
      self.reason = reason
    }
  }

  /// Imports one batch in one transaction with one audit entry. Runs whose id exists (or repeats in
  /// the batch) are rejected; the rest land together or, on failure, not at all.
  public func importBatch(_ items: [(line: Int, row: RunRow)], actor: String, at date: Date = Date()) throws -> [Rejection] {
    guard !items.isEmpty else { return [] }
    return try store.write { db in
      let at = Self.timestamp(date)
      var rejections: [Rejection] = []
      // The change is `{"assessed":{…},"runs":[record,…]}` in canonical text, built from each row's
      // record text: a batch assessed on one day with one threshold set (an import's always is)
      // says so once; otherwise each record carries its own.
      let assessed = items.first?.row.assessedText ?? ""
      let shared = items.allSatisfy { $0.row.asOf == items[0].row.asOf && $0.row.thresholds == items[0].row.thresholds }
      var change = shared ? "{\"assessed\":" + assessed + ",\"runs\":[" : "{\"runs\":["
      var stored = 0
      var seen = Set<String>()
      seen.reserveCapacity(items.count)
      var fresh: [(line: Int, row: RunRow)] = []
      fresh.reserveCapacity(items.count)
      for item in items {
        if seen.insert(item.row.id).inserted { fresh.append(item) } else { rejections.append(Rejection(line: item.line, reason: "run '\(item.row.id)' is already in the registry")) }
      }
      let inserted = try db.insertNewRuns(fresh.map(\.row), at: at, actor: actor)
      for ((line, row), isNew) in zip(fresh, inserted) {
        guard isNew else {
          rejections.append(Rejection(line: line, reason: "run '\(row.id)' is already in the registry"))
          continue
        }
        if stored > 0 { change += "," }
        change += shared ? row.firstRecord : row.recordText(version: 1, derived: DerivedState(newRow: row))
        stored += 1
      }
      if stored > 0 {
        try Self.appendAudit(db, at: at, actor: actor, action: "import", runID: nil, changeText: change + "]}")
      }
      rejections.sort { $0.line < $1.line }
      return rejections
    }
  }

  /// Calls `body` with every run and its current document, in id order, without loading all at once.
  public func forEachRun(_ body: (RunSummary, String) throws -> Void) throws {
    try read { tx in try tx.forEachRun(body) }
  }
}
