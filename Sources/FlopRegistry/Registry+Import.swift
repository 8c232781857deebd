import FlopCore
import Foundation

extension Registry {
  /// A line that could not be imported, and why.
  public struct Rejection: Error, Sendable, Codable {
    public var line: Int
    public var reason: String
    public init(line: Int, reason: String) {
      self.line = line
      self.reason = reason
    }
  }

  /// What one batch of an import did.
  public struct ImportedBatch: Sendable {
    /// Lines refused, by line number.
    public var rejections: [Rejection]
    /// Runs already registered with exactly this document (an import run again): left as they are.
    public var unchanged: Int
  }

  /// Imports one batch in one transaction with one audit entry. A run already registered with the
  /// same document is counted unchanged (so a cut-off import can be run again); one registered
  /// with another document, or repeated in the batch, is rejected. The rest land together or, on
  /// failure, not at all.
  public func importBatch(_ items: [(line: Int, row: RunRow)], actor: String, at date: Date = Date()) throws -> ImportedBatch {
    guard !items.isEmpty else { return ImportedBatch(rejections: [], unchanged: 0) }
    return try store.write { db in
      let at = Self.timestamp(date)
      var rejections: [Rejection] = []
      // The change is `{"assessed":{…},"runs":[record,…]}` in canonical text, built from each row's
      // record text: a batch assessed on one day with one threshold set (an import's always is)
      // says so once; otherwise each record carries its own.
      let assessed = items.first?.row.assessedText ?? ""
      let shared = items.allSatisfy { $0.row.asOf == items[0].row.asOf && $0.row.thresholds == items[0].row.thresholds }
      var change = shared ? "{\"assessed\":" + assessed + ",\"runs\":[" : "{\"runs\":["
      var written = 0
      var seen = Set<String>()
      seen.reserveCapacity(items.count)
      var fresh: [(line: Int, row: RunRow)] = []
      fresh.reserveCapacity(items.count)
      for item in items {
        if seen.insert(item.row.id).inserted { fresh.append(item) } else { rejections.append(Rejection(line: item.line, reason: "run '\(item.row.id)' is already in the registry")) }
      }
      let inserted = try db.insertNewRuns(fresh.map(\.row), at: at, actor: actor)
      let existing = zip(fresh, inserted).filter { !$0.1 }.map(\.0.row.id)
      let stored = try existing.isEmpty ? [:] : Self.currentDigests(db, of: existing)
      var unchanged = 0
      for ((line, row), isNew) in zip(fresh, inserted) {
        guard isNew else {
          if stored[row.id] == row.sha256 {
            unchanged += 1
          } else {
            rejections.append(Rejection(line: line, reason: "run '\(row.id)' is already in the registry with another document (use `registry update`)"))
          }
          continue
        }
        if written > 0 { change += "," }
        change += shared ? row.firstRecord : row.recordText(version: 1, derived: DerivedState(newRow: row))
        written += 1
      }
      if written > 0 {
        try Self.appendAudit(db, at: at, actor: actor, action: "import", runID: nil, changeText: change + "]}")
      }
      rejections.sort { $0.line < $1.line }
      return ImportedBatch(rejections: rejections, unchanged: unchanged)
    }
  }

  /// The SHA-256 of each run's current document, by id.
  static func currentDigests(_ db: any SQLConnection, of ids: [String]) throws -> [String: String] {
    var digests: [String: String] = [:]
    for start in stride(from: 0, to: ids.count, by: 500) {
      let chunk = ids[start..<min(start + 500, ids.count)]
      let marks = Array(repeating: "?", count: chunk.count).joined(separator: ", ")
      try db.each(
        "SELECT r.id AS id, v.sha256 AS sha256 FROM runs r JOIN run_versions v ON v.run_id = r.id AND v.version = r.version WHERE r.id IN (\(marks))",
        chunk.map(SQLValue.text)
      ) { row in digests[row["id"]] = row["sha256"] }
    }
    return digests
  }

  /// Calls `body` with every run and its current document, in id order, without loading all at once.
  public func forEachRun(_ body: (RunSummary, String) throws -> Void) throws {
    try read { tx in try tx.forEachRun(body) }
  }
}
