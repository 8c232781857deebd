import Foundation
import FlopFiles

/// A stored utilization calibration: its number, when and by whom it was made, and its body.
public struct StoredCalibration: Sendable, Equatable {
  public var version: Int
  public var createdAt: String
  public var actor: String
  /// The calibration as canonical JSON (the engine's `UtilizationCalibration`).
  public var body: String
  public var sha256: String

  /// This calibration, once its body is shown to match its hash.
  func verified() throws -> StoredCalibration {
    guard DerivedState.sha256(body) == sha256 else {
      throw RegistryError("calibration v\(version): its body does not match its SHA-256 (altered outside FlopWatch); run `flopwatch calibrate` again")
    }
    return self
  }
}

extension Registry {
  /// Utilization calibrations (SQLite v6, PostgreSQL pg-v5): numbered versions, never changed
  /// once written; each is also an audit entry carrying its hash, so the chain covers it.
  static let calibrationsTableSQL = """
    CREATE TABLE calibrations (
      version INTEGER PRIMARY KEY NOT NULL,
      created_at TEXT NOT NULL,
      actor TEXT NOT NULL,
      body TEXT NOT NULL,
      sha256 TEXT NOT NULL
    )
    """

  /// Stores `body` as the next calibration version, with an audit entry; returns the stored row.
  @discardableResult
  public func storeCalibration(body: String, summary: JSONValue, actor: String, at date: Date = Date()) throws -> StoredCalibration {
    let at = Self.timestamp(date)
    let digest = DerivedState.sha256(body)
    return try store.write { db in
      let last: Int64 = try db.value("SELECT max(version) FROM calibrations") ?? 0
      let version = Int(last) + 1
      try db.execute(
        "INSERT INTO calibrations (version, created_at, actor, body, sha256) VALUES (?, ?, ?, ?, ?)", Int64(version), at, actor, body, digest)
      try Self.appendAudit(
        db, at: at, actor: actor, action: "calibrate", runID: nil,
        change: .object(["version": .number(Double(version)), "sha256": .string(digest), "fits": summary]))
      return StoredCalibration(version: version, createdAt: at, actor: actor, body: body, sha256: digest)
    }
  }

  /// The newest calibration of the SQLite registry at `path`, read without opening the registry
  /// (see `CalibrationPeek`); `.some(nil)` when it has none, nil when it could not be read that way.
  public static func peekLatestCalibration(sqlitePath path: String) throws -> StoredCalibration?? {
    switch CalibrationPeek.read(path: path) {
    case .none: return .some(nil)
    case .unavailable: return nil
    case .found(let stored): return .some(try stored.verified())
    }
  }

  /// The newest calibration, or nil when none was stored. Its hash is checked against its body.
  /// A registry opened read-only from before calibrations (not migrated) has none.
  public func latestCalibration() throws -> StoredCalibration? {
    try store.read { db in
      guard !((try? db.columns(in: "calibrations"))?.isEmpty ?? true) else { return nil }
      guard let row = try db.one("SELECT version, created_at, actor, body, sha256 FROM calibrations ORDER BY version DESC LIMIT 1") else {
        return nil
      }
      let stored = StoredCalibration(
        version: Int(row["version"] as Int64), createdAt: row["created_at"], actor: row["actor"], body: row["body"], sha256: row["sha256"])
      return try stored.verified()
    }
  }
}
