import Foundation

extension Registry {
  static func obligation(_ row: SQLRow) -> StoredObligation {
    StoredObligation(
      row: row["id"], runID: row["run_id"], regime: row["regime"], rule: row["rule"], obligation: row["obligation"],
      title: row["title"], citation: row["citation"], due: row["due"], basis: row["basis"], conditional: row["conditional"],
      status: row["status"], evidence: row["evidence"], doneBy: row["done_by"], doneAt: row["done_at"])
  }

  /// Open obligations, soonest first; `dueBefore` and `overdueAsOf` narrow them (dates `YYYY-MM-DD`).
  public func obligations(dueBefore: String? = nil, overdueAsOf: String? = nil, includeClosed: Bool = false) throws -> [StoredObligation] {
    var clauses = includeClosed ? [] : ["status = 'open'"]
    var arguments: [(any SQLBindable)?] = []
    if let dueBefore { clauses.append("due IS NOT NULL AND due < ?"); arguments.append(dueBefore) }
    if let overdueAsOf { clauses.append("status = 'open' AND due IS NOT NULL AND due < ?"); arguments.append(overdueAsOf) }
    let sql = "SELECT * FROM obligations" + (clauses.isEmpty ? "" : " WHERE " + clauses.joined(separator: " AND "))
      + " ORDER BY due IS NULL, due, run_id, id"
    let finalArguments = arguments.sqlValues
    return try store.read { db in try db.all(sql, finalArguments).map(Self.obligation) }
  }

  /// Each run's open obligation due soonest (dated ones only), for a page of runs: one query, by
  /// the runs' ids, whatever the registry's size.
  public func nextDue(runIDs: [String]) throws -> [String: StoredObligation] {
    guard !runIDs.isEmpty else { return [:] }
    let marks = Array(repeating: "?", count: runIDs.count).joined(separator: ", ")
    let sql = "SELECT * FROM obligations WHERE run_id IN (\(marks)) AND status = 'open' AND due IS NOT NULL ORDER BY run_id, due, id"
    let arguments = runIDs.map { SQLValue.text($0) }
    return try store.read { db in
      var next: [String: StoredObligation] = [:]
      try db.each(sql, arguments) { row in
        let obligation = Self.obligation(row)
        if next[obligation.runID] == nil { next[obligation.runID] = obligation }
      }
      return next
    }
  }

  /// The obligation with this row number, whatever its status.
  public func obligation(row: Int64) throws -> StoredObligation? {
    try store.read { db in try db.one("SELECT * FROM obligations WHERE id = ?", row).map(Self.obligation) }
  }

  /// Marks an obligation done with its evidence. `reference` is the row number, `regime/rule/obligation`,
  /// or an obligation id that is unique for the run.
  public func completeObligation(
    runID: String, reference: String, evidence: String, actor: String, at date: Date = Date()
  ) throws -> StoredObligation {
    guard !evidence.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
      throw RegistryError("--evidence must say what shows the obligation was met")
    }
    return try store.write { db in
      let all = try db.all("SELECT * FROM obligations WHERE run_id = ?", runID).map(Self.obligation)
      guard try Self.exists(db, runID) else { throw RegistryError.unknownRun(runID) }
      let matches = all.filter { "\($0.row)" == reference || $0.path == reference || $0.obligation == reference }
      guard matches.count == 1, let target = matches.first else {
        let known = all.map(\.path).joined(separator: ", ")
        throw RegistryError(matches.isEmpty
          ? "run '\(runID)' has no obligation '\(reference)' (known: \(known.isEmpty ? "none" : known))"
          : "'\(reference)' matches several obligations of '\(runID)'; use one of: \(matches.map(\.path).joined(separator: ", "))")
      }
      guard target.status != "done" else { throw RegistryError("\(target.path) is already done (\(target.doneAt ?? ""))", kind: .conflict) }
      let at = Self.timestamp(date)
      try db.execute("UPDATE obligations SET status = 'done', evidence = ?, done_by = ?, done_at = ? WHERE id = ?", evidence, actor, at, target.row)
      try Self.appendAudit(db, at: at, actor: actor, action: "obligation-done", runID: runID, change: .object([
        "obligation_row": .number(Double(target.row)), "obligation": .string(target.path), "evidence": .string(evidence),
        "derived": try Self.derivedState(db, runID).json,
      ]))
      var done = target
      done.status = "done"
      done.evidence = evidence
      done.doneBy = actor
      done.doneAt = at
      return done
    }
  }
}
