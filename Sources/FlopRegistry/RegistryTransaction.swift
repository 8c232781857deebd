import FlopFiles
import FlopCore
import Foundation

/// The storage operations a use case combines inside one transaction (`Registry.write`,
/// `Registry.read`): everything lands together with its audit entry, or nothing does.
///
/// The registry stores and queries; deciding what to store (estimates, rules, forecasts) is the
/// engine's. Valid only inside the closure it is given to.
public struct RegistryTransaction {
  let db: any SQLConnection

  public func exists(_ id: String) throws -> Bool { try Registry.exists(db, id) }

  /// A run's current document and version.
  public func currentDocument(of id: String) throws -> (document: String, version: Int)? {
    try db.one(
      "SELECT run_versions.document, runs.version FROM runs JOIN run_versions ON run_versions.run_id = runs.id AND run_versions.version = runs.version WHERE runs.id = ?",
      id
    ).map { ($0["document"], $0["version"]) }
  }

  /// The runs whose base is `id`, in id order.
  public func children(of id: String) throws -> [String] {
    try db.all("SELECT id FROM runs WHERE base_run = ? ORDER BY id", id).map { $0["id"] }
  }

  public func cumulativeFLOP(of id: String) throws -> FLOPInterval? { try Registry.cumulativeFLOP(db, of: id) }

  public func knownDays(of id: String) throws -> [String: CalendarDate] { try Registry.knownDays(db, runID: id) }

  /// Records a new version; nil when the document is identical to the latest one.
  public func storeNewVersion(_ row: RunRow, actor: String, at: String) throws -> Int? {
    try Registry.storeNewVersion(db, row, actor: actor, at: at)
  }

  /// Rewrites a run's figures, statuses and obligations after its base changed (audited "reassess").
  public func replaceAssessment(_ row: RunRow, version: Int, actor: String, at: String) throws {
    try Registry.replaceAssessment(db, row, version: version, actor: actor, at: at)
  }

  /// Upserts obligations; a clock that runs from knowledge never moves later, and open ones no
  /// longer implied are withdrawn (or kept conditional once their clock started).
  public func recordObligations(runID: String, obligations: [RunRow.ObligationRow]) throws {
    try Registry.recordObligations(db, runID: runID, obligations: obligations, isNew: false)
  }

  public func insertProgress(runID: String, at: String, tokens: Double?, gpuHours: Double?, recordedAt: String) throws {
    try db.execute("INSERT INTO progress (run_id, at, tokens, gpu_hours, recorded_at) VALUES (?, ?, ?, ?, ?)", runID, at, tokens, gpuHours, recordedAt)
  }


  /// Appends an audit entry whose change also records the run's derived state (statuses and
  /// obligations digests) as it now stands, under `derived`.
  public func appendAudit(action: String, actor: String, at: String, runID: String, change: [String: JSONValue]) throws {
    var change = change
    change["derived"] = try Registry.derivedState(db, runID).json
    try Registry.appendAudit(db, at: at, actor: actor, action: action, runID: runID, change: .object(change))
  }

  /// Every run with its current document, in id order.
  public func forEachRun(_ body: (RunSummary, String) throws -> Void) throws {
    try db.scan("""
      SELECT runs.*, run_versions.document FROM runs
      JOIN run_versions ON run_versions.run_id = runs.id AND run_versions.version = runs.version
      ORDER BY runs.id
      """) { row in try body(Registry.summary(row), row["document"]) }
  }

  /// The statuses column exactly as stored.
  public func statusesText(of id: String) throws -> String? {
    try db.value("SELECT statuses FROM runs WHERE id = ?", id)
  }

  /// A run's obligations by `regime/rule/obligation`: status and due date.
  public func obligationStates(of id: String) throws -> [String: (status: String, due: String?)] {
    var stored: [String: (status: String, due: String?)] = [:]
    for row in try db.all("SELECT regime, rule, obligation, status, due FROM obligations WHERE run_id = ?", id) {
      stored["\(row["regime"] as String)/\(row["rule"] as String)/\(row["obligation"] as String)"] = (row["status"], row["due"])
    }
    return stored
  }
}

extension Registry {
  /// Runs `body` in one write transaction: its changes and their audit entries land together.
  public func write<T>(_ body: (RegistryTransaction) throws -> T) throws -> T {
    try store.write { db in try body(RegistryTransaction(db: db)) }
  }

  /// Runs `body` over one consistent snapshot.
  public func read<T>(_ body: (RegistryTransaction) throws -> T) throws -> T {
    try store.read { db in try body(RegistryTransaction(db: db)) }
  }
}
