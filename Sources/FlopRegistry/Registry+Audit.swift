import FlopCore
import FlopFiles
import Foundation

/// One entry of the audit log.
public struct AuditEntry: Sendable, Codable {
  public var seq: Int64
  public var at: String
  public var actor: String
  public var action: String
  public var runID: String?
  public var change: JSONValue
  public var prevHash: String
  public var hash: String
}

extension Registry {
  /// The hash before the first entry.
  static let genesisHash = String(repeating: "0", count: 64)

  /// The bytes an entry's hash covers: everything but the hashes, canonically encoded.
  static func canonicalBody(seq: Int64, at: String, actor: String, action: String, runID: String?, change: JSONValue) -> String {
    canonicalBody(seq: seq, at: at, actor: actor, action: action, runID: runID, changeText: change.canonical)
  }

  /// The canonical body around a change already in canonical text: the object
  /// `{"action","actor","at","change","run","seq"}` with its keys in sorted order.
  static func canonicalBody(seq: Int64, at: String, actor: String, action: String, runID: String?, changeText: String) -> String {
    var out = "{\"action\":"
    JSONText.quote(action, into: &out)
    out += ",\"actor\":"
    JSONText.quote(actor, into: &out)
    out += ",\"at\":"
    JSONText.quote(at, into: &out)
    out += ",\"change\":" + changeText + ",\"run\":"
    if let runID { JSONText.quote(runID, into: &out) } else { out += "null" }
    out += ",\"seq\":"
    JSONValue.writeNumber(Double(seq), into: &out)
    return out + "}"
  }

  static func chainHash(previous: String, body: String) -> String {
    FileDigest.sha256(previous + "\n" + body)
  }

  /// Appends an entry in the caller's transaction, so the change and its record land together.
  static func appendAudit(
    _ db: any SQLConnection, at: String, actor: String, action: String, runID: String?, change: JSONValue
  ) throws {
    try appendAudit(db, at: at, actor: actor, action: action, runID: runID, changeText: change.canonical)
  }

  /// Appends an entry whose change is given as canonical text (`JSONValue.canonical`).
  static func appendAudit(
    _ db: any SQLConnection, at: String, actor: String, action: String, runID: String?, changeText: String
  ) throws {
    let last = try db.one("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1")
    let seq: Int64 = (last.map { $0["seq"] as Int64 } ?? 0) + 1
    let previous: String = last.map { $0["hash"] as String } ?? genesisHash
    let body = canonicalBody(seq: seq, at: at, actor: actor, action: action, runID: runID, changeText: changeText)
    try db.execute(
      "INSERT INTO audit (seq, at, actor, action, run_id, change, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      seq, at, actor, action, runID, changeText, previous, chainHash(previous: previous, body: body))
  }

  /// The audit log, oldest first, narrowed to a run, an actor and a time range (`since` and
  /// `until` are ISO 8601 times or days, compared with the entries' UTC timestamps; `until` is inclusive).
  public func auditLog(runID: String? = nil, actor: String? = nil, since: String? = nil, until: String? = nil) throws -> [AuditEntry] {
    var clauses: [String] = []
    var arguments: [(any SQLBindable)?] = []
    if let runID { clauses.append("(run_id = ? OR action = 'import')"); arguments.append(runID) }
    if let actor { clauses.append("actor = ?"); arguments.append(actor) }
    if let since { clauses.append("at >= ?"); arguments.append(since) }
    // A bare day includes all of that day.
    if let until { clauses.append("at <= ?"); arguments.append(until.count == 10 ? until + "T23:59:59Z" : until) }
    let sql = "SELECT * FROM audit" + (clauses.isEmpty ? "" : " WHERE " + clauses.joined(separator: " AND ")) + " ORDER BY seq"
    let finalArguments = arguments.sqlValues
    return try store.read { db in
      let rows = try db.all(sql, finalArguments)
      return rows.map(Self.auditEntry).filter { entry in
        guard let runID, entry.action == "import" else { return true }
        return entry.change["runs"]?.array?.contains { $0["id"]?.string == runID } ?? false
      }
    }
  }

  static func auditEntry(_ row: SQLRow) -> AuditEntry {
    AuditEntry(
      seq: row["seq"], at: row["at"], actor: row["actor"], action: row["action"], runID: row["run_id"],
      change: JSONValue.parse(row["change"] as String) ?? .null, prevHash: row["prev_hash"], hash: row["hash"])
  }
}
