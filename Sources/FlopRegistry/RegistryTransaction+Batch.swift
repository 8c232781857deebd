import FlopFiles

extension RegistryTransaction {
  /// The audit chain's last link (seq 0 and the genesis hash while the log is empty).
  public func auditHead() throws -> AuditHead {
    let last = try db.one("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1")
    return AuditHead(seq: last.map { $0["seq"] } ?? 0, hash: last.map { $0["hash"] } ?? Registry.genesisHash)
  }

  /// A run's statuses and obligations digests as its rows now stand.
  public func derivedState(of id: String) throws -> DerivedState { try Registry.derivedState(db, id) }

  /// Inserts progress points of any runs in one statement.
  public func insertProgress(_ points: [(runID: String, point: ProgressPoint)], recordedAt: String) throws {
    // 5 values a row; well inside both databases' limits on bound parameters (32,766 and 65,535).
    for chunk in stride(from: 0, to: points.count, by: 1000) {
      let rows = points[chunk..<min(chunk + 1000, points.count)]
      var arguments: [SQLValue] = []
      arguments.reserveCapacity(rows.count * 5)
      for (runID, point) in rows {
        let row: [(any SQLBindable)?] = [runID, point.at, point.tokens, point.gpuHours, recordedAt]
        arguments += row.sqlValues
      }
      let values = Array(repeating: "(?, ?, ?, ?, ?)", count: rows.count).joined(separator: ", ")
      try db.execute("INSERT INTO progress (run_id, at, tokens, gpu_hours, recorded_at) VALUES " + values, arguments)
    }
  }

  /// Appends entries after `head` (read in this transaction), chained in order, in one statement;
  /// returns the new head.
  public func appendAudits(_ drafts: [AuditDraft], after head: AuditHead) throws -> AuditHead {
    var head = head
    for chunk in stride(from: 0, to: drafts.count, by: 500) {
      var arguments: [SQLValue] = []
      let rows = drafts[chunk..<min(chunk + 500, drafts.count)]
      for draft in rows {
        var change = draft.change
        change["derived"] = draft.derived.json
        let changeText = JSONValue.object(change).canonical
        let seq = head.seq + 1
        let body = Registry.canonicalBody(
          seq: seq, at: draft.at, actor: draft.actor, action: draft.action, runID: draft.runID, changeText: changeText)
        let hash = Registry.chainHash(previous: head.hash, body: body)
        let row: [(any SQLBindable)?] = [seq, draft.at, draft.actor, draft.action, draft.runID, changeText, head.hash, hash]
        arguments += row.sqlValues
        head = AuditHead(seq: seq, hash: hash)
      }
      let values = Array(repeating: "(?, ?, ?, ?, ?, ?, ?, ?)", count: rows.count).joined(separator: ", ")
      try db.execute("INSERT INTO audit (seq, at, actor, action, run_id, change, prev_hash, hash) VALUES " + values, arguments)
    }
    return head
  }
}
