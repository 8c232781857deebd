import GRDB

extension Registry {
  /// A run's open obligations in brief, for listings.
  public struct OpenObligations: Sendable {
    public var open: Int
    public var overdue: Int
    public var nextDue: String?
  }

  /// Calls `body` with every run, in id order, and its open obligations (overdue: due before
  /// `asOf`), one row at a time: memory stays flat however large the registry.
  public func forEachRun(asOf: String, _ body: (RunSummary, OpenObligations) throws -> Void) throws {
    try pool.read { db in
      // Both sides walk their id index in order; the grouped side never holds more than one run.
      let cursor = try Row.fetchCursor(db, sql: """
        SELECT runs.*, o.open, o.overdue, o.next_due FROM runs
        LEFT JOIN (SELECT run_id, count(*) AS open, sum(due IS NOT NULL AND due < ?) AS overdue, min(due) AS next_due
                   FROM obligations WHERE status = 'open' GROUP BY run_id) AS o ON o.run_id = runs.id
        ORDER BY runs.id
        """, arguments: [asOf])
      while let row = try cursor.next() {
        try body(
          Self.summary(row),
          OpenObligations(open: row["open"] ?? 0, overdue: row["overdue"] ?? 0, nextDue: row["next_due"]))
      }
    }
  }

  /// Calls `body` with every obligation not withdrawn, soonest due first (undated last), one row at a time.
  public func forEachObligation(_ body: (StoredObligation) throws -> Void) throws {
    try pool.read { db in
      let cursor = try Row.fetchCursor(db, sql: """
        SELECT * FROM obligations WHERE status != 'withdrawn' ORDER BY due IS NULL, due, run_id, id
        """)
      while let row = try cursor.next() { try body(Self.obligation(row)) }
    }
  }
}
