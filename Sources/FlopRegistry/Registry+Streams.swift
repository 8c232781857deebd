
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
    try store.read { db in
      // Both sides walk their id index in order; the grouped side never holds more than one run.
      try db.scan("""
        SELECT runs.*, o.open, o.overdue, o.next_due FROM runs
        LEFT JOIN (SELECT run_id, count(*) AS open, sum(CASE WHEN due IS NOT NULL AND due < ? THEN 1 ELSE 0 END) AS overdue,
                     min(due) AS next_due
                   FROM obligations WHERE status = 'open' GROUP BY run_id) AS o ON o.run_id = runs.id
        ORDER BY runs.id
        """, asOf) { row in
        try body(
          Self.summary(row),
          OpenObligations(open: row["open"], overdue: row["overdue"], nextDue: row["next_due"]))
      }
    }
  }

  /// Calls `body` with every obligation not withdrawn, soonest due first (undated last), one row at a time.
  public func forEachObligation(_ body: (StoredObligation) throws -> Void) throws {
    try store.read { db in
      try db.scan("SELECT * FROM obligations WHERE status != 'withdrawn' ORDER BY due IS NULL, due, run_id, id") { row in
        try body(Self.obligation(row))
      }
    }
  }
}
