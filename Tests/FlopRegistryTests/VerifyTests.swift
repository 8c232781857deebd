import FlopEngine
import FlopRegistry
import FlopTestSupport
import Testing

/// `verify` must catch changes made to the database file outside FlopWatch.
@Suite struct VerifyTests {
  func populated(_ backend: StorageBackend) throws -> RegistryFixture {
    let fixture = try RegistryFixture(backend: backend)
    try fixture.add(RegistryFixture.run(id: "a", params: "405B", tokens: "15T"))
    try fixture.add(RegistryFixture.run(id: "b", params: "7B", tokens: "2T"))
    try fixture.registry.setStatus("b", .completed, actor: "ops")
    _ = try fixture.registry.completeObligation(runID: "a", reference: "art52-notification", evidence: "ticket", actor: "c")
    #expect(try fixture.registry.verify().ok)
    return fixture
  }

  @Test(arguments: StorageBackend.available, [
    ("UPDATE runs SET cumulative_central = 9e24 WHERE id = 'a'", "cumulative_central"),
    ("UPDATE runs SET status = 'cancelled' WHERE id = 'b'", "status"),
    ("UPDATE run_versions SET document = replace(document, '405B', '40B') WHERE run_id = 'a'", "document was changed"),
    ("UPDATE audit SET actor = 'mallory' WHERE seq = 2", "audit entry 2"),
    ("UPDATE audit SET change = replace(change, 'ticket', 'forged') WHERE seq = 4", "audit entry 4"),
    ("DELETE FROM audit WHERE seq = 2", "entry 2 is missing"),
    ("UPDATE audit SET seq = -2 WHERE seq = 2; UPDATE audit SET seq = 2 WHERE seq = 3; UPDATE audit SET seq = 3 WHERE seq = -2", "audit entry 2"),
    ("DELETE FROM runs WHERE id = 'b'", "missing from the registry"),
    ("INSERT INTO runs SELECT 'c', name, status, developer, start_date, end_date, flop_central, flop_low, flop_high, cumulative_central, cumulative_low, cumulative_high, method, base_run, base_name, base_flop, statuses, version, created_at, updated_at FROM runs WHERE id = 'b'", "inserted outside"),
    ("UPDATE obligations SET status = 'done', evidence = 'x' WHERE status = 'open'", "obligations marked done"),
    // Issue 12: columns and rows the log vouches for only indirectly.
    ("UPDATE obligations SET evidence = 'forged receipt' WHERE status = 'done'", "evidence or who marked it done"),
    ("UPDATE obligations SET done_by = 'mallory' WHERE status = 'done'", "evidence or who marked it done"),
    ("UPDATE progress SET tokens = 1 WHERE run_id = 'a'", "progress records differ"),
    ("UPDATE progress SET at = '2026-01-06T00:00:00Z' WHERE run_id = 'a'", "progress records differ"),
    ("DELETE FROM progress WHERE run_id = 'a'", "progress records differ"),
    ("UPDATE runs SET developer = 'Someone Else' WHERE id = 'a'", "developer differs from its document"),
    ("UPDATE runs SET name = 'renamed' WHERE id = 'a'", "name differs from its document"),
    ("UPDATE runs SET start_date = '2030-01-01' WHERE id = 'a'", "start_date differs from its document"),
    ("UPDATE runs SET base_run = 'b' WHERE id = 'a'", "base_run differs from its document"),
    // Issue 12: what the registry derives (rule statuses, obligations, due dates) against the digests the log recorded.
    ("UPDATE runs SET statuses = replace(statuses, '\"met\"', '\"not-met\"') WHERE id = 'a'", "rule statuses differ"),
    ("DELETE FROM obligations WHERE run_id = 'a' AND status = 'open' AND id = (SELECT max(id) FROM obligations WHERE run_id = 'a')", "obligations differ"),
    ("UPDATE obligations SET due = '2099-12-31' WHERE run_id = 'a' AND status = 'open'", "obligations differ"),
    ("UPDATE obligations SET conditional = 1 - conditional WHERE run_id = 'a'", "obligations differ"),
    ("UPDATE obligations SET status = 'withdrawn' WHERE run_id = 'a' AND status = 'open'", "obligations differ"),
    ("UPDATE obligations SET known_on = '2030-01-01' WHERE run_id = 'a' AND known_on IS NOT NULL", "obligations differ"),
    ("UPDATE obligations SET done_at = '2020-01-01T00:00:00Z' WHERE status = 'done'", "obligations differ"),
    ("INSERT INTO obligations (run_id, regime, rule, obligation, title, due, basis, conditional) VALUES ('ghost', 'eu-ai-act', 'x', 'y', 'z', NULL, 'b', 0)", "not in the registry"),
  ])
  func detectsTampering(backend: StorageBackend, edit: (sql: String, fragment: String)) throws {
    let (sql, fragment) = edit
    let fixture = try populated(backend)
    _ = try fixture.registry.recordProgress(
      "a", at: Registry.parseTime("2026-01-10")!, tokens: 1e12, gpuHours: nil, actor: "job", assessor: fixture.assessor)
    #expect(try fixture.registry.verify().ok)
    defer { fixture.remove() }
    try fixture.tamper(sql)
    let report = try fixture.registry.verify()
    #expect(!report.ok)
    #expect(report.problems.contains { $0.contains(fragment) }, "\(report.problems)")
  }

  /// Every obligation-changing write records the digests: done, progress, a new version and the
  /// re-assessment of a descendant all leave a registry that verifies, and an edit after each is caught.
  @Test(arguments: StorageBackend.available) func digestsFollowEveryWrite(backend: StorageBackend) throws {
    let fixture = try RegistryFixture(backend: backend)
    defer { fixture.remove() }
    try fixture.add(RegistryFixture.run(id: "base", params: "70B", tokens: "15T"))
    try fixture.add(RegistryFixture.run(id: "child", params: "70B", tokens: "1T", base: "base"))
    #expect(try fixture.registry.verify().ok)
    // A bigger base: the child is re-assessed, its statuses and obligations rewritten.
    let reassessed = try fixture.registry.update(
      try fixture.assess(RegistryFixture.run(id: "base", params: "405B", tokens: "15T")), actor: "t", assessor: fixture.assessor)
    #expect(reassessed == ["child"])
    _ = try fixture.registry.recordProgress(
      "base", at: Registry.parseTime("2026-01-10")!, tokens: 1e12, gpuHours: nil, actor: "job", assessor: fixture.assessor)
    let before = try fixture.registry.verify()
    #expect(before.ok, "\(before.problems)")
    try fixture.tamper("UPDATE obligations SET due = '2099-12-31' WHERE run_id = 'child' AND due IS NOT NULL")
    let report = try fixture.registry.verify()
    #expect(report.problems.contains { $0.contains("run child: its obligations differ") }, "\(report.problems)")
  }

  /// A descendant re-assessed after its status was changed keeps that status, and verify agrees
  /// (the re-assessment's record used to carry the document's status).
  @Test(arguments: StorageBackend.available) func reassessingKeepsAStatusSetByHand(backend: StorageBackend) throws {
    let fixture = try RegistryFixture(backend: backend)
    defer { fixture.remove() }
    try fixture.add(RegistryFixture.run(id: "base", params: "70B", tokens: "15T"))
    try fixture.add(RegistryFixture.run(id: "child", params: "70B", tokens: "1T", base: "base"))
    try fixture.registry.setStatus("child", .completed, actor: "ops")
    let reassessed = try fixture.registry.update(
      try fixture.assess(RegistryFixture.run(id: "base", params: "405B", tokens: "15T")), actor: "t", assessor: fixture.assessor)
    #expect(reassessed == ["child"])
    let report = try fixture.registry.verify()
    #expect(report.ok, "\(report.problems)")
    #expect(try fixture.registry.show("child").summary.status == "completed")
  }

  @Test(arguments: StorageBackend.available) func deletingTheLastEntryIsCaughtByTheTables(backend: StorageBackend) throws {
    let fixture = try populated(backend)
    defer { fixture.remove() }
    try fixture.tamper("DELETE FROM audit WHERE seq = (SELECT max(seq) FROM audit)")
    #expect(!(try fixture.registry.verify().ok))
  }

  /// Removing the log's last entries together with their rows passes a plain verify; a head kept
  /// outside the database catches it (issue 12).
  @Test(arguments: StorageBackend.available) func aRecordedHeadCatchesTruncation(backend: StorageBackend) throws {
    let fixture = try populated(backend)
    defer { fixture.remove() }
    try fixture.add(RegistryFixture.run(id: "c", params: "7B", tokens: "1T"))
    let recorded = try fixture.registry.verify()
    #expect(recorded.ok && recorded.head.count == 64)
    // The registry may grow after the head was recorded.
    try fixture.add(RegistryFixture.run(id: "d", params: "7B", tokens: "1T"))
    #expect(try fixture.registry.verify(expectHead: recorded.head).ok)
    // Remove runs c and d with their audit entries: the tables match the shortened log.
    try fixture.tamper("DELETE FROM obligations WHERE run_id IN ('c', 'd'); DELETE FROM run_versions WHERE run_id IN ('c', 'd'); DELETE FROM runs WHERE id IN ('c', 'd'); DELETE FROM audit WHERE run_id IN ('c', 'd')")
    #expect(try fixture.registry.verify().ok)
    let anchored = try fixture.registry.verify(expectHead: recorded.head)
    #expect(!anchored.ok)
    #expect(anchored.problems.first?.contains("no longer contains the head you recorded") == true, "\(anchored.problems)")
  }
}
