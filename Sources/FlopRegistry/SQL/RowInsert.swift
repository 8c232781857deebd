import GRDB
import GRDBSQLite

/// Binds one row's values to a prepared INSERT through SQLite's C API and runs it.
///
/// A bulk import inserts two rows per run on one connection, and that connection is the
/// import's bottleneck; GRDB's argument arrays (an existential and a `DatabaseValue` per column)
/// were a visible share of that connection's time in perf. The statement still comes from GRDB's cache, inside its
/// transaction; text is copied by SQLite (`SQLITE_TRANSIENT`), so nothing outlives the call.
struct RowInsert {
  private let statement: SQLiteStatement
  private let connection: SQLiteConnection?
  private var index: Int32 = 0
  /// The first binding SQLite refused: the insert is not run with values left from another.
  private var refused: Int32 = SQLITE_OK

  init(_ db: Database, sql: String) throws {
    statement = try db.cachedStatement(sql: sql).sqliteStatement
    connection = db.sqliteConnection
    // GRDB resets a cached statement when it next runs it, not after: one it ran last (a
    // `registry add` in the same process, as the server does) is still stepped, and SQLite
    // refuses bindings to it. Reset it and start from no bindings.
    sqlite3_reset(statement)
    sqlite3_clear_bindings(statement)
  }

  private static let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

  mutating func bind(_ text: String?) {
    index += 1
    guard var text else {
      note(sqlite3_bind_null(statement, index))
      return
    }
    let statement = self.statement, index = self.index
    // An empty string's buffer may have no address, which SQLite would bind as NULL.
    let code = text.isEmpty
      ? sqlite3_bind_text(statement, index, "", 0, Self.transient)
      : text.withUTF8 { utf8 in
        utf8.withMemoryRebound(to: CChar.self) { sqlite3_bind_text(statement, index, $0.baseAddress, Int32(utf8.count), Self.transient) }
      }
    note(code)
  }

  mutating func bind(_ value: Double?) {
    index += 1
    note(value.map { sqlite3_bind_double(statement, index, $0) } ?? sqlite3_bind_null(statement, index))
  }

  mutating func bind(_ value: Int) {
    index += 1
    note(sqlite3_bind_int64(statement, index, Int64(value)))
  }

  private mutating func note(_ code: Int32) {
    if code != SQLITE_OK, refused == SQLITE_OK { refused = code }
  }

  /// Runs the insert. Returns false when it would repeat a primary key (nothing is written);
  /// throws on any other failure.
  mutating func run() throws -> Bool {
    defer {
      sqlite3_reset(statement)
      index = 0
      refused = SQLITE_OK
    }
    guard refused == SQLITE_OK else {
      throw DatabaseError(resultCode: ResultCode(rawValue: refused), message: "SQLite refused a value of the row", sql: String(cString: sqlite3_sql(statement)))
    }
    let code = sqlite3_step(statement)
    if code == SQLITE_DONE { return true }
    let extended = sqlite3_extended_errcode(connection)
    if extended == ResultCode.SQLITE_CONSTRAINT_PRIMARYKEY.rawValue { return false }
    let message = connection.map { String(cString: sqlite3_errmsg($0)) }
    throw DatabaseError(resultCode: ResultCode(rawValue: extended), message: message, sql: String(cString: sqlite3_sql(statement)))
  }
}
