import FlopCore
import Foundation
import GRDB

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
    return try pool.write { db in
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
      for (line, row) in items {
        guard seen.insert(row.id).inserted, try Self.insertNew(db, row, at: at, actor: actor) else {
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
      return rejections
    }
  }

  /// Inserts a run that must be new, its first version and its obligations; false when the id is taken.
  static func insertNew(_ db: Database, _ row: RunRow, at: String, actor: String) throws -> Bool {
    var run = try RowInsert(db, sql: insertRun)
    run.bind(row.id)
    run.bind(row.name)
    run.bind(row.status)
    run.bind(row.developer)
    run.bind(row.startDate)
    run.bind(row.endDate)
    run.bind(row.flop.central)
    run.bind(row.flop.low)
    run.bind(row.flop.high)
    run.bind(row.cumulative.central)
    run.bind(row.cumulative.low)
    run.bind(row.cumulative.high)
    run.bind(row.method)
    run.bind(row.baseRun)
    run.bind(row.baseName)
    run.bind(row.baseFLOP)
    run.bind(row.statuses)
    run.bind(1)  // version
    run.bind(at)
    run.bind(at)
    // A run already registered fails here on its primary key: the statement changes nothing and
    // the transaction goes on.
    guard try run.run() else { return false }
    var version = try RowInsert(db, sql: insertVersion)
    version.bind(row.id)
    version.bind(1)
    version.bind(row.document)
    version.bind(row.sha256)
    version.bind(at)
    version.bind(actor)
    guard try version.run() else { throw RegistryError("run '\(row.id)' already has a first version in the registry") }
    try recordObligations(db, runID: row.id, obligations: row.obligations, isNew: true)
    return true
  }

  /// Calls `body` with every run and its current document, in id order, without loading all at once.
  public func forEachRun(_ body: (RunSummary, String) throws -> Void) throws {
    try read { tx in try tx.forEachRun(body) }
  }
}
