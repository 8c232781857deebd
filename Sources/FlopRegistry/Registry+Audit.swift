import FlopFiles
import Foundation
import GRDB

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
    JSONValue.object([
      "seq": .number(Double(seq)), "at": .string(at), "actor": .string(actor), "action": .string(action),
      "run": runID.map(JSONValue.string) ?? .null, "change": change,
    ]).canonical
  }

  static func chainHash(previous: String, body: String) -> String {
    FileDigest.sha256(previous + "\n" + body)
  }

  /// Appends an entry in the caller's transaction, so the change and its record land together.
  static func appendAudit(
    _ db: Database, at: String, actor: String, action: String, runID: String?, change: JSONValue
  ) throws {
    let last = try Row.fetchOne(db, sql: "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1")
    let seq: Int64 = (last?["seq"] ?? 0) + 1
    let previous: String = last?["hash"] ?? genesisHash
    let body = canonicalBody(seq: seq, at: at, actor: actor, action: action, runID: runID, change: change)
    try db.execute(
      sql: "INSERT INTO audit (seq, at, actor, action, run_id, change, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      arguments: [seq, at, actor, action, runID, change.canonical, previous, chainHash(previous: previous, body: body)])
  }

  /// The audit log, oldest first.
  public func auditLog(runID: String? = nil) throws -> [AuditEntry] {
    try pool.read { db in
      let rows = runID == nil
        ? try Row.fetchAll(db, sql: "SELECT * FROM audit ORDER BY seq")
        : try Row.fetchAll(db, sql: "SELECT * FROM audit WHERE run_id = ? OR action = 'import' ORDER BY seq", arguments: [runID])
      return rows.map { row in
        AuditEntry(
          seq: row["seq"], at: row["at"], actor: row["actor"], action: row["action"], runID: row["run_id"],
          change: (try? JSONDecoder().decode(JSONValue.self, from: Data((row["change"] as String).utf8))) ?? .null,
          prevHash: row["prev_hash"], hash: row["hash"])
      }.filter { entry in
        guard let runID, entry.action == "import" else { return true }
        return entry.change["runs"]?.array?.contains { $0["id"]?.string == runID } ?? false
      }
    }
  }
}
