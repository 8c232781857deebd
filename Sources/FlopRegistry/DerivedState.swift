import Crypto
import FlopFiles

/// Digests of what the registry derives for a run: its statuses column and its obligation rows.
///
/// Every write that changes them records both digests in its audit entry, so `verify` can tell a
/// rule status edited to `not-met`, a deleted obligation or a due date moved to 2099 from what
/// FlopWatch wrote, without keeping a second copy of every obligation in the log. Opaque outside
/// the registry: the engine only carries it from `RegistryTransaction.derivedState(of:)` to an
/// `AuditDraft`.
public struct DerivedState: Equatable, Sendable {
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
  static func read(_ db: any SQLConnection, runID: String) throws -> DerivedState? {
    guard let statuses: String = try db.value("SELECT statuses FROM runs WHERE id = ?", runID) else { return nil }
    var digest = Digest()
    try db.each("SELECT \(obligationColumns.joined(separator: ", ")) FROM obligations WHERE run_id = ? ORDER BY regime, rule, obligation", runID) {
      digest.add($0)
    }
    return DerivedState(statuses: sha256(statuses), obligations: digest.finish())
  }

  /// The state a new run's row will have once written: every obligation open.
  init(newRow row: RunRow) {
    statuses = Self.sha256(row.statuses)
    // In the order the table's unique index (and so `read`) gives: by the UTF-8 bytes of the key.
    // (Swift's `==` on strings is canonical equivalence — "é" equals "e\u{301}" — so compare bytes.)
    let rows = row.obligations
    let order = rows.indices.sorted { i, j in
      let a = rows[i]
      let b = rows[j]
      if !a.regime.utf8.elementsEqual(b.regime.utf8) { return a.regime.utf8.lexicographicallyPrecedes(b.regime.utf8) }
      if !a.rule.utf8.elementsEqual(b.rule.utf8) { return a.rule.utf8.lexicographicallyPrecedes(b.rule.utf8) }
      return a.obligation.utf8.lexicographicallyPrecedes(b.obligation.utf8)
    }
    var digest = Digest()
    for index in order {
      let o = rows[index]
      digest.add(o.regime)
      digest.add(o.rule)
      digest.add(o.obligation)
      digest.add(o.title)
      digest.add(o.citation)
      digest.add(o.due)
      digest.add(o.basis)
      digest.add(o.conditional ? "1" : "0")
      digest.add(o.knownOn)
      digest.add("open")
      digest.add(nil)  // evidence, done_by, done_at
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
  struct Digest: Sendable {
    /// The bytes to hash, gathered first: one SHA-256 pass over a buffer is several times
    /// cheaper than an update call per field.
    var buffer: [UInt8] = []

    init() { buffer.reserveCapacity(2048) }

    mutating func add(_ value: String?) {
      guard let value else {
        buffer.append(0)
        return
      }
      // A 1 and the length in four little-endian bytes.
      let count = UInt32(truncatingIfNeeded: value.utf8.count)
      buffer.append(1)
      buffer.append(UInt8(truncatingIfNeeded: count))
      buffer.append(UInt8(truncatingIfNeeded: count >> 8))
      buffer.append(UInt8(truncatingIfNeeded: count >> 16))
      buffer.append(UInt8(truncatingIfNeeded: count >> 24))
      if value.utf8.withContiguousStorageIfAvailable({ buffer.append(contentsOf: $0) }) == nil {
        buffer.append(contentsOf: value.utf8)
      }
    }

    mutating func endRow() { buffer.append(2) }

    /// An obligation row selected with `obligationColumns`, starting at column `offset`.
    /// (By position: looking 13 columns up by name for every row was most of verify's digest time.)
    mutating func add(_ row: SQLRow, offset: Int = 0) {
      for index in 0..<DerivedState.obligationColumns.count {
        if index == 7 { add((row[offset + index] as Bool) ? "1" : "0") } else { add(row[offset + index] as String?) }
      }
      endRow()
    }

    func finish() -> String { buffer.withUnsafeBytes { FileDigest.hex(SHA256.hash(data: $0)) } }
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
