/// One backend's connection inside one transaction: the statements the registry's storage code is
/// written against, whichever database runs them.
///
/// SQL is written once, with `?` placeholders and the few differences between SQLite and
/// PostgreSQL named by `dialect`; each backend binds, runs and converts rows its own way.
protocol SQLConnection {
  var dialect: SQLDialect { get }
  /// Runs a statement that returns no rows.
  func execute(_ sql: String, _ arguments: [SQLValue]) throws
  /// Calls `body` with each row in turn, without holding them all.
  func each(_ sql: String, _ arguments: [SQLValue], _ body: (SQLRow) throws -> Void) throws
  /// Like `each`, for a scan over a whole table: PostgreSQL reads it through a cursor.
  func scan(_ sql: String, _ arguments: [SQLValue], _ body: (SQLRow) throws -> Void) throws
  /// After rows were written with explicit ids (a restore), makes new ids continue after them.
  func restartSequences() throws
  /// A table's column names, in order (empty when there is no such table).
  func columns(in table: String) throws -> [String]
  /// Inserts runs that must be new, each with its first version and obligations; for each row,
  /// whether it was inserted (false: the id is already registered, and nothing of it was written).
  func insertNewRuns(_ rows: [RunRow], at: String, actor: String) throws -> [Bool]
}

extension SQLConnection {
  func execute(_ sql: String, _ arguments: (any SQLBindable)?...) throws { try execute(sql, arguments.sqlValues) }

  func all(_ sql: String, _ arguments: [SQLValue]) throws -> [SQLRow] {
    var rows: [SQLRow] = []
    try each(sql, arguments) { rows.append($0) }
    return rows
  }

  func all(_ sql: String, _ arguments: (any SQLBindable)?...) throws -> [SQLRow] { try all(sql, arguments.sqlValues) }

  func one(_ sql: String, _ arguments: (any SQLBindable)?...) throws -> SQLRow? {
    var first: SQLRow?
    try each(sql, arguments.sqlValues) { row in if first == nil { first = row } }
    return first
  }

  /// The first column of the first row; nil when there is no row (or it is NULL).
  func value<T: SQLColumnValue>(_ sql: String, _ arguments: (any SQLBindable)?...) throws -> T? {
    var first: SQLValue?
    try each(sql, arguments.sqlValues) { row in if first == nil { first = row.values.first ?? .null } }
    guard let first, first != .null else { return nil }
    return T(sql: first)
  }

  func each(_ sql: String, _ arguments: (any SQLBindable)?..., body: (SQLRow) throws -> Void) throws {
    try each(sql, arguments.sqlValues, body)
  }

  func scan(_ sql: String, _ arguments: (any SQLBindable)?..., body: (SQLRow) throws -> Void) throws {
    try scan(sql, arguments.sqlValues, body)
  }
}
