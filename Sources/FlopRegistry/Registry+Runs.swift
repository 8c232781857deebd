import FlopCore
import FlopFiles
import Foundation

extension Registry {
  /// Adds a new run, its first version, its obligations and an audit entry, in one transaction.
  public func add(_ row: RunRow, actor: String, at date: Date = Date()) throws {
    try store.write { db in
      guard try !Self.exists(db, row.id) else {
        throw RegistryError("run '\(row.id)' is already in the registry (use `registry update` for a new version)", kind: .conflict)
      }
      try Self.store(db, row, version: 1, action: "add", actor: actor, at: Self.timestamp(date), audit: true)
    }
  }

  /// Records a new version of a run's document (the history is kept) in `transaction`; returns
  /// the version written, or nil when the document is identical to the latest version.
  static func storeNewVersion(_ db: any SQLConnection, _ row: RunRow, actor: String, at: String) throws -> Int? {
    guard let current = try db.one(
      "SELECT runs.version, run_versions.sha256 FROM runs JOIN run_versions ON run_versions.run_id = runs.id AND run_versions.version = runs.version WHERE runs.id = ?",
      row.id)
    else {
      throw RegistryError("run '\(row.id)' is not in the registry (use `registry add`)")
    }
    if (current["sha256"] as String) == row.sha256 { return nil }
    let version = (current["version"] as Int) + 1
    try store(db, row, version: version, action: "update", actor: actor, at: at, audit: true)
    return version
  }

  /// Rewrites a run's figures, statuses and obligations after a re-assessment (its base changed),
  /// audited as "reassess" with the figures it now has, so `verify` checks them.
  static func replaceAssessment(_ db: any SQLConnection, _ newRow: RunRow, version: Int, actor: String, at: String) throws {
    // The run keeps the status it has (set by `registry status`, not by its document), and its
    // audit record must say so: the document's status would read as tampering to `verify`.
    var runRow = newRow
    if let status: String = try db.value("SELECT status FROM runs WHERE id = ?", newRow.id) { runRow.status = status }
    try db.execute(
      """
        UPDATE runs SET flop_central = ?, flop_low = ?, flop_high = ?, cumulative_central = ?, cumulative_low = ?,
          cumulative_high = ?, method = ?, base_flop = ?, statuses = ?, updated_at = ? WHERE id = ?
        """,
      runRow.flop.central, runRow.flop.low, runRow.flop.high, runRow.cumulative.central, runRow.cumulative.low,
      runRow.cumulative.high, runRow.method, runRow.baseFLOP, runRow.statuses, at, runRow.id)
    try recordObligations(db, runID: runRow.id, obligations: runRow.obligations, isNew: false)
    try appendAudit(
      db, at: at, actor: actor, action: "reassess", runID: runRow.id,
      changeText: runRow.recordText(version: version, derived: try derivedState(db, runRow.id)))
  }

  /// Changes a run's status.
  public func setStatus(_ id: String, _ status: Run.Status, actor: String, at date: Date = Date()) throws {
    try store.write { db in
      guard try Self.exists(db, id) else { throw RegistryError.unknownRun(id) }
      let at = Self.timestamp(date)
      try db.execute("UPDATE runs SET status = ?, updated_at = ? WHERE id = ?", status.rawValue, at, id)
      try Self.appendAudit(db, at: at, actor: actor, action: "status", runID: id, change: .object(["status": .string(status.rawValue)]))
    }
  }

  /// The run's statuses and obligations as they now stand, for its audit entry.
  static func derivedState(_ db: any SQLConnection, _ id: String) throws -> DerivedState {
    guard let state = try DerivedState.read(db, runID: id) else { throw RegistryError.unknownRun(id) }
    return state
  }

  static func exists(_ db: any SQLConnection, _ id: String) throws -> Bool {
    try (db.value("SELECT 1 FROM runs WHERE id = ?", id) as Bool?) ?? false
  }

  /// The `runs` insert both `store` and an import's `insertNew` run, binding the columns in this order.
  static let insertRun = """
    INSERT INTO runs (id, name, status, developer, start_date, end_date, flop_central, flop_low, flop_high,
      cumulative_central, cumulative_low, cumulative_high, method, base_run, base_name, base_flop, statuses,
      version, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    """
  /// The version insert, likewise shared.
  static let insertVersion = "INSERT INTO run_versions (run_id, version, document, sha256, recorded_at, actor) VALUES (?, ?, ?, ?, ?, ?)"

  static func store(_ db: any SQLConnection, _ row: RunRow, version: Int, action: String, actor: String, at: String, audit: Bool) throws {
    try db.execute(
      insertRun + "\n" + """
        ON CONFLICT(id) DO UPDATE SET name = excluded.name, status = excluded.status, developer = excluded.developer,
          start_date = excluded.start_date, end_date = excluded.end_date, flop_central = excluded.flop_central,
          flop_low = excluded.flop_low, flop_high = excluded.flop_high, cumulative_central = excluded.cumulative_central,
          cumulative_low = excluded.cumulative_low, cumulative_high = excluded.cumulative_high, method = excluded.method,
          base_run = excluded.base_run, base_name = excluded.base_name, base_flop = excluded.base_flop,
          statuses = excluded.statuses, version = excluded.version, updated_at = excluded.updated_at
        """,
      row.id, row.name, row.status, row.developer, row.startDate, row.endDate, row.flop.central, row.flop.low,
      row.flop.high, row.cumulative.central, row.cumulative.low, row.cumulative.high, row.method, row.baseRun,
      row.baseName, row.baseFLOP, row.statuses, version, at, at)
    // A new run is indexed here (an update, by the trigger); indexing again changes nothing.
    if hasIndexedStatus(row.statuses) { try indexRules(db, runIDs: [row.id]) }
    try db.execute(insertVersion, row.id, version, row.document, row.sha256, at, actor)
    try recordObligations(db, runID: row.id, obligations: row.obligations, isNew: version == 1)
    if audit {
      try appendAudit(
        db, at: at, actor: actor, action: action, runID: row.id,
        changeText: row.recordText(version: version, derived: try derivedState(db, row.id)))
    }
  }

  /// Appended to an obligation whose clock had started but whose rule the latest assessment no longer shows met.
  static let noLongerMetNote = "; the latest assessment no longer shows the rule met: kept as conditional, because the clock ran from when it first became known"

  /// The obligations upsert, binding run id, regime, rule, obligation, title, citation, due,
  /// basis, conditional, known_on. A clock that runs from knowledge keeps its first-known day: a
  /// later report or a new version can move such a due date earlier, never later.
  static let insertObligation = insertObligations(rows: 1)

  /// The upsert for `rows` obligations of one run with distinct keys.
  static func insertObligations(rows: Int) -> String {
    """
    INSERT INTO obligations (run_id, regime, rule, obligation, title, citation, due, basis, conditional, known_on)
    VALUES \(Array(repeating: "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", count: rows).joined(separator: ", "))
    ON CONFLICT(run_id, regime, rule, obligation) DO UPDATE SET title = excluded.title,
      citation = excluded.citation,
      due = CASE WHEN obligations.known_on <= excluded.known_on THEN obligations.due ELSE excluded.due END,
      basis = CASE WHEN obligations.known_on <= excluded.known_on THEN replace(obligations.basis, '\(noLongerMetNote)', '')
        ELSE excluded.basis END,
      known_on = CASE WHEN obligations.known_on <= excluded.known_on THEN obligations.known_on
        ELSE coalesce(excluded.known_on, obligations.known_on) END,
      conditional = excluded.conditional,
      status = CASE WHEN obligations.status = 'withdrawn' THEN 'open' ELSE obligations.status END
    """
  }

  static func recordObligations(_ db: any SQLConnection, runID: String, obligations: [RunRow.ObligationRow], isNew: Bool) throws {
    // One statement for all of them when their keys differ (an upsert may not touch a row twice).
    let keys = Set(obligations.map { "\($0.regime)/\($0.rule)/\($0.obligation)" })
    let perStatement = keys.count == obligations.count ? 500 : 1
    for chunk in stride(from: 0, to: obligations.count, by: perStatement) {
      var arguments: [SQLValue] = []
      let rows = obligations[chunk..<min(chunk + perStatement, obligations.count)]
      for obligation in rows {
        let row: [(any SQLBindable)?] = [
          runID, obligation.regime, obligation.rule, obligation.obligation, obligation.title, obligation.citation,
          obligation.due, obligation.basis, obligation.conditional, obligation.knownOn,
        ]
        arguments += row.sqlValues
      }
      try db.execute(insertObligations(rows: rows.count), arguments)
    }
    // A new run has no earlier obligations to withdraw.
    guard !isNew else { return }
    let keep = Set(obligations.map { "\($0.regime)/\($0.rule)/\($0.obligation)" })
    let open = try db.all("SELECT id, regime, rule, obligation, known_on, basis FROM obligations WHERE run_id = ? AND status = 'open'", runID)
    for row in open where !keep.contains("\(row["regime"] as String)/\(row["rule"] as String)/\(row["obligation"] as String)") {
      if (row["known_on"] as String?) != nil {
        // Once known, an Art. 52(1)-style duty does not vanish because a later forecast dips.
        let basis: String = row["basis"]
        try db.execute(
          "UPDATE obligations SET conditional = 1, basis = ? WHERE id = ?",
          basis.hasSuffix(noLongerMetNote) ? basis : basis + noLongerMetNote, row["id"] as Int64)
      } else {
        try db.execute("UPDATE obligations SET status = 'withdrawn' WHERE id = ?", row["id"] as Int64)
      }
    }
  }

  /// The first-known days a run's obligations record, by `regime/rule`.
  static func knownDays(_ db: any SQLConnection, runID: String) throws -> [String: CalendarDate] {
    var result: [String: CalendarDate] = [:]
    let rows = try db.all(
      "SELECT regime, rule, min(known_on) AS known FROM obligations WHERE run_id = ? AND known_on IS NOT NULL GROUP BY regime, rule", runID)
    for row in rows {
      guard let date = CalendarDate(row["known"] as String) else { continue }
      result["\(row["regime"] as String)/\(row["rule"] as String)"] = date
    }
    return result
  }

  /// The first-known days recorded for a run (empty for a run not registered).
  public func knownDays(of id: String) throws -> [String: CalendarDate] {
    try store.read { db in try Self.knownDays(db, runID: id) }
  }

  /// The cumulative compute of a registered run with its interval, to fill in a child's base model.
  public func cumulativeFLOP(of id: String) throws -> FLOPInterval? {
    try store.read { db in try Self.cumulativeFLOP(db, of: id) }
  }

  static func cumulativeFLOP(_ db: any SQLConnection, of id: String) throws -> FLOPInterval? {
    try db.one("SELECT cumulative_central, cumulative_low, cumulative_high FROM runs WHERE id = ?", id).map {
      FLOPInterval(central: $0["cumulative_central"], low: $0["cumulative_low"], high: $0["cumulative_high"])
    }
  }

  /// One run with its document, versions, progress and obligations.
  public func show(_ id: String) throws -> StoredRun {
    try store.read { db in
      guard let row = try db.one("SELECT * FROM runs WHERE id = ?", id) else {
        throw RegistryError.unknownRun(id)
      }
      let versions = try db.all("SELECT * FROM run_versions WHERE run_id = ? ORDER BY version", id)
      let progress = try db.all("SELECT * FROM progress WHERE run_id = ? ORDER BY at", id)
      return StoredRun(
        summary: Self.summary(row),
        document: versions.last?["document"] ?? "",
        versions: versions.map { .init(version: $0["version"], sha256: $0["sha256"], recordedAt: $0["recorded_at"], actor: $0["actor"]) },
        progress: progress.map { .init(at: $0["at"], tokens: $0["tokens"], gpuHours: $0["gpu_hours"]) },
        obligations: try db.all("SELECT * FROM obligations WHERE run_id = ? ORDER BY due IS NULL, due, id", id).map(Self.obligation))
    }
  }

  /// The runs with these ids (those registered), by id, read together.
  public func summaries(ids: [String]) throws -> [String: RunSummary] {
    try store.read { db in
      var runs: [String: RunSummary] = [:]
      for start in stride(from: 0, to: ids.count, by: 500) {
        let chunk = ids[start..<min(start + 500, ids.count)]
        let marks = Array(repeating: "?", count: chunk.count).joined(separator: ", ")
        try db.each("SELECT * FROM runs WHERE id IN (\(marks))", chunk.map { SQLValue.text($0) }) { row in
          let run = Self.summary(row)
          runs[run.id] = run
        }
      }
      return runs
    }
  }

  /// Runs matching a filter.
  public func list(_ filter: RunFilter) throws -> [RunSummary] {
    var clauses: [String] = []
    var arguments: [(any SQLBindable)?] = []
    if let status = filter.status { clauses.append("status = ?"); arguments.append(status) }
    if let min = filter.minFLOP { clauses.append("cumulative_central >= ?"); arguments.append(min) }
    if let max = filter.maxFLOP { clauses.append("cumulative_central <= ?"); arguments.append(max) }
    if let developer = filter.developer { clauses.append(store.dialect.equalsIgnoringCase("developer")); arguments.append(developer) }
    if let since = filter.since {
      clauses.append("(start_date >= ? OR (start_date IS NULL AND created_at >= ?))")
      arguments += [since, since]
    }
    if let until = filter.until {
      // created_at is a timestamp: every moment of the day `until` is on or before it.
      clauses.append("(start_date <= ? OR (start_date IS NULL AND created_at <= ?))")
      arguments += [until, until + "T23:59:59.999Z"]
    }
    if let search = filter.search {
      let dialect = store.dialect
      clauses.append("(\(dialect.like("id")) OR \(dialect.like("name")) OR \(dialect.like("developer")))")
      let pattern = "%" + search.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
        .replacingOccurrences(of: "_", with: "\\_") + "%"
      arguments += [pattern, pattern, pattern]
    }
    if let rule = filter.rule {
      let bare = !rule.id.contains("/")
      if Self.isIndexedStatus(rule.status) {
        clauses.append("id IN (SELECT run_id FROM run_rules WHERE \(bare ? "rule LIKE '%/' || ?" : "rule = ?") AND status = ?)")
      } else {
        clauses.append(bare ? store.dialect.anyRuleStatusEquals : store.dialect.ruleStatusEquals)
      }
      arguments += [rule.id, rule.status]
    }
    let order: String
    switch filter.sort {
    case .id: order = "id"
    case .name: order = "name"
    case .flop: order = "cumulative_central"
    case .start: order = "start_date"
    case .updated: order = "updated_at"
    }
    // With a filter, the unary + keeps SQLite from walking the sort column's index over every row
    // instead of searching the filter's index (no full scans: listing stays fast at a million runs).
    // A status alone is no such filter: a third of the runs share one, and walking the sort
    // column's index finds a page of them at once (where sorting all of them took half a second).
    let selective = clauses.count > (filter.status == nil ? 0 : 1)
    // …unless that status is rare (cancelled, say): then its index is the way, as for any filter.
    // SQLite prefers the status index whatever its statistics say, so it is told which, after
    // counting up to a bound (a walk of at most that many index entries).
    let statusBound = 20_000
    let walkSortIndex = !selective && filter.status != nil && store.dialect == .sqlite && [.id, .flop, .start].contains(filter.sort)
    let nullable = filter.sort == .name || filter.sort == .start
    let nulls = nullable ? store.dialect.nullsAsSmallest(descending: filter.descending) : ""
    func query(_ conditions: [String], sortPrefix prefix: String) -> String {
      var sql = "SELECT * FROM runs"
      if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
      sql += " ORDER BY \(prefix)\(order) \(filter.descending ? "DESC" : "ASC")\(nulls), \(prefix)id"
      if let limit = filter.limit { sql += " LIMIT \(max(0, limit))" }
      if let offset = filter.offset, offset > 0 { sql += (filter.limit == nil ? " LIMIT \(Int64.max)" : "") + " OFFSET \(offset)" }
      return sql
    }
    let indexedSQL = query(clauses, sortPrefix: clauses.isEmpty ? "" : store.dialect.sortPrefixWithFilter)
    // The status (then the only clause) kept off its index, the sort column's index free.
    let walkSQL = walkSortIndex ? query([store.dialect.sortPrefixWithFilter + "status = ?"], sortPrefix: "") : nil
    let finalArguments = arguments.sqlValues
    return try store.read { db in
      var finalSQL = indexedSQL
      if let walkSQL, let status = filter.status,
        let common: Int = try db.value("SELECT count(*) FROM (SELECT 1 FROM runs WHERE status = ? LIMIT \(statusBound))", status),
        common >= statusBound
      {
        finalSQL = walkSQL
      }
      return try db.all(finalSQL, finalArguments).map(Self.summary)
    }
  }

  /// Reads the statuses column as `statusesJSON` writes it (`{"a/b":"met",…}`, nothing escaped);
  /// nil for anything else, which the caller then decodes as general JSON. Listing a million runs
  /// decodes this column a million times.
  static func parseStatuses(_ text: String) -> [String: String]? {
    let bytes = Array(text.utf8)
    guard bytes.first == UInt8(ascii: "{"), bytes.last == UInt8(ascii: "}"), !bytes.contains(UInt8(ascii: "\\")) else { return nil }
    var result: [String: String] = [:]
    var index = 1
    func string() -> String? {
      guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return nil }
      let start = index + 1
      guard let end = bytes[start...].firstIndex(of: UInt8(ascii: "\"")) else { return nil }
      index = end + 1
      return String(decoding: bytes[start..<end], as: UTF8.self)
    }
    if bytes.count == 2 { return [:] }
    while index < bytes.count - 1 {
      guard let key = string(), index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return nil }
      index += 1
      guard let value = string() else { return nil }
      result[key] = value
      if bytes[index] == UInt8(ascii: ",") { index += 1 } else if index != bytes.count - 1 { return nil }
    }
    return result
  }

  static func summary(_ row: SQLRow) -> RunSummary {
    let statusesText: String = row["statuses"]
    var statuses = parseStatuses(statusesText)
    if statuses == nil, case .object(let object)? = try? JSONDecoder().decode(JSONValue.self, from: Data(statusesText.utf8)) {
      statuses = object.compactMapValues(\.string)
    }
    return RunSummary(
      id: row["id"], name: row["name"], status: row["status"], developer: row["developer"], startDate: row["start_date"],
      endDate: row["end_date"],
      flop: FLOPInterval(central: row["flop_central"], low: row["flop_low"], high: row["flop_high"]),
      cumulativeFlop: FLOPInterval(central: row["cumulative_central"], low: row["cumulative_low"], high: row["cumulative_high"]),
      method: row["method"], baseRun: row["base_run"], baseName: row["base_name"], baseFlop: row["base_flop"],
      statuses: statuses ?? [:], version: row["version"], createdAt: row["created_at"], updatedAt: row["updated_at"])
  }
}
