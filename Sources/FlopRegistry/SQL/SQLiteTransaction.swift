import GRDB

/// `SQLConnection` over a GRDB database connection inside one of its transactions.
struct SQLiteTransaction: SQLConnection {
  let db: Database

  var dialect: SQLDialect { .sqlite }

  func execute(_ sql: String, _ arguments: [SQLValue]) throws {
    try db.cachedStatement(sql: sql).execute(arguments: StatementArguments(arguments.map(\.databaseValue)))
  }

  func each(_ sql: String, _ arguments: [SQLValue], _ body: (SQLRow) throws -> Void) throws {
    let statement = try db.cachedStatement(sql: sql)
    let columns = SQLRow.Columns(statement.columnNames)
    let cursor = try Row.fetchCursor(statement, arguments: StatementArguments(arguments.map(\.databaseValue)))
    while let row = try cursor.next() {
      var values: [SQLValue] = []
      values.reserveCapacity(row.count)
      for value in row.databaseValues {
        switch value.storage {
        case .null, .blob: values.append(.null)
        case .int64(let number): values.append(.integer(number))
        case .double(let number): values.append(.real(number))
        case .string(let text): values.append(.text(text))
        }
      }
      try body(SQLRow(columns: columns, values: values))
    }
  }

  func scan(_ sql: String, _ arguments: [SQLValue], _ body: (SQLRow) throws -> Void) throws { try each(sql, arguments, body) }

  /// SQLite's row ids continue after the largest one by themselves.
  func restartSequences() throws {}

  func columns(in table: String) throws -> [String] { try db.columns(in: table).map(\.name) }

  func insertNewRuns(_ rows: [RunRow], at: String, actor: String) throws -> [Bool] {
    let inserted = try rows.map { try insertNew($0, at: at, actor: actor) }
    try Registry.indexRules(self, runIDs: zip(rows, inserted).filter { $1 && Registry.hasIndexedStatus($0.statuses) }.map(\.0.id))
    return inserted
  }

  /// One run, through SQLite's C API (`RowInsert`): an import's writing connection is its bottleneck.
  private func insertNew(_ row: RunRow, at: String, actor: String) throws -> Bool {
    var run = try RowInsert(db, sql: Registry.insertRun)
    run.bind(row.id)
    run.bind(row.name)
    run.bind(row.status)
    run.bind(row.developer)
    run.bind(row.startDate)
    run.bind(row.endDate)
    run.bind(row.flop.central)
    run.bind(row.flop.low)
    run.bind(row.flop.high)
    run.bind(row.cumulative.central)
    run.bind(row.cumulative.low)
    run.bind(row.cumulative.high)
    run.bind(row.method)
    run.bind(row.baseRun)
    run.bind(row.baseName)
    run.bind(row.baseFLOP)
    run.bind(row.statuses)
    run.bind(1)  // version
    run.bind(at)
    run.bind(at)
    // A run already registered fails here on its primary key: the statement changes nothing and
    // the transaction goes on.
    guard try run.run() else { return false }
    var version = try RowInsert(db, sql: Registry.insertVersion)
    version.bind(row.id)
    version.bind(1)
    version.bind(row.document)
    version.bind(row.sha256)
    version.bind(at)
    version.bind(actor)
    guard try version.run() else { throw RegistryError("run '\(row.id)' already has a first version in the registry") }
    for obligation in row.obligations {
      var insert = try RowInsert(db, sql: Registry.insertObligation)
      insert.bind(row.id)
      insert.bind(obligation.regime)
      insert.bind(obligation.rule)
      insert.bind(obligation.obligation)
      insert.bind(obligation.title)
      insert.bind(obligation.citation)
      insert.bind(obligation.due)
      insert.bind(obligation.basis)
      insert.bind(obligation.conditional ? 1 : 0)
      insert.bind(obligation.knownOn)
      _ = try insert.run()
    }
    return true
  }
}

extension SQLValue {
  var databaseValue: DatabaseValue {
    switch self {
    case .null: return .null
    case .integer(let number): return number.databaseValue
    case .real(let number): return number.databaseValue
    case .text(let text): return text.databaseValue
    }
  }
}
