import FlopFiles
import Foundation

extension Registry {
  /// The server's API tokens (SQLite v3, PostgreSQL pg-v2). A name is unique among tokens not
  /// revoked, so the audit log's actor names one live token.
  static let tokensTableSQL = """
    CREATE TABLE api_tokens (
      id TEXT PRIMARY KEY NOT NULL,
      name TEXT NOT NULL,
      role TEXT NOT NULL,
      secret_sha256 TEXT NOT NULL,
      created_at TEXT NOT NULL,
      created_by TEXT NOT NULL,
      expires TEXT,
      revoked_at TEXT
    );
    CREATE UNIQUE INDEX api_tokens_live_name ON api_tokens(name) WHERE revoked_at IS NULL
    """

  static func token(_ row: SQLRow) -> StoredToken {
    StoredToken(
      id: row["id"], name: row["name"], role: row["role"], secretSHA256: row["secret_sha256"], createdAt: row["created_at"],
      createdBy: row["created_by"], expires: row["expires"], revokedAt: row["revoked_at"])
  }

  /// Records a new token, audited as `token-create` (with its secret's hash, never the secret).
  public func addToken(_ token: StoredToken, actor: String) throws {
    try store.write { db in
      if try db.one("SELECT id FROM api_tokens WHERE name = ? AND revoked_at IS NULL", token.name) != nil {
        throw RegistryError("a token named '\(token.name)' exists already (revoke it first, or choose another name)", kind: .conflict)
      }
      try db.execute(
        "INSERT INTO api_tokens (id, name, role, secret_sha256, created_at, created_by, expires) VALUES (?, ?, ?, ?, ?, ?, ?)",
        token.id, token.name, token.role, token.secretSHA256, token.createdAt, token.createdBy, token.expires)
      var change: [String: JSONValue] = [
        "token": .string(token.id), "name": .string(token.name), "role": .string(token.role),
        "secret_sha256": .string(token.secretSHA256),
      ]
      if let expires = token.expires { change["expires"] = .string(expires) }
      try Self.appendAudit(db, at: token.createdAt, actor: actor, action: "token-create", runID: nil, change: .object(change))
    }
  }

  /// Every token, newest first; revoked ones too unless `liveOnly`.
  public func tokens(liveOnly: Bool = false) throws -> [StoredToken] {
    let sql = "SELECT * FROM api_tokens" + (liveOnly ? " WHERE revoked_at IS NULL" : "") + " ORDER BY created_at DESC, name"
    return try store.read { db in try db.all(sql, []).map(Self.token) }
  }

  /// The token with this public id, revoked or not.
  public func token(id: String) throws -> StoredToken? {
    try store.read { db in try db.one("SELECT * FROM api_tokens WHERE id = ?", id).map(Self.token) }
  }

  /// Revokes the live token with this name (or id), audited as `token-revoke`.
  public func revokeToken(_ reference: String, actor: String, at date: Date = Date()) throws -> StoredToken {
    try store.write { db in
      guard let row = try db.one("SELECT * FROM api_tokens WHERE (name = ? OR id = ?) AND revoked_at IS NULL", reference, reference) else {
        throw RegistryError("no live token named '\(reference)' (`flopwatch serve token list` shows them)", kind: .notFound)
      }
      var token = Self.token(row)
      let at = Self.timestamp(date)
      try db.execute("UPDATE api_tokens SET revoked_at = ? WHERE id = ?", at, token.id)
      try Self.appendAudit(db, at: at, actor: actor, action: "token-revoke", runID: nil, change: .object([
        "token": .string(token.id), "name": .string(token.name),
      ]))
      token.revokedAt = at
      return token
    }
  }
}
