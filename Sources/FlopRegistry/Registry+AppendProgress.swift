import FlopCore

extension Registry {
  /// The audit chain's last link as committed now.
  public func auditHead() throws -> AuditHead {
    try store.readStatement { db in try RegistryTransaction(db: db).auditHead() }
  }

  /// Appends a group's progress points and their audit entries if the audit chain still ends
  /// where they were chained (`audits.after`); returns the new head, or nil when another writer
  /// has appended since (nothing is written then). On PostgreSQL it is one statement, committed on
  /// its own: it takes the writers' lock, checks the head, inserts both, and a writer that appended
  /// in between makes the entry's sequence number collide, so the statement fails whole.
  public func appendProgress(_ points: [(runID: String, point: ProgressPoint)], audits: ChainedAudits, recordedAt: String) throws -> AuditHead? {
    let head = audits.after
    guard store.dialect == .postgres, !points.isEmpty, points.count <= 1000, audits.count <= 500 else {
      return try write { tx in
        guard try tx.auditHead() == head else { return nil }
        try tx.insertProgress(points, recordedAt: recordedAt)
        return try tx.appendAudits(audits)
      }
    }
    let newHead = audits.head
    let (_, progressArguments) = RegistryTransaction.progressInsert(points[...], recordedAt: recordedAt)
    let auditArguments = audits.arguments
    // Typed, because rows selected from VALUES are not typed by the columns they go into.
    func rows(_ count: Int, _ types: [String]) -> String {
      Array(repeating: "(" + types.map { "?::\($0)" }.joined(separator: ", ") + ")", count: count).joined(separator: ", ")
    }
    let progressColumns = "run_id, at, tokens, gpu_hours, recorded_at"
    let auditColumns = ChainedAudits.columns
    let sql = """
      WITH writer AS (SELECT pg_advisory_xact_lock(?) AS locked, (SELECT hash FROM audit ORDER BY seq DESC LIMIT 1) AS head),
      points AS (
        INSERT INTO progress (\(progressColumns))
        SELECT v.* FROM (VALUES \(rows(points.count, ["text", "text", "float8", "float8", "text"]))) AS v(\(progressColumns)), writer
        WHERE writer.head = ?)
      INSERT INTO audit (\(auditColumns))
      SELECT v.* FROM (VALUES \(rows(audits.count, ["int8", "text", "text", "text", "text", "text", "text", "text"]))) AS v(\(auditColumns)), writer
      WHERE writer.head = ?
      RETURNING seq
      """
    let headText = SQLValue.text(head.hash)
    do {
      let inserted = try store.writeStatement { db in
        try db.all(sql, [.integer(PostgresStore.writerLock)] + progressArguments + [headText] + auditArguments + [headText]).count
      }
      return inserted == audits.count ? newHead : nil
    } catch is HeadMoved {
      return nil
    }
  }
}
