import Crypto
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
  /// SHA-256 of the run's obligation rows in key order (`Digest`).
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
    var digest = Digest()
    let rows = try Row.fetchCursor(
      db.cachedStatement(sql: "SELECT \(obligationColumns.joined(separator: ", ")) FROM obligations WHERE run_id = ? ORDER BY regime, rule, obligation"),
      arguments: [runID])
    while let row = try rows.next() { digest.add(row) }
    return DerivedState(statuses: sha256(statuses), obligations: digest.finish())
  }

  /// The state a new run's row will have once written: every obligation open.
  init(newRow row: RunRow) {
    statuses = Self.sha256(row.statuses)
    // In the order the table's unique index (and so `read`) gives: by the UTF-8 bytes of the key.
    // (Swift's `==` on strings is canonical equivalence — "é" equals "e\u{301}" — so compare bytes.)
    let sorted = row.obligations.sorted { a, b in
      if !a.regime.utf8.elementsEqual(b.regime.utf8) { return a.regime.utf8.lexicographicallyPrecedes(b.regime.utf8) }
      if !a.rule.utf8.elementsEqual(b.rule.utf8) { return a.rule.utf8.lexicographicallyPrecedes(b.rule.utf8) }
      return a.obligation.utf8.lexicographicallyPrecedes(b.obligation.utf8)
    }
    var digest = Digest()
    for o in sorted {
      for field in [o.regime, o.rule, o.obligation, o.title, o.citation, o.due, o.basis, o.conditional ? "1" : "0", o.knownOn, "open"] {
        digest.add(field)
      }
      digest.add(nil)
      digest.add(nil)
      digest.add(nil)
      digest.endRow()
    }
    obligations = digest.finish()
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

  /// The digest of obligation rows given in key order: each value length-prefixed (or marked
  /// missing), so no two different tables hash the same; fed straight to SHA-256, because an
  /// import digests every run.
  struct Digest {
    var hasher = SHA256()

    mutating func add(_ value: String?) {
      guard var value else {
        hasher.update(data: [0])
        return
      }
      var header = [UInt8](repeating: 1, count: 5)
      let count = UInt32(value.utf8.count)
      for index in 0..<4 { header[index + 1] = UInt8(truncatingIfNeeded: count >> (8 * index)) }
      hasher.update(data: header)
      value.withUTF8 { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
    }

    mutating func endRow() { hasher.update(data: [2]) }

    /// An obligation row selected with `obligationColumns`.
    mutating func add(_ row: Row) {
      for (index, column) in obligationColumns.enumerated() {
        if index == 7 { add((row[column] as Bool) ? "1" : "0") } else { add(row[column] as String?) }
      }
      endRow()
    }

    func finish() -> String { FileDigest.hex(hasher.finalize()) }
  }

  static func sha256(_ text: String) -> String {
    var text = text
    return text.withUTF8 { FileDigest.hex(SHA256.hash(data: UnsafeRawBufferPointer($0))) }
  }

  /// `{"obligations":"…","statuses":"…"}` in canonical text.
  var canonical: String {
    "{\"obligations\":\"\(obligations)\",\"statuses\":\"\(statuses)\"}"
  }

  var json: JSONValue { .object(["obligations": .string(obligations), "statuses": .string(statuses)]) }
}
