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

  /// Records a group's progress points and their audit entries (chained after `head`, read in
  /// this transaction); returns the new head. On PostgreSQL both land in one statement.
  public func recordProgress(_ points: [(runID: String, point: ProgressPoint)], audits drafts: [AuditDraft], after head: AuditHead, recordedAt: String) throws -> AuditHead {
    guard db.dialect == .postgres, !points.isEmpty, points.count <= 1000, drafts.count <= 500 else {
      try insertProgress(points, recordedAt: recordedAt)
      return try appendAudits(drafts, after: head)
    }
    let (progressSQL, progressArguments) = Self.progressInsert(points[...], recordedAt: recordedAt)
    var head = head
    let (auditSQL, auditArguments) = Self.auditInsert(drafts[...], head: &head)
    // A data-modifying WITH: both inserts in one round trip, one statement, one snapshot.
    try db.execute("WITH points AS (\(progressSQL)) \(auditSQL)", progressArguments + auditArguments)
    return head
  }

  /// Inserts progress points of any runs in one statement.
  public func insertProgress(_ points: [(runID: String, point: ProgressPoint)], recordedAt: String) throws {
    // 5 values a row; well inside both databases' limits on bound parameters (32,766 and 65,535).
    for chunk in stride(from: 0, to: points.count, by: 1000) {
      let (sql, arguments) = Self.progressInsert(points[chunk..<min(chunk + 1000, points.count)], recordedAt: recordedAt)
      try db.execute(sql, arguments)
    }
  }

  /// Inserts entries chained ahead of time (`ChainedAudits`); returns the new head.
  public func appendAudits(_ audits: ChainedAudits) throws -> AuditHead {
    guard audits.count > 0 else { return audits.after }
    let row = "(?, ?, ?, ?, ?, ?, ?, ?)"
    let rowsPerStatement = 500
    for start in stride(from: 0, to: audits.count, by: rowsPerStatement) {
      let count = min(rowsPerStatement, audits.count - start)
      try db.execute(
        "INSERT INTO audit (seq, at, actor, action, run_id, change, prev_hash, hash) VALUES "
          + Array(repeating: row, count: count).joined(separator: ", "),
        Array(audits.arguments[(start * 8)..<((start + count) * 8)]))
    }
    return audits.head
  }

  /// Appends entries after `head` (read in this transaction), chained in order, in one statement;
  /// returns the new head.
  public func appendAudits(_ drafts: [AuditDraft], after head: AuditHead) throws -> AuditHead {
    var head = head
    for chunk in stride(from: 0, to: drafts.count, by: 500) {
      let (sql, arguments) = Self.auditInsert(drafts[chunk..<min(chunk + 500, drafts.count)], head: &head)
      try db.execute(sql, arguments)
    }
    return head
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

  /// The entries chained after `head`, which is moved to the last of them.
  static func auditInsert(_ rows: ArraySlice<AuditDraft>, head: inout AuditHead) -> (String, [SQLValue]) {
    var arguments: [SQLValue] = []
    arguments.reserveCapacity(rows.count * 8)
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
    return ("INSERT INTO audit (seq, at, actor, action, run_id, change, prev_hash, hash) VALUES " + values, arguments)
  }
}

/// What recording progress reads of a run (`RegistryTransaction.progressStates`).
public struct RunProgressState: Sendable {
  public var document: String
  /// Recorded points, oldest first.
  public var points: [ProgressPoint] = []
  /// First-known days by `regime/rule`.
  public var known: [String: CalendarDate] = [:]
  /// The obligation rows, and the statuses and obligations digests, as they stand.
  public var obligations = StoredObligationRows()
  public var derived = DerivedState(statuses: "", obligations: "")
}

extension Registry {
  /// Appends a group's progress points and their audit entries if the audit chain still ends at
  /// `head`; returns the new head, or nil when another writer has appended since (nothing is
  /// written then). On PostgreSQL it is one statement, committed on its own: it takes the writers'
  /// lock, checks the head, inserts both, and a writer that appended in between makes the entry's
  /// sequence number collide, so the statement fails whole.
  public func appendProgress(
    _ points: [(runID: String, point: ProgressPoint)], audits drafts: [AuditDraft], after head: AuditHead, recordedAt: String
  ) throws -> AuditHead? {
    try appendProgress(points, audits: ChainedAudits(drafts, after: head), recordedAt: recordedAt)
  }

  /// `appendProgress` with the entries already chained (`ChainedAudits`).
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
    let auditColumns = "seq, at, actor, action, run_id, change, prev_hash, hash"
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

extension Registry {
  /// The audit chain's last link as committed now.
  public func auditHead() throws -> AuditHead {
    try store.readStatement { db in try RegistryTransaction(db: db).auditHead() }
  }
}

/// Audit entries chained after a head ahead of their write: each entry's canonical text and hash
/// worked out once, where the group is worked out, however it then lands.
public struct ChainedAudits: Sendable {
  /// The head they follow and the head they leave.
  public let after: AuditHead
  public let head: AuditHead
  let count: Int
  /// Eight values an entry, in the audit table's column order.
  let arguments: [SQLValue]

  public init(_ drafts: [AuditDraft], after: AuditHead) {
    var head = after
    (_, arguments) = RegistryTransaction.auditInsert(drafts[...], head: &head)
    self.after = after
    self.head = head
    count = drafts.count
  }
}
