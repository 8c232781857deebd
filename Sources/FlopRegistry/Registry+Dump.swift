import FlopCore
import FlopFiles
import Foundation

/// What `restore` did.
public struct RestoreSummary: Sendable, Codable {
  public var runs: Int
  public var rows: Int
  /// The source's chain head, which the restored chain keeps (its entries are copied verbatim).
  public var sourceHead: String
  public var sourceHeadSeq: Int64
}

extension Registry {
  /// The first line of a dump, naming its format.
  public static let dumpFormat = "flopwatch-registry-dump/1"

  /// Tables in the order a dump writes and a restore reads them (parents before children), each
  /// with the key its rows are written in.
  static let dumpOrder = [("runs", "id"), ("run_versions", "run_id, version"), ("progress", "id"), ("obligations", "id"), ("calibrations", "version"), ("audit", "seq")]
  static var dumpTables: [String] { dumpOrder.map(\.0) }
  /// Columns of floating-point type: a whole number read from a dump stays a real there.
  static let realColumns: Set<String> = [
    "flop_central", "flop_low", "flop_high", "cumulative_central", "cumulative_low", "cumulative_high", "base_flop", "tokens", "gpu_hours",
  ]

  /// Writes every row of every table, one JSON object a line (`{"table":…,"row":{…}}`), after a
  /// header with the chain's head: everything the registry holds, so `restore` rebuilds it
  /// exactly — versions, progress, obligations with their status and evidence, and the audit
  /// chain with its hashes. Refuses a registry that does not verify (a dump would carry its
  /// tampering on).
  public func dump(_ write: (String) throws -> Void) throws {
    let report = try verify()
    guard report.ok else { throw RegistryError("not dumping: verify finds the registry altered (\(report.problems[0]))") }
    try store.read { db in
      var header = "{\"format\":"
      JSONText.quote(Self.dumpFormat, into: &header)
      header += ",\"head\":\"\(report.head)\",\"head_seq\":\(report.headSeq),\"runs\":\(report.runs)}\n"
      try write(header)
      for (table, order) in Self.dumpOrder {
        let columns = try db.columns(in: table)
        try db.scan("SELECT * FROM \(table) ORDER BY \(order)") { row in
          var line = "{\"row\":{"
          for (index, column) in columns.enumerated() {
            if index > 0 { line += "," }
            JSONText.quote(column, into: &line)
            line += ":"
            switch row[column] as SQLValue {
            case .null: line += "null"
            case .integer(let number): line += "\(number)"
            case .real(let number): line += number.isFinite ? "\(number)" : "null"
            case .text(let text): JSONText.quote(text, into: &line)
            }
          }
          line += "},\"table\":\"\(table)\"}\n"
          try write(line)
        }
      }
    }
  }

  /// Rebuilds a registry from a dump, into this registry, which must be empty: every row as it
  /// was, checked with `verify` before anything is committed, then one "migrate" audit entry
  /// naming the source and its head. A dump that is malformed, names an unknown table or column,
  /// or does not verify changes nothing.
  public func restore(
    next: () throws -> (line: Int, text: String)?, source: String, actor: String, at date: Date = Date()
  ) throws -> RestoreSummary {
    try store.write { db in
      guard try db.value("SELECT (SELECT count(*) FROM runs) + (SELECT count(*) FROM audit)") as Int? == 0 else {
        throw RegistryError("\(path): a dump is restored into an empty registry only (this one has runs or audit entries)")
      }
      var known: [String: Set<String>] = [:]
      for table in Self.dumpTables { known[table] = Set(try db.columns(in: table)) }
      var header: JSONValue?
      var rows = 0
      while let (number, text) = try next() {
        guard let value = JSONValue.parse(text), case .object(let object) = value else {
          throw RegistryError("\(source):\(number): not a JSON object (a dump has one per line)")
        }
        if header == nil {
          guard object["format"]?.string == Self.dumpFormat else {
            throw RegistryError("\(source):\(number): not a FlopWatch registry dump (its first line must name format \(Self.dumpFormat))")
          }
          header = value
          continue
        }
        guard let table = object["table"]?.string, let columns = known[table], case .object(let row)? = object["row"] else {
          throw RegistryError("\(source):\(number): expected {\"table\": one of \(Self.dumpTables.joined(separator: ", ")), \"row\": {…}}")
        }
        if let unknown = row.keys.first(where: { !columns.contains($0) }) {
          throw RegistryError("\(source):\(number): table \(table) has no column '\(shownInMessage(unknown))'")
        }
        let names = row.keys.sorted()
        let values: [SQLValue] = names.map { name in
          switch row[name] {
          case .string(let text)?: return .text(text)
          case .number(let number)?:
            // Whole numbers go in as integers where the column is one (ids, versions, flags).
            return number == number.rounded() && abs(number) < 9e15 && !Self.realColumns.contains(name) ? .integer(Int64(number)) : .real(number)
          case .bool(let flag)?: return .integer(flag ? 1 : 0)
          default: return .null
          }
        }
        do {
          try db.execute(
            "INSERT INTO \(table) (\(names.joined(separator: ", "))) VALUES (\(names.map { _ in "?" }.joined(separator: ", ")))", values)
        } catch {
          throw RegistryError("\(source):\(number): row refused by table \(table) (\(SQLiteStore.message(for: error) ?? PostgresStore.detail(of: error) ?? "constraint failed"))")
        }
        rows += 1
      }
      guard let header else { throw RegistryError("\(source): empty (a dump starts with its format line)") }
      try db.restartSequences()
      try Self.reindexRules(db)
      let report = try Self.verifyChainAndTables(db)
      guard report.ok else { throw RegistryError("\(source): the restored registry does not verify (\(report.problems[0])); nothing was written") }
      let expectedHead = header["head"]?.string ?? ""
      guard report.head == expectedHead else {
        throw RegistryError("\(source): the dump's chain ends at \(report.head.prefix(16))…, not at the head its header names (\(expectedHead.prefix(16))…): it was cut or edited; nothing was written")
      }
      try Self.appendAudit(db, at: Self.timestamp(date), actor: actor, action: "migrate", runID: nil, change: .object([
        "source": .string(source), "source_head": .string(report.head), "source_head_seq": .number(Double(report.headSeq)),
        "runs": .number(Double(report.runs)),
      ]))
      return RestoreSummary(runs: report.runs, rows: rows, sourceHead: report.head, sourceHeadSeq: report.headSeq)
    }
  }
}
