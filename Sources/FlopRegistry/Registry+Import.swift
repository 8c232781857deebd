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
      // The change is `{"runs":[record,…]}` in canonical text, built from each row's record text.
      var change = "{\"runs\":["
      var stored = 0
      var seen = Set<String>()
      seen.reserveCapacity(items.count)
      for (line, row) in items {
        guard seen.insert(row.id).inserted, try !Self.exists(db, row.id) else {
          rejections.append(Rejection(line: line, reason: "run '\(row.id)' is already in the registry"))
          continue
        }
        try Self.store(db, row, version: 1, action: "import", actor: actor, at: at, audit: false)
        if stored > 0 { change += "," }
        change += row.recordText(version: 1)
        stored += 1
      }
      if stored > 0 {
        try Self.appendAudit(db, at: at, actor: actor, action: "import", runID: nil, changeText: change + "]}")
      }
      return rejections
    }
  }

  /// Calls `body` with every run and its current document, in id order, without loading all at once.
  public func forEachRun(_ body: (RunSummary, String) throws -> Void) throws {
    try pool.read { db in
      let cursor = try Row.fetchCursor(db, sql: """
        SELECT runs.*, run_versions.document FROM runs
        JOIN run_versions ON run_versions.run_id = runs.id AND run_versions.version = runs.version
        ORDER BY runs.id
        """)
      while let row = try cursor.next() { try body(Self.summary(row), row["document"]) }
    }
  }
}
