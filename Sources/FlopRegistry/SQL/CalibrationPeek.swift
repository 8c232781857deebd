import GRDBSQLite

/// Reads the newest calibration of a SQLite registry through SQLite's C API, read-only, without
/// GRDB's connection set-up and migration check.
///
/// `check` reads the default registry's calibration on every start, where opening the registry
/// through GRDB cost about 3 ms of a 16 ms command. One query needs none of that: a registry that
/// has no calibrations table (written before them) has no calibration. Anything unexpected (no
/// such file, not a database, a locked or read-only directory) returns `.unavailable`, and the
/// caller opens the registry the usual way, which words the error.
enum CalibrationPeek {
  enum Outcome {
    case found(StoredCalibration)
    case none
    case unavailable
  }

  static func read(path: String) -> Outcome {
    var handle: OpaquePointer?
    defer { sqlite3_close_v2(handle) }
    guard sqlite3_open_v2(path, &handle, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nil) == SQLITE_OK, let db = handle else { return .unavailable }
    sqlite3_busy_timeout(db, 2000)
    var statement: OpaquePointer?
    defer { sqlite3_finalize(statement) }
    let sql = "SELECT version, created_at, actor, body, sha256 FROM calibrations ORDER BY version DESC LIMIT 1"
    guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK, let query = statement else {
      // The one failure that is an answer: the table is not there.
      let message = String(cString: sqlite3_errmsg(db))
      return message.hasPrefix("no such table") ? .none : .unavailable
    }
    switch sqlite3_step(query) {
    case SQLITE_DONE: return .none
    case SQLITE_ROW:
      func text(_ column: Int32) -> String { sqlite3_column_text(query, column).map { String(cString: $0) } ?? "" }
      return .found(StoredCalibration(
        version: Int(sqlite3_column_int64(query, 0)), createdAt: text(1), actor: text(2), body: text(3), sha256: text(4)))
    default: return .unavailable
    }
  }
}
