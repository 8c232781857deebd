import FlopCore
import FlopFiles

extension RegistryTransaction {
  /// The audit chain's last link (seq 0 and the genesis hash while the log is empty).
  public func auditHead() throws -> AuditHead {
    let last = try db.one("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1")
    return AuditHead(seq: last.map { $0["seq"] } ?? 0, hash: last.map { $0["hash"] } ?? Registry.genesisHash)
  }

  /// A run's statuses and obligations digests as its rows now stand.
  public func derivedState(of id: String) throws -> DerivedState { try Registry.derivedState(db, id) }

  /// What recording progress reads of several runs, in three statements however many runs:
  /// each run's current document, its points (oldest first), its obligation rows
  /// with the first-known days by `regime/rule` they give, and its derived-state digests. Runs
  /// not registered are left out.
  public func progressStates(of ids: [String]) throws -> [String: RunProgressState] {
    var states: [String: RunProgressState] = [:]
    var statuses: [String: String] = [:]
    for chunk in stride(from: 0, to: ids.count, by: 500) {
      let part = Array(ids[chunk..<min(chunk + 500, ids.count)])
      let list = Array(repeating: "?", count: part.count).joined(separator: ", ")
      let arguments = part.map { SQLValue.text($0) }
      try db.each(
        "SELECT runs.id, runs.statuses, run_versions.document FROM runs JOIN run_versions ON run_versions.run_id = runs.id AND run_versions.version = runs.version WHERE runs.id IN (\(list))",
        arguments
      ) { row in
        states[row["id"]] = RunProgressState(document: row["document"])
        statuses[row["id"]] = row["statuses"]
      }
      try db.each("SELECT run_id, at, tokens, gpu_hours FROM progress WHERE run_id IN (\(list)) ORDER BY run_id, at", arguments) { row in
        states[row["run_id"] as String]?.points.append(ProgressPoint(at: row["at"], tokens: row["tokens"], gpuHours: row["gpu_hours"]))
      }
      // In DerivedState.read's order, so the digests are the ones it gives.
      var digests: [String: DerivedState.Digest] = [:]
      var knownText: [String: [String: String]] = [:]
      let columns = DerivedState.obligationColumns.joined(separator: ", ")
      try db.each("SELECT run_id, \(columns) FROM obligations WHERE run_id IN (\(list)) ORDER BY run_id, regime, rule, obligation", arguments) { row in
        let id: String = row[0]
        guard states[id] != nil else { return }
        digests[id, default: DerivedState.Digest()].add(row, offset: 1)
        let regime: String = row["regime"], rule: String = row["rule"], obligation: String = row["obligation"]
        let knownOn: String? = row["known_on"]
        states[id]!.obligations.rows.append(
          StoredObligationRows.Row(
            key: "\(regime)/\(rule)/\(obligation)", title: row["title"], citation: row["citation"], due: row["due"],
            basis: row["basis"], conditional: row["conditional"], knownOn: knownOn, status: row["status"]))
        // The earliest day any of the rule's rows records, compared as text (Registry.knownDays).
        if let knownOn {
          let key = "\(regime)/\(rule)"
          if let earlier = knownText[id]?[key], earlier.utf8.lexicographicallyPrecedes(knownOn.utf8) || earlier == knownOn {} else {
            knownText[id, default: [:]][key] = knownOn
          }
        }
      }
      for (id, days) in knownText {
        for (key, text) in days { if let date = CalendarDate(text) { states[id]?.known[key] = date } }
      }
      for id in part {
        guard states[id] != nil, let text = statuses[id] else { continue }
        states[id]!.derived = DerivedState(statuses: DerivedState.sha256(text), obligations: (digests[id] ?? DerivedState.Digest()).finish())
      }
    }
    return states
  }

  /// Inserts progress points of any runs in one statement.
  public func insertProgress(_ points: [(runID: String, point: ProgressPoint)], recordedAt: String) throws {
    // 5 values a row; well inside both databases' limits on bound parameters (32,766 and 65,535).
    for chunk in stride(from: 0, to: points.count, by: 1000) {
      let (sql, arguments) = Self.progressInsert(points[chunk..<min(chunk + 1000, points.count)], recordedAt: recordedAt)
      try db.execute(sql, arguments)
    }
  }

  /// Inserts entries chained ahead of time (`ChainedAudits`); returns the head they leave.
  public func appendAudits(_ audits: ChainedAudits) throws -> AuditHead {
    // 8 values a row, 500 rows a statement: inside both databases' limits on bound parameters.
    for start in stride(from: 0, to: audits.count, by: 500) {
      let count = min(500, audits.count - start)
      try db.execute(
        "INSERT INTO audit (\(ChainedAudits.columns)) VALUES " + Array(repeating: "(?, ?, ?, ?, ?, ?, ?, ?)", count: count).joined(separator: ", "),
        Array(audits.arguments[(start * 8)..<((start + count) * 8)]))
    }
    return audits.head
  }

  static func progressInsert(_ rows: ArraySlice<(runID: String, point: ProgressPoint)>, recordedAt: String) -> (String, [SQLValue]) {
    var arguments: [SQLValue] = []
    arguments.reserveCapacity(rows.count * 5)
    for (runID, point) in rows {
      let row: [(any SQLBindable)?] = [runID, point.at, point.tokens, point.gpuHours, recordedAt]
      arguments += row.sqlValues
    }
    let values = Array(repeating: "(?, ?, ?, ?, ?)", count: rows.count).joined(separator: ", ")
    return ("INSERT INTO progress (run_id, at, tokens, gpu_hours, recorded_at) VALUES " + values, arguments)
  }
}
