import FlopFiles
import Foundation
import GRDB

/// The outcome of `registry verify`.
public struct VerifyReport: Sendable, Codable {
  public var entries: Int
  public var runs: Int
  /// Problems found, first first; empty when the registry is intact.
  public var problems: [String]
  public var ok: Bool { problems.isEmpty }
}

extension Registry {
  /// What the audit log says a run should look like.
  struct ExpectedRun {
    var status: String
    var version: Int
    var hashes: [Int: String]
    var figures: [String: Double]
    var progress: Int = 0
  }

  /// Recomputes the hash chain and replays it, then compares the tables with what it implies.
  ///
  /// Detects an edited, inserted or deleted audit entry (the chain breaks or a sequence number
  /// is missing), and runs, versions, progress or obligations changed outside FlopWatch (the
  /// tables no longer match the replayed log).
  public func verify() throws -> VerifyReport {
    try pool.read { db in
      var problems: [String] = []
      var expected: [String: ExpectedRun] = [:]
      var done: Set<Int64> = []
      var previous = Self.genesisHash
      var expectedSeq: Int64 = 1
      var count = 0
      let cursor = try Row.fetchCursor(db, sql: "SELECT * FROM audit ORDER BY seq")
      while let row = try cursor.next() {
        count += 1
        let seq: Int64 = row["seq"]
        let at: String = row["at"]
        let actor: String = row["actor"]
        let action: String = row["action"]
        let runID: String? = row["run_id"]
        let changeText: String = row["change"]
        let prevHash: String = row["prev_hash"]
        let hash: String = row["hash"]
        if problems.isEmpty {
          if seq != expectedSeq {
            problems.append("audit entry \(expectedSeq) is missing (next entry is \(seq)): an entry was deleted")
          } else if prevHash != previous {
            problems.append("audit entry \(seq): its link to entry \(seq - 1) is broken (an entry was edited or replaced)")
          }
        }
        guard let change = try? JSONDecoder().decode(JSONValue.self, from: Data(changeText.utf8)) else {
          if problems.isEmpty { problems.append("audit entry \(seq): change is not valid JSON (edited)") }
          previous = hash
          expectedSeq = seq + 1
          continue
        }
        let body = Self.canonicalBody(seq: seq, at: at, actor: actor, action: action, runID: runID, change: change)
        if problems.isEmpty, Self.chainHash(previous: prevHash, body: body) != hash || change.canonical != changeText {
          problems.append("audit entry \(seq) (\(action) \(runID ?? "")) was altered: its hash does not match its content")
        }
        previous = hash
        expectedSeq = seq + 1
        Self.replay(action: action, runID: runID, change: change, into: &expected, done: &done)
      }
      if !problems.isEmpty { return VerifyReport(entries: count, runs: expected.count, problems: problems) }
      problems += try Self.compareTables(db, expected: expected, done: done)
      return VerifyReport(entries: count, runs: expected.count, problems: problems)
    }
  }

  static func replay(action: String, runID: String?, change: JSONValue, into expected: inout [String: ExpectedRun], done: inout Set<Int64>) {
    func apply(_ id: String, _ record: JSONValue) {
      let version = Int(record["version"]?.number ?? 1)
      var entry = expected[id] ?? ExpectedRun(status: "", version: 0, hashes: [:], figures: [:])
      entry.version = version
      entry.status = record["status"]?.string ?? entry.status
      entry.hashes[version] = record["sha256"]?.string
      if case .object(let figures)? = record["figures"] {
        entry.figures = figures.compactMapValues(\.number)
      }
      expected[id] = entry
    }
    switch action {
    case "add", "update", "reassess":
      if let runID { apply(runID, change) }
    case "import":
      for record in change["runs"]?.array ?? [] {
        if let id = record["id"]?.string { apply(id, record) }
      }
    case "status":
      if let runID, let status = change["status"]?.string { expected[runID]?.status = status }
    case "progress":
      if let runID { expected[runID]?.progress += 1 }
    case "progress-retract":
      if let runID { expected[runID]?.progress -= 1 }
    case "obligation-done":
      if let id = change["obligation_row"]?.number { done.insert(Int64(id)) }
    default:
      break
    }
  }

  static func compareTables(_ db: Database, expected: [String: ExpectedRun], done: Set<Int64>) throws -> [String] {
    var problems: [String] = []
    var seen = Set<String>()
    let runs = try Row.fetchCursor(db, sql: "SELECT * FROM runs ORDER BY id")
    while let row = try runs.next() {
      let id: String = row["id"]
      seen.insert(id)
      guard let want = expected[id] else {
        problems.append("run \(id) has no audit entry: it was inserted outside FlopWatch")
        continue
      }
      if row["status"] != want.status { problems.append("run \(id): status \(row["status"] as String) differs from the audit log (\(want.status))") }
      if row["version"] != want.version { problems.append("run \(id): version differs from the audit log") }
      for (column, value) in want.figures.sorted(by: { $0.key < $1.key }) where (row[column] as Double?) != value {
        problems.append("run \(id): \(column) is \((row[column] as Double?).map { "\($0)" } ?? "null") but the audit log recorded \(value)")
      }
    }
    for id in expected.keys where !seen.contains(id) {
      problems.append("run \(id) is in the audit log but missing from the registry: it was deleted outside FlopWatch")
    }
    let versions = try Row.fetchCursor(db, sql: "SELECT run_id, version, document, sha256 FROM run_versions")
    while let row = try versions.next() {
      let id: String = row["run_id"]
      let version: Int = row["version"]
      let document: String = row["document"]
      let stored: String = row["sha256"]
      if FileDigest.sha256(document) != stored || expected[id]?.hashes[version] != stored {
        problems.append("run \(id) version \(version): the document was changed outside FlopWatch")
      }
    }
    let progress = try Row.fetchAll(db, sql: "SELECT run_id, count(*) AS n FROM progress GROUP BY run_id")
    for row in progress where expected[row["run_id"] as String]?.progress != row["n"] {
      problems.append("run \(row["run_id"] as String): progress records differ from the audit log")
    }
    let doneRows = try Int64.fetchAll(db, sql: "SELECT id FROM obligations WHERE status = 'done'")
    if Set(doneRows) != done {
      problems.append("obligations marked done differ from the audit log (\(Set(doneRows).symmetricDifference(done).sorted().map(String.init).joined(separator: ", ")))")
    }
    return problems
  }
}
