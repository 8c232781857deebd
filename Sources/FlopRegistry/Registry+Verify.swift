import FlopFiles
import Foundation

/// The outcome of `registry verify`.
public struct VerifyReport: Sendable, Codable {
  public var entries: Int
  public var runs: Int
  /// Problems found, first first; empty when the registry is intact.
  public var problems: [String]
  /// The hash of the last audit entry (the chain's head) and its sequence number: kept outside
  /// the database, it lets a later `verify --expect-head` detect truncation or a re-hashed chain.
  public var head: String = ""
  public var headSeq: Int64 = 0
  /// Runs re-assessed by `verify(recompute:)`, and runs it could not re-assess because the log
  /// names another threshold set for their latest assessment (or none: written before 2026.12.02).
  public var recomputed: Int = 0
  public var notRecomputed: Int = 0
  /// Runs whose statuses and obligations the log carries no digests of (written before 2026.12.02).
  public var withoutDigests: Int = 0
  public var ok: Bool { problems.isEmpty }
  /// Each run's latest assessment as the log records it (day and threshold-set fingerprint), for
  /// re-assessing; not part of the report's JSON.
  public var assessments: [String: RecordedAssessment] = [:]

  /// The day and threshold set the log records for a run's latest assessment.
  public struct RecordedAssessment: Sendable {
    public var asOf: String?
    public var thresholds: String?
  }

  enum CodingKeys: String, CodingKey {
    case entries, runs, problems, head, headSeq, recomputed, notRecomputed, withoutDigests
  }

  /// `ok` is written out too (and ignored when read back), so a reader need not infer it.
  enum OutputKeys: String, CodingKey { case ok }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(entries, forKey: .entries)
    try container.encode(runs, forKey: .runs)
    try container.encode(problems, forKey: .problems)
    try container.encode(head, forKey: .head)
    try container.encode(headSeq, forKey: .headSeq)
    try container.encode(recomputed, forKey: .recomputed)
    try container.encode(notRecomputed, forKey: .notRecomputed)
    try container.encode(withoutDigests, forKey: .withoutDigests)
    var output = encoder.container(keyedBy: OutputKeys.self)
    try output.encode(ok, forKey: .ok)
  }
}

extension Registry {
  /// What the audit log says a run should look like.
  struct ExpectedRun {
    var status: String
    var version: Int
    var hashes: [Int: String]
    var figures: [String: Double]
    /// The progress points the log recorded and did not retract, as `progressKey` texts.
    var progress: [String] = []
    /// The digests of the statuses and obligations the last entry that changed them recorded;
    /// nil when that entry predates them (written before FlopWatch 2026.12.02).
    var derived: DerivedState?
    /// The day and threshold set (fingerprint) of the run's latest assessment, when recorded.
    var assessedOn: String?
    var thresholds: String?
  }

  /// What the log says an obligation marked done carries.
  struct ExpectedDone {
    var evidence: String?
    var actor: String
  }

  /// One progress point as text, for comparing the table with the log.
  static func progressKey(at: String, tokens: Double?, gpuHours: Double?) -> String {
    "\(at) tokens=\(tokens.map { "\($0)" } ?? "-") gpu_hours=\(gpuHours.map { "\($0)" } ?? "-")"
  }

  /// Recomputes the hash chain and replays it, then compares the tables with what it implies.
  ///
  /// Detects an edited, inserted or deleted audit entry (the chain breaks or a sequence number
  /// is missing), and runs, versions, progress or obligations changed outside FlopWatch (the
  /// tables no longer match the replayed log).
  public func verify(expectHead: String? = nil) throws -> VerifyReport {
    var report = try verifyChainAndTables()
    if let expectHead {
      let wanted = expectHead.lowercased()
      let found = try store.read { db in
        try db.value("SELECT seq FROM audit WHERE hash = ?", wanted) as Int64?
      }
      if found == nil {
        report.problems.insert(
          "the audit chain no longer contains the head you recorded (\(wanted.prefix(16))…): entries were removed from its end, or the chain was rewritten and re-hashed",
          at: 0)
      }
    }
    return report
  }

  func verifyChainAndTables() throws -> VerifyReport {
    try store.read { db in try Self.verifyChainAndTables(db) }
  }

  static func verifyChainAndTables(_ db: any SQLConnection) throws -> VerifyReport {
    do {
      var problems: [String] = []
      var expected: [String: ExpectedRun] = [:]
      var done: [Int64: ExpectedDone] = [:]
      var previous = Self.genesisHash
      var expectedSeq: Int64 = 1
      var count = 0
      try db.scan("SELECT * FROM audit ORDER BY seq") { row in
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
        guard let change = JSONValue.parse(changeText) else {
          if problems.isEmpty { problems.append("audit entry \(seq): change is not valid JSON (edited)") }
          previous = hash
          expectedSeq = seq + 1
          return
        }
        let body = Self.canonicalBody(seq: seq, at: at, actor: actor, action: action, runID: runID, change: change)
        if problems.isEmpty, chainHash(previous: prevHash, body: body) != hash || change.canonical != changeText {
          problems.append("audit entry \(seq) (\(action) \(runID ?? "")) was altered: its hash does not match its content")
        }
        previous = hash
        expectedSeq = seq + 1
        Self.replay(action: action, actor: actor, runID: runID, change: change, into: &expected, done: &done)
      }
      if problems.isEmpty { problems += try Self.compareTables(db, expected: expected, done: done) }
      if problems.isEmpty { problems += try Self.compareTokens(db) }
      var report = VerifyReport(entries: count, runs: expected.count, problems: problems)
      report.withoutDigests = expected.values.count { $0.derived == nil }
      report.assessments = expected.mapValues { VerifyReport.RecordedAssessment(asOf: $0.assessedOn, thresholds: $0.thresholds) }
      report.head = previous
      report.headSeq = expectedSeq - 1
      return report
    }
  }

  /// Every live API token must be one the log records creating, with the same name, role,
  /// secret hash and expiry, and not revoked since: a token row inserted or edited outside
  /// FlopWatch (to let someone in, or raise a role) is tampering. A token missing from the table
  /// (a restored registry carries none) admits nobody and is not a problem.
  static func compareTokens(_ db: any SQLConnection) throws -> [String] {
    guard let columns = try? db.columns(in: "api_tokens"), !columns.isEmpty else { return [] }
    var created: [String: JSONValue] = [:]
    var revoked = Set<String>()
    try db.scan("SELECT action, change FROM audit WHERE action IN ('token-create', 'token-revoke') ORDER BY seq", []) { row in
      guard let change = JSONValue.parse(row["change"] as String), let id = change["token"]?.string else { return }
      if (row["action"] as String) == "token-create" { created[id] = change } else { revoked.insert(id) }
    }
    var problems: [String] = []
    try db.scan("SELECT * FROM api_tokens WHERE revoked_at IS NULL ORDER BY id", []) { row in
      let token = Self.token(row)
      guard let entry = created[token.id] else {
        problems.append("API token '\(token.name)' (\(token.role)) has no audit entry: it was inserted outside FlopWatch")
        return
      }
      if revoked.contains(token.id) {
        problems.append("API token '\(token.name)' was revoked in the audit log but is live in the table")
      } else if entry["name"]?.string != token.name || entry["role"]?.string != token.role
        || entry["secret_sha256"]?.string != token.secretSHA256 || entry["expires"]?.string != token.expires
      {
        problems.append("API token '\(token.name)': its name, role, secret or expiry differs from what the audit log recorded")
      }
    }
    return problems
  }

  static func replay(
    action: String, actor: String, runID: String?, change: JSONValue, into expected: inout [String: ExpectedRun],
    done: inout [Int64: ExpectedDone]
  ) {
    func apply(_ id: String, _ record: JSONValue, assessed batch: JSONValue? = nil) {
      let version = Int(record["version"]?.number ?? 1)
      var entry = expected[id] ?? ExpectedRun(status: "", version: 0, hashes: [:], figures: [:])
      entry.version = version
      entry.status = record["status"]?.string ?? entry.status
      entry.hashes[version] = record["sha256"]?.string
      if case .object(let figures)? = record["figures"] {
        entry.figures = figures.compactMapValues(\.number)
      }
      entry.derived = DerivedState(record["derived"])
      let assessed = record["assessed"] ?? batch
      entry.assessedOn = assessed?["as_of"]?.string
      entry.thresholds = assessed?["thresholds"]?.string
      expected[id] = entry
    }
    switch action {
    case "add", "update", "reassess":
      if let runID { apply(runID, change) }
    case "import":
      for record in change["runs"]?.array ?? [] {
        if let id = record["id"]?.string { apply(id, record, assessed: change["assessed"]) }
      }
    case "status":
      if let runID, let status = change["status"]?.string { expected[runID]?.status = status }
    case "progress", "progress-retract":
      guard let runID, let at = change["at"]?.string else { break }
      let key = progressKey(at: at, tokens: change["tokens"]?.number, gpuHours: change["gpu_hours"]?.number)
      if action == "progress" {
        expected[runID]?.progress.append(key)
        if let derived = DerivedState(change["derived"]) { expected[runID]?.derived = derived }
      } else if let index = expected[runID]?.progress.firstIndex(of: key) {
        expected[runID]?.progress.remove(at: index)
      }
    case "obligation-done":
      if let id = change["obligation_row"]?.number { done[Int64(id)] = ExpectedDone(evidence: change["evidence"]?.string, actor: actor) }
      if let runID, let derived = DerivedState(change["derived"]) { expected[runID]?.derived = derived }
    default:
      break
    }
  }

  static func compareTables(_ db: any SQLConnection, expected: [String: ExpectedRun], done: [Int64: ExpectedDone]) throws -> [String] {
    var problems: [String] = []
    var seen = Set<String>()
    let obligationDigests = try Self.obligationDigests(db)
    try db.scan("SELECT * FROM runs ORDER BY id") { row in
      let id: String = row["id"]
      seen.insert(id)
      guard let want = expected[id] else {
        problems.append("run \(id) has no audit entry: it was inserted outside FlopWatch")
        return
      }
      if (row["status"] as String) != want.status { problems.append("run \(id): status \(row["status"] as String) differs from the audit log (\(want.status))") }
      if (row["version"] as Int) != want.version { problems.append("run \(id): version differs from the audit log") }
      for (column, value) in want.figures.sorted(by: { $0.key < $1.key }) where (row[column] as Double?) != value {
        problems.append("run \(id): \(column) is \((row[column] as Double?).map { "\($0)" } ?? "null") but the audit log recorded \(value)")
      }
      if let derived = want.derived {
        if DerivedState.sha256(row["statuses"] as String) != derived.statuses {
          problems.append("run \(id): its rule statuses differ from what the audit log recorded (edited outside FlopWatch)")
        }
        if (obligationDigests[id] ?? DerivedState.Digest().finish()) != derived.obligations {
          problems.append(
            "run \(id): its obligations differ from what the audit log recorded (a row deleted or added, or a due date, status or text changed outside FlopWatch)")
        }
      }
    }
    for id in obligationDigests.keys where !seen.contains(id) {
      problems.append("obligations of run \(id), which is not in the registry, were inserted outside FlopWatch")
    }
    for id in expected.keys where !seen.contains(id) {
      problems.append("run \(id) is in the audit log but missing from the registry: it was deleted outside FlopWatch")
    }
    try db.scan("SELECT run_id, version, document, sha256 FROM run_versions") { row in
      let id: String = row["run_id"]
      let version: Int = row["version"]
      let document: String = row["document"]
      let stored: String = row["sha256"]
      if FileDigest.sha256(document) != stored || expected[id]?.hashes[version] != stored {
        problems.append("run \(id) version \(version): the document was changed outside FlopWatch")
      }
    }
    // Progress rows: the same points, value for value, as the log recorded (none edited, added or deleted).
    var progressRows: [String: [String]] = [:]
    try db.scan("SELECT run_id, at, tokens, gpu_hours FROM progress") { row in
      progressRows[row["run_id"], default: []].append(progressKey(at: row["at"], tokens: row["tokens"], gpuHours: row["gpu_hours"]))
    }
    for id in Set(progressRows.keys).union(expected.filter { !$0.value.progress.isEmpty }.map(\.key)).sorted()
    where (progressRows[id] ?? []).sorted() != (expected[id]?.progress ?? []).sorted() {
      problems.append("run \(id): progress records differ from the audit log (edited, added or deleted outside FlopWatch)")
    }
    // Obligations marked done: the same rows, with the evidence and the actor the log recorded.
    let doneRows = try db.all("SELECT id, evidence, done_by FROM obligations WHERE status = 'done'")
    let doneIDs = Set(doneRows.map { $0["id"] as Int64 })
    if doneIDs != Set(done.keys) {
      problems.append("obligations marked done differ from the audit log (\(doneIDs.symmetricDifference(Set(done.keys)).sorted().map(String.init).joined(separator: ", ")))")
    }
    for row in doneRows {
      let id: Int64 = row["id"]
      guard let want = done[id] else { continue }
      if (row["evidence"] as String?) != want.evidence || (row["done_by"] as String?) != want.actor {
        problems.append("obligation \(id): its evidence or who marked it done differs from the audit log (forged outside FlopWatch)")
      }
    }
    problems += try compareDocumentColumns(db)
    return problems
  }

  /// Each run's obligation digest as `DerivedState.read` works it out, in one pass over the table
  /// in its unique index's order.
  static func obligationDigests(_ db: any SQLConnection) throws -> [String: String] {
    var digests: [String: String] = [:]
    var current: String?
    var digest = DerivedState.Digest()
    let columns = DerivedState.obligationColumns.joined(separator: ", ")
    try db.scan("SELECT run_id, \(columns) FROM obligations ORDER BY run_id, regime, rule, obligation") { row in
      let runID: String = row["run_id"]
      if runID != current {
        if let current { digests[current] = digest.finish() }
        current = runID
        digest = DerivedState.Digest()
      }
      digest.add(row, offset: 1)
    }
    if let current { digests[current] = digest.finish() }
    return digests
  }

  /// The columns copied from a run's current document (name, developer, dates, base run) must
  /// still say what that document, whose hash the log vouches for, says.
  static func compareDocumentColumns(_ db: any SQLConnection) throws -> [String] {
    var problems: [String] = []
    try db.scan("""
      SELECT runs.id, runs.name, runs.developer, runs.start_date, runs.end_date, runs.base_run, runs.base_name, run_versions.document
      FROM runs JOIN run_versions ON run_versions.run_id = runs.id AND run_versions.version = runs.version
      """) { row in
      let id: String = row["id"]
      let text: String = row["document"]
      guard let document = try? (text.first == "{" ? RunFileParser.parseLine(text, file: "registry:\(id)") : RunFileParser.parse(text, file: "registry:\(id)"))
      else {
        problems.append("run \(id): its current document no longer parses")
        return
      }
      let run = document.run
      let want: [(String, String?)] = [
        ("name", run.name), ("developer", run.developer?.name), ("start_date", run.schedule?.start?.description),
        ("end_date", run.schedule?.end?.description), ("base_run", run.baseModel?.run), ("base_name", run.baseModel?.name),
      ]
      for (column, value) in want where (row[column] as String?) != value {
        problems.append("run \(id): \(column) differs from its document (edited outside FlopWatch)")
      }
    }
    return problems
  }
}
