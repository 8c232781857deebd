import PostgresNIO

/// `SQLConnection` over a PostgreSQL connection inside one of `PostgresStore`'s transactions.
struct PostgresTransaction: SQLConnection {
  let store: PostgresStore

  var dialect: SQLDialect { .postgres }

  func execute(_ sql: String, _ arguments: [SQLValue]) throws { _ = try store.run(sql, arguments) }

  func each(_ sql: String, _ arguments: [SQLValue], _ body: (SQLRow) throws -> Void) throws {
    let rows = try store.run(sql, arguments)
    guard let first = rows.first else { return }
    let columns = SQLRow.Columns(first.map(\.columnName))
    for row in rows { try body(SQLRow(columns: columns, values: row.map(Self.value))) }
  }

  /// Large scans go through a cursor, a few thousand rows at a time, so memory stays flat.
  func scan(_ sql: String, _ arguments: [SQLValue], _ body: (SQLRow) throws -> Void) throws {
    // A name of its own: a scan's body may start another.
    let cursor = "flopwatch_scan_\(UInt32.random(in: 0...UInt32.max))"
    try execute("DECLARE \(cursor) NO SCROLL CURSOR FOR " + sql, arguments)
    while true {
      var fetched = 0
      try each("FETCH FORWARD 2000 FROM \(cursor)", []) { row in
        fetched += 1
        try body(row)
      }
      if fetched < 2000 { break }
    }
    try execute("CLOSE \(cursor)", [])
  }

  func columns(in table: String) throws -> [String] {
    try all(
      "SELECT column_name::text AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position",
      [.text(table)]
    ).map { $0["name"] }
  }

  /// Identity columns continue after the largest id a restore wrote.
  func restartSequences() throws {
    for table in ["progress", "obligations"] {
      try execute("SELECT setval(pg_get_serial_sequence('\(table)', 'id'), coalesce((SELECT max(id) FROM \(table)), 0) + 1, false)", [])
    }
  }

  /// Many rows a statement (PostgreSQL takes up to 65,535 parameters): a statement a run would
  /// spend most of an import waiting on the network round trip.
  func insertNewRuns(_ rows: [RunRow], at: String, actor: String) throws -> [Bool] {
    var inserted = Set<String>()
    for chunk in stride(from: 0, to: rows.count, by: 1000).map({ rows[$0..<min($0 + 1000, rows.count)] }) {
      var values: [SQLValue] = []
      values.reserveCapacity(chunk.count * 20)
      for row in chunk {
        values += [
          .text(row.id), row.name.map(SQLValue.text) ?? .null, .text(row.status), row.developer.map(SQLValue.text) ?? .null,
          row.startDate.map(SQLValue.text) ?? .null, row.endDate.map(SQLValue.text) ?? .null, .real(row.flop.central),
          .real(row.flop.low), .real(row.flop.high), .real(row.cumulative.central), .real(row.cumulative.low),
          .real(row.cumulative.high), .text(row.method), row.baseRun.map(SQLValue.text) ?? .null,
          row.baseName.map(SQLValue.text) ?? .null, row.baseFLOP.map(SQLValue.real) ?? .null, .text(row.statuses), .integer(1),
          .text(at), .text(at),
        ]
      }
      let sql = Registry.insertRun.replacingOccurrences(of: "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", with: "VALUES ")
        + Self.tuples(rows: chunk.count, columns: 20) + " ON CONFLICT (id) DO NOTHING RETURNING id"
      for row in try all(sql, values) { inserted.insert(row["id"]) }
    }
    let fresh = rows.filter { inserted.contains($0.id) }
    try Registry.indexRules(self, runIDs: fresh.filter { Registry.hasIndexedStatus($0.statuses) }.map(\.id))
    for chunk in stride(from: 0, to: fresh.count, by: 1000).map({ fresh[$0..<min($0 + 1000, fresh.count)] }) {
      var values: [SQLValue] = []
      for row in chunk { values += [.text(row.id), .integer(1), .text(row.document), .text(row.sha256), .text(at), .text(actor)] }
      try execute(
        "INSERT INTO run_versions (run_id, version, document, sha256, recorded_at, actor) VALUES " + Self.tuples(rows: chunk.count, columns: 6), values)
    }
    var obligations: [SQLValue] = []
    var count = 0
    func flush() throws {
      guard count > 0 else { return }
      try execute(
        "INSERT INTO obligations (run_id, regime, rule, obligation, title, citation, due, basis, conditional, known_on) VALUES "
          + Self.tuples(rows: count, columns: 10) + " ON CONFLICT (run_id, regime, rule, obligation) DO NOTHING", obligations)
      obligations.removeAll(keepingCapacity: true)
      count = 0
    }
    for row in fresh {
      for o in row.obligations {
        obligations += [
          .text(row.id), .text(o.regime), .text(o.rule), .text(o.obligation), .text(o.title), o.citation.map(SQLValue.text) ?? .null,
          o.due.map(SQLValue.text) ?? .null, .text(o.basis), .integer(o.conditional ? 1 : 0), o.knownOn.map(SQLValue.text) ?? .null,
        ]
        count += 1
        if count == 3000 { try flush() }
      }
    }
    try flush()
    return rows.map { inserted.contains($0.id) }
  }

  /// `(?, ?, …), (?, ?, …)…` for `rows` rows of `columns` values.
  static func tuples(rows: Int, columns: Int) -> String {
    let one = "(" + Array(repeating: "?", count: columns).joined(separator: ", ") + ")"
    return Array(repeating: one, count: rows).joined(separator: ", ")
  }

  /// A cell as one of the four storage classes, by its PostgreSQL type.
  static func value(_ cell: PostgresCell) -> SQLValue {
    guard cell.bytes != nil else { return .null }
    switch cell.dataType {
    case .int2, .int4, .int8, .oid:
      return (try? cell.decode(Int64.self)).map(SQLValue.integer) ?? .null
    case .float4, .float8:
      return (try? cell.decode(Double.self)).map(SQLValue.real) ?? .null
    case .bool:
      return (try? cell.decode(Bool.self)).map { .integer($0 ? 1 : 0) } ?? .null
    default:
      return (try? cell.decode(String.self)).map(SQLValue.text) ?? .null
    }
  }
}
