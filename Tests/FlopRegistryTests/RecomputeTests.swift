import Crypto
import FlopCore
import FlopFiles
import FlopRules
import Foundation
import FlopTestSupport
import Testing

@testable import FlopEngine
@testable import FlopRegistry

/// `verify(recompute:)` re-assesses the audited documents, so even an attacker who edits the
/// tables, rewrites the log to match and re-hashes the whole chain is caught (issue 12).
@Suite struct RecomputeTests {
  func populated(_ backend: StorageBackend) throws -> RegistryFixture {
    let fixture = try RegistryFixture(backend: backend)
    try fixture.add(RegistryFixture.run(id: "a", params: "405B", tokens: "15T"))
    try fixture.add(RegistryFixture.run(id: "b", params: "7B", tokens: "2T"))
    try fixture.add(RegistryFixture.run(id: "c", params: "405B", tokens: "1T", base: "a"))
    return fixture
  }

  @Test(arguments: StorageBackend.available) func anUntouchedRegistryRecomputesClean(backend: StorageBackend) throws {
    let fixture = try populated(backend)
    defer { fixture.remove() }
    _ = try fixture.registry.recordProgress(
      "a", at: Registry.parseTime("2026-01-10")!, tokens: 1e12, gpuHours: nil, actor: "job", assessor: fixture.assessor)
    // Re-assessed as of the day each was assessed, not today: a later assessor gives the same answer.
    let later = try RegistryFixture.AssessorLater(fixture, asOf: "2031-06-01")
    let report = try fixture.registry.verify(recompute: later.assessor)
    #expect(report.ok, "\(report.problems)")
    #expect(report.recomputed == 3 && report.notRecomputed == 0 && report.withoutDigests == 0)
  }

  /// An import batch records its assessment day and threshold set once, or per run when they differ.
  @Test(arguments: StorageBackend.available, [false, true])
  func importedRunsRecomputeAsOfTheirDay(backend: StorageBackend, mixed: Bool) throws {
    let fixture = try RegistryFixture(backend: backend)
    defer { fixture.remove() }
    let later = try RegistryFixture.AssessorLater(fixture, asOf: "2027-09-01")
    let rows = try ["p", "q", "r"].enumerated().map { index, id in
      let document = try RunFileParser.parse(RegistryFixture.run(id: id, params: "405B", tokens: "15T"), file: "\(id).yaml")
      return (line: index + 1, row: RunRow(try (mixed && index == 1 ? later.assessor : fixture.assessor).assess(document)))
    }
    #expect(try fixture.registry.importBatch(rows, actor: "t").rejections.isEmpty)
    let report = try fixture.registry.verify(recompute: fixture.assessor)
    #expect(report.ok, "\(report.problems)")
    #expect(report.recomputed == 3 && report.withoutDigests == 0)
    let change = try #require(try fixture.registry.auditLog().last?.change)
    #expect((change["assessed"] == nil) == mixed)
  }

  @Test(arguments: StorageBackend.available) func anotherThresholdSetIsSkippedAndCounted(backend: StorageBackend) throws {
    let fixture = try populated(backend)
    defer { fixture.remove() }
    var other = fixture.assessor
    other.thresholds.regimes.removeLast()
    let report = try fixture.registry.verify(recompute: other)
    #expect(report.ok)
    #expect(report.recomputed == 0 && report.notRecomputed == 3)
  }

  /// Rewrites every audit entry with `transform` and re-hashes the chain from the start, as an
  /// attacker with write access to the file (and FlopWatch's source) could.
  func forgeChain(_ fixture: RegistryFixture, transform: (String, JSONValue) throws -> JSONValue) throws {
    // Read with the database's own client, as the attacker would (FlopWatch would refuse nothing here).
    let output = try fixture.tamper(
      fixture.backend == .sqlite
        ? "SELECT json_group_array(json_object('seq', seq, 'at', at, 'actor', actor, 'action', action, 'run_id', run_id, 'change', change)) FROM (SELECT * FROM audit ORDER BY seq)"
        : "SELECT json_agg(json_build_object('seq', seq, 'at', at, 'actor', actor, 'action', action, 'run_id', run_id, 'change', change) ORDER BY seq) FROM audit")
    let rows = try JSONDecoder().decode([JSONValue].self, from: Data(output.utf8))
    var previous = Registry.genesisHash
    var sql = ""
    for row in rows {
      let seq = Int64(row["seq"]!.number!)
      let change = try transform(row["action"]!.string!, try JSONDecoder().decode(JSONValue.self, from: Data(row["change"]!.string!.utf8)))
      let body = Registry.canonicalBody(
        seq: seq, at: row["at"]!.string!, actor: row["actor"]!.string!, action: row["action"]!.string!,
        runID: row["run_id"]?.string, change: change)
      let hash = Registry.chainHash(previous: previous, body: body)
      let quoted = change.canonical.replacingOccurrences(of: "'", with: "''")
      sql += "UPDATE audit SET change = '\(quoted)', prev_hash = '\(previous)', hash = '\(hash)' WHERE seq = \(seq);\n"
      previous = hash
    }
    try fixture.tamper(sql)
  }

  /// Replaces run `id`'s recorded digests with what its rows now hold.
  func matchDigests(_ fixture: RegistryFixture, id: String) throws {
    let state = try fixture.registry.store.read { db in try DerivedState.read(db, runID: id)! }
    try forgeChain(fixture) { action, change in
      guard case .object(var object) = change, object["id"]?.string == id, object["derived"] != nil else { return change }
      object["derived"] = state.json
      return .object(object)
    }
  }

  @Test(arguments: StorageBackend.available) func aStatusEditWithAForgedChainIsCaught(backend: StorageBackend) throws {
    let fixture = try populated(backend)
    defer { fixture.remove() }
    try fixture.tamper("UPDATE runs SET statuses = replace(statuses, '\"met\"', '\"not-met\"') WHERE id = 'a'")
    try matchDigests(fixture, id: "a")
    // The tables match the forged log, and the chain is sound: only re-assessing shows it.
    #expect(try fixture.registry.verify().ok)
    let report = try fixture.registry.verify(recompute: fixture.assessor)
    #expect(report.problems.contains { $0.contains("run a: its rule statuses are not what re-assessing") }, "\(report.problems)")
  }

  @Test(arguments: StorageBackend.available, [
    ("UPDATE obligations SET due = '2099-12-31' WHERE run_id = 'a' AND due IS NOT NULL", "later than"),
    ("DELETE FROM obligations WHERE run_id = 'a' AND obligation = 'art52-notification'", "is missing or withdrawn"),
    ("UPDATE obligations SET status = 'withdrawn' WHERE run_id = 'a'", "is missing or withdrawn"),
  ])
  func anObligationEditWithAForgedChainIsCaught(backend: StorageBackend, edit: (sql: String, fragment: String)) throws {
    let (sql, fragment) = edit
    let fixture = try populated(backend)
    defer { fixture.remove() }
    try fixture.tamper(sql)
    try matchDigests(fixture, id: "a")
    #expect(try fixture.registry.verify().ok)
    let report = try fixture.registry.verify(recompute: fixture.assessor)
    #expect(report.problems.contains { $0.contains(fragment) }, "\(report.problems)")
  }

  /// A log written before the digests existed still verifies, and says how many runs it leaves unchecked.
  @Test(arguments: StorageBackend.available) func recordsWithoutDigestsAreCounted(backend: StorageBackend) throws {
    let fixture = try populated(backend)
    defer { fixture.remove() }
    try forgeChain(fixture) { _, change in
      guard case .object(var object) = change else { return change }
      object["derived"] = nil
      object["assessed"] = nil
      return .object(object)
    }
    let report = try fixture.registry.verify(recompute: fixture.assessor)
    #expect(report.ok, "\(report.problems)")
    #expect(report.withoutDigests == 3 && report.recomputed == 0 && report.notRecomputed == 3)
    // The next change of a run records them again.
    _ = try fixture.registry.completeObligation(runID: "a", reference: "art52-notification", evidence: "receipt", actor: "c")
    #expect(try fixture.registry.verify().withoutDigests == 2)
  }

  /// A chain rewritten and re-hashed from scratch passes verify; a checkpoint signed before catches it.
  @Test(arguments: StorageBackend.available) func aSignedCheckpointCatchesARehashedChain(backend: StorageBackend) throws {
    let fixture = try populated(backend)
    defer { fixture.remove() }
    let key = Curve25519.Signing.PrivateKey()
    let checkpoint = try fixture.registry.checkpoint(key: key)
    #expect(try fixture.registry.check([("cp", checkpoint)], key: key.publicKey).isEmpty)
    try fixture.tamper("UPDATE runs SET status = 'cancelled' WHERE id = 'b'")
    try forgeChain(fixture) { action, change in
      guard action == "add", case .object(var object) = change, object["id"]?.string == "b" else { return change }
      object["status"] = .string("cancelled")
      return .object(object)
    }
    #expect(try fixture.registry.verify(recompute: fixture.assessor).ok)
    let problems = try fixture.registry.check([("cp", checkpoint)], key: key.publicKey)
    #expect(problems.first?.contains("the chain was rewritten and re-hashed") == true, "\(problems)")
  }

  @Test(arguments: StorageBackend.available) func aFigureEditWithAForgedChainIsCaught(backend: StorageBackend) throws {
    let fixture = try populated(backend)
    defer { fixture.remove() }
    try fixture.tamper("UPDATE runs SET cumulative_central = 9e24, flop_central = 9e24 WHERE id = 'a'")
    try forgeChain(fixture) { _, change in
      guard case .object(var object) = change, object["id"]?.string == "a", case .object(var figures)? = object["figures"] else { return change }
      figures["cumulative_central"] = .number(9e24)
      figures["flop_central"] = .number(9e24)
      object["figures"] = .object(figures)
      return .object(object)
    }
    #expect(try fixture.registry.verify().ok)
    let report = try fixture.registry.verify(recompute: fixture.assessor)
    #expect(report.problems.contains { $0.contains("run a: flop_central is 9e+24, but re-assessing") }, "\(report.problems)")
  }
}
