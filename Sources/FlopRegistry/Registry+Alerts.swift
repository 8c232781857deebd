import Foundation

/// An alert waiting to go (or gone) to one destination.
public struct AlertDelivery: Sendable, Equatable {
  public var eventKey: String
  public var destination: String
  public var kind: String
  /// The event as JSON, as the scan recorded it.
  public var payload: String
  public var attempts: Int
  public var nextAt: String
  public var deliveredAt: String?
  public var failedAt: String?
  public var lastError: String?
}

extension Registry {
  /// The alert outbox (SQLite v4, PostgreSQL pg-v3): each event once by its key, and one
  /// delivery row per destination, so a restart loses no pending alert and sends none twice.
  /// Not part of the audit chain: alerts report on the registry, they are not its facts.
  static let alertTablesSQL = """
    CREATE TABLE alert_events (
      key TEXT PRIMARY KEY NOT NULL,
      kind TEXT NOT NULL,
      run_id TEXT,
      payload TEXT NOT NULL,
      created_at TEXT NOT NULL
    );
    CREATE TABLE alert_deliveries (
      event_key TEXT NOT NULL REFERENCES alert_events(key),
      destination TEXT NOT NULL,
      attempts INTEGER NOT NULL DEFAULT 0,
      next_at TEXT NOT NULL,
      delivered_at TEXT,
      failed_at TEXT,
      last_error TEXT,
      PRIMARY KEY (event_key, destination)
    );
    CREATE INDEX alert_deliveries_pending ON alert_deliveries(next_at) WHERE delivered_at IS NULL AND failed_at IS NULL;
    CREATE TABLE alert_state (
      key TEXT PRIMARY KEY NOT NULL,
      value TEXT NOT NULL
    )
    """

  /// Records events not seen before, each with a delivery due now for every destination; returns
  /// the keys that were new. An event already recorded (by key) is left as it is.
  @discardableResult
  public func recordAlertEvents(
    _ events: [(key: String, kind: String, runID: String?, payload: String)], destinations: [String], at: String
  ) throws -> [String] {
    guard !events.isEmpty else { return [] }
    return try store.write { db in
      var new: [String] = []
      for event in events {
        guard try db.one("SELECT key FROM alert_events WHERE key = ?", event.key) == nil else { continue }
        try db.execute(
          "INSERT INTO alert_events (key, kind, run_id, payload, created_at) VALUES (?, ?, ?, ?, ?)", event.key, event.kind, event.runID,
          event.payload, at)
        for destination in destinations {
          try db.execute("INSERT INTO alert_deliveries (event_key, destination, next_at) VALUES (?, ?, ?)", event.key, destination, at)
        }
        new.append(event.key)
      }
      return new
    }
  }

  /// Deliveries due by `now` (not delivered, not given up), oldest first.
  public func dueAlertDeliveries(now: String, limit: Int = 100) throws -> [AlertDelivery] {
    try store.read { db in
      try db.all(
        """
        SELECT d.*, e.kind, e.payload FROM alert_deliveries d JOIN alert_events e ON e.key = d.event_key
        WHERE d.delivered_at IS NULL AND d.failed_at IS NULL AND d.next_at <= ? ORDER BY d.next_at, d.event_key LIMIT \(max(1, limit))
        """, now
      ).map(Self.delivery)
    }
  }

  /// Every delivery, for status pages and tests.
  public func alertDeliveries() throws -> [AlertDelivery] {
    try store.read { db in
      try db.all("SELECT d.*, e.kind, e.payload FROM alert_deliveries d JOIN alert_events e ON e.key = d.event_key ORDER BY e.created_at, d.event_key, d.destination", [])
        .map(Self.delivery)
    }
  }

  /// Records the outcome of one attempt: delivered, or failed with the next attempt's time (nil:
  /// give up).
  public func finishAlertAttempt(eventKey: String, destination: String, at: String, error: String?, nextAt: String?) throws {
    try store.write { db in
      if let error {
        if let nextAt {
          try db.execute(
            "UPDATE alert_deliveries SET attempts = attempts + 1, last_error = ?, next_at = ? WHERE event_key = ? AND destination = ?",
            error, nextAt, eventKey, destination)
        } else {
          try db.execute(
            "UPDATE alert_deliveries SET attempts = attempts + 1, last_error = ?, failed_at = ? WHERE event_key = ? AND destination = ?",
            error, at, eventKey, destination)
        }
      } else {
        try db.execute(
          "UPDATE alert_deliveries SET attempts = attempts + 1, delivered_at = ?, last_error = NULL WHERE event_key = ? AND destination = ?",
          at, eventKey, destination)
      }
    }
  }

  /// A value the alert scan keeps between runs (its place in the audit log, forecast dates).
  public func alertState(_ key: String) throws -> String? {
    try store.read { db in try db.value("SELECT value FROM alert_state WHERE key = ?", key) }
  }

  public func setAlertState(_ values: [String: String]) throws {
    guard !values.isEmpty else { return }
    try store.write { db in
      for (key, value) in values.sorted(by: { $0.key < $1.key }) {
        try db.execute("DELETE FROM alert_state WHERE key = ?", key)
        try db.execute("INSERT INTO alert_state (key, value) VALUES (?, ?)", key, value)
      }
    }
  }

  /// Audit entries after a sequence number, oldest first (the alert scan's feed of changes).
  public func auditEntries(after seq: Int64, limit: Int) throws -> [AuditEntry] {
    try store.read { db in
      try db.all("SELECT * FROM audit WHERE seq > ? ORDER BY seq LIMIT \(max(1, limit))", seq).map(Self.auditEntry)
    }
  }

  static func delivery(_ row: SQLRow) -> AlertDelivery {
    AlertDelivery(
      eventKey: row["event_key"], destination: row["destination"], kind: row["kind"], payload: row["payload"], attempts: row["attempts"],
      nextAt: row["next_at"], deliveredAt: row["delivered_at"], failedAt: row["failed_at"], lastError: row["last_error"])
  }
}
