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
  public func importBatch(_ items: [(line: Int, assessment: RunAssessment)], actor: String, at date: Date = Date()) throws -> [Rejection] {
    guard !items.isEmpty else { return [] }
    return try pool.write { db in
      let at = Self.timestamp(date)
      var rejections: [Rejection] = []
      var records: [JSONValue] = []
      var seen = Set<String>()
      for (line, assessment) in items {
        guard seen.insert(assessment.id).inserted, try !Self.exists(db, assessment.id) else {
          rejections.append(Rejection(line: line, reason: "run '\(assessment.id)' is already in the registry"))
          continue
        }
        try Self.store(db, assessment, version: 1, action: "import", actor: actor, at: at, audit: false)
        records.append(Self.record(assessment, version: 1))
      }
      if !records.isEmpty {
        try Self.appendAudit(db, at: at, actor: actor, action: "import", runID: nil, change: .object(["runs": .array(records)]))
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
