import FlopFiles
import GRDB

/// Digests of what the registry derives for a run: its statuses column and its obligation rows.
///
/// Every write that changes them records both digests in its audit entry, so `verify` can tell a
/// rule status edited to `not-met`, a deleted obligation or a due date moved to 2099 from what
/// FlopWatch wrote, without keeping a second copy of every obligation in the log.
struct DerivedState: Equatable, Sendable {
  /// SHA-256 of the statuses column's text.
  var statuses: String
  /// SHA-256 of the run's obligation rows, each as one canonical line, sorted.
  var obligations: String

  /// The obligation columns a digest covers, in order (all but the row number, which an import
  /// cannot know before it writes; `verify` checks done rows by number separately).
  static let obligationColumns = [
    "regime", "rule", "obligation", "title", "citation", "due", "basis", "conditional", "known_on", "status", "evidence",
    "done_by", "done_at",
  ]

  /// The state of a run as its rows now stand.
  static func read(_ db: Database, runID: String) throws -> DerivedState? {
    guard let statuses = try String.fetchOne(db.cachedStatement(sql: "SELECT statuses FROM runs WHERE id = ?"), arguments: [runID])
    else { return nil }
    let rows = try Row.fetchAll(
      db.cachedStatement(sql: "SELECT \(obligationColumns.joined(separator: ", ")) FROM obligations WHERE run_id = ?"),
      arguments: [runID])
    return DerivedState(statuses: FileDigest.sha256(statuses), obligations: digest(rows.map(line)))
  }

  /// An obligation row (selected with `obligationColumns`) as its digest line.
  static func line(_ row: Row) -> String {
    line([
      row["regime"], row["rule"], row["obligation"], row["title"], row["citation"], row["due"], row["basis"],
      (row["conditional"] as Bool) ? "1" : "0", row["known_on"], row["status"], row["evidence"], row["done_by"], row["done_at"],
    ])
  }

  /// The state a new run's row will have once written: every obligation open.
  init(newRow row: RunRow) {
    statuses = FileDigest.sha256(row.statuses)
    obligations = Self.digest(row.obligations.map { o in
      Self.line([o.regime, o.rule, o.obligation, o.title, o.citation, o.due, o.basis, o.conditional ? "1" : "0", o.knownOn, "open", nil, nil, nil])
    })
  }

  init(statuses: String, obligations: String) {
    self.statuses = statuses
    self.obligations = obligations
  }

  /// Reads the `derived` object of an audit record.
  init?(_ value: JSONValue?) {
    guard let statuses = value?["statuses"]?.string, let obligations = value?["obligations"]?.string else { return nil }
    self.init(statuses: statuses, obligations: obligations)
  }

  /// One row as a JSON array of its values (null for a missing one): unambiguous whatever the text holds.
  static func line(_ values: [String?]) -> String {
    var out = "["
    for (index, value) in values.enumerated() {
      if index > 0 { out += "," }
      if let value { JSONValue.quote(value, into: &out) } else { out += "null" }
    }
    return out + "]"
  }

  static func digest(_ lines: [String]) -> String {
    FileDigest.sha256(lines.sorted().joined(separator: "\n"))
  }

  /// `{"obligations":"…","statuses":"…"}` in canonical text.
  var canonical: String {
    "{\"obligations\":\"\(obligations)\",\"statuses\":\"\(statuses)\"}"
  }

  var json: JSONValue { .object(["obligations": .string(obligations), "statuses": .string(statuses)]) }
}
