import FlopCore
import FlopEngine
import FlopRegistry
import Foundation
import FlopTestSupport
import Testing

/// Group commit: reports written in one transaction end as they would one by one, and a refused
/// report is answered with its own error while the others are recorded.
@Suite struct BatchProgressTests {
  @Test(arguments: StorageBackend.available) func aGroupEndsAsOneByOneAndARefusalStaysItsOwn(backend: StorageBackend) throws {
    let points: [(String, Double)] = [("2026-11-04", 1e12), ("2026-11-10", 3e12), ("2026-11-10", 3.5e12), ("2026-11-20", 7e12), ("2026-11-16", 9e12)]
    func reports(_ actor: String) -> [ProgressReport] {
      points.map { ProgressReport(runID: "clock", at: Registry.parseTime($0.0)!, tokens: $0.1, gpuHours: nil, actor: actor) }
    }
    // One by one.
    let single = try RegistryFixture(asOf: "2026-11-28", backend: backend)
    defer { single.remove() }
    try single.add(NotificationClockTests.run)
    var expected: [Bool] = []
    for report in reports("worker") {
      expected.append((try? single.registry.recordProgress(
        report.runID, at: report.at, tokens: report.tokens, gpuHours: nil, actor: report.actor, assessor: single.assessor)) != nil)
    }
    // As one group.
    let grouped = try RegistryFixture(asOf: "2026-11-28", backend: backend)
    defer { grouped.remove() }
    try grouped.add(NotificationClockTests.run)
    var cache = ProgressCache()
    let results = try grouped.registry.recordProgress(batch: reports("worker"), assessor: grouped.assessor, cache: &cache)
    let succeeded = results.map { if case .success = $0 { true } else { false } }
    // The same time with another figure (3.5e12 on the 10th), and a point above a later one
    // (9e12 on the 16th, more than the 20th's 7e12): each refused alone.
    #expect(succeeded == expected)
    #expect(succeeded.contains(false) && succeeded.contains(true))
    if case .failure(let error) = results[2] { #expect("\(error)".contains("already recorded")) } else { Issue.record("the conflicting point was recorded") }
    #expect(try grouped.registry.show("clock").progress.map(\.at) == single.registry.show("clock").progress.map(\.at))
    #expect(try grouped.registry.obligations(includeClosed: true).map { "\($0.path) \($0.due ?? "-")" }
      == single.registry.obligations(includeClosed: true).map { "\($0.path) \($0.due ?? "-")" })
    #expect(try grouped.registry.verify().ok)
  }

  /// Everything progress writes, in a form two registries can be compared by: points, every
  /// obligation column but the row number, and each audit entry's action, run and change
  /// (which holds the derived-state digests).
  static func written(_ fixture: RegistryFixture, runs: [String]) throws -> [String] {
    let points = try runs.flatMap { id in try fixture.registry.show(id).progress.map { "\(id) \($0.at) \($0.tokens ?? -1)" } }
    let obligations = try fixture.registry.obligations(includeClosed: true).map {
      [$0.runID, $0.path, $0.title, $0.citation ?? "-", $0.due ?? "-", $0.basis, "\($0.conditional)", $0.status]
        .joined(separator: " | ")
    }
    let audit = try fixture.registry.auditLog().map { "\($0.action) \($0.actor) \($0.runID ?? "-") \($0.change.canonical)" }
    return points + obligations + audit
  }

  static let other = RegistryFixture.run(id: "other", params: "70B", tokens: "15T", start: "2026-11-01", end: "2026-12-31")

  /// Two runs' interleaved reports (repeats, a conflict, a point below an earlier one, a point
  /// that crosses 10^25 and one whose forecast falls back) in groups of 1 to 5 through one cache,
  /// or through a new cache for each group, as after a restart (the stored obligations are read
  /// and left alone when the report would write them back as they are).
  @Test(arguments: StorageBackend.available, [true, false])
  func groupsThroughTheCacheEndAsOneByOne(backend: StorageBackend, keepCache: Bool) throws {
    let plan: [(String, String, Double)] = [
      ("clock", "2026-11-02", 2e11), ("other", "2026-11-02", 1e11), ("clock", "2026-11-04", 1e12), ("clock", "2026-11-04", 1e12),
      ("other", "2026-11-06", 5e11), ("clock", "2026-11-10", 3e12), ("clock", "2026-11-10", 3.5e12), ("other", "2026-11-09", 2e11),
      ("other", "2026-11-12", 4e12), ("clock", "2026-11-16", 3.2e12), ("clock", "2026-11-20", 3.4e12), ("other", "2026-11-20", 9e12),
      ("clock", "2026-11-18", 3.6e12), ("other", "2026-11-25", 9.5e12), ("clock", "2026-11-27", 12e12), ("other", "2026-11-27", 9.5e12),
    ]
    let reports = plan.map { ProgressReport(runID: $0.0, at: Registry.parseTime($0.1)!, tokens: $0.2, gpuHours: nil, actor: "worker") }
    let single = try RegistryFixture(asOf: "2026-11-28", backend: backend)
    defer { single.remove() }
    let grouped = try RegistryFixture(asOf: "2026-11-28", backend: backend)
    defer { grouped.remove() }
    for fixture in [single, grouped] {
      try fixture.add(NotificationClockTests.run)
      try fixture.add(Self.other)
    }
    var expected: [Bool] = []
    var expectedForecasts: [String] = []
    for report in reports {
      let forecast = try? single.registry.recordProgress(
        report.runID, at: report.at, tokens: report.tokens, gpuHours: nil, actor: report.actor, assessor: single.assessor)
      expected.append(forecast != nil)
      if let forecast { expectedForecasts.append(try JSONOutput.encode(forecast)) }
    }
    var cache = ProgressCache()
    var succeeded: [Bool] = []
    var forecasts: [String] = []
    var start = 0
    for size in [1, 4, 2, 5, 3, 1] {
      let group = Array(reports[start..<min(start + size, reports.count)])
      start += size
      if !keepCache { cache = ProgressCache() }
      for result in try grouped.registry.recordProgress(batch: group, assessor: grouped.assessor, cache: &cache) {
        if case .success(let forecast) = result {
          succeeded.append(true)
          forecasts.append(try JSONOutput.encode(forecast))
        } else {
          succeeded.append(false)
        }
      }
    }
    #expect(start >= reports.count)
    #expect(succeeded == expected)
    // Each answer too: the forecast a group gives (from the cached series) is the one-by-one one.
    #expect(forecasts == expectedForecasts)
    #expect(expected.filter { !$0 }.count >= 3)
    #expect(cache.count == (keepCache ? 2 : 1))
    let obligations = try single.registry.obligations(includeClosed: true)
    #expect(obligations.contains { $0.basis.contains("progress forecast first showed") }, "no forecast crossed a threshold: the test would not see obligations move")
    #expect(try Self.written(grouped, runs: ["clock", "other"]) == Self.written(single, runs: ["clock", "other"]))
    #expect(try grouped.registry.verify().ok)
  }

  /// A write by another handle between two groups (another server, the command line) is seen:
  /// the cache is dropped, the point it recorded is checked against, and the chain stays linked.
  @Test(arguments: StorageBackend.available) func anotherWriterBetweenGroupsIsSeen(backend: StorageBackend) throws {
    let fixture = try RegistryFixture(asOf: "2026-11-28", backend: backend)
    defer { fixture.remove() }
    try fixture.add(NotificationClockTests.run)
    func report(_ at: String, _ tokens: Double) -> ProgressReport {
      ProgressReport(runID: "clock", at: Registry.parseTime(at)!, tokens: tokens, gpuHours: nil, actor: "worker")
    }
    var cache = ProgressCache()
    _ = try fixture.registry.recordProgress(batch: [report("2026-11-04", 1e12)], assessor: fixture.assessor, cache: &cache)
    let otherHandle = try Registry(location: try RegistryLocation(fixture.location), create: false)
    _ = try otherHandle.recordProgress("clock", at: Registry.parseTime("2026-11-10")!, tokens: 3e12, gpuHours: nil, actor: "cli", assessor: fixture.assessor)
    let results = try fixture.registry.recordProgress(
      batch: [report("2026-11-08", 4e12), report("2026-11-12", 5e12)], assessor: fixture.assessor, cache: &cache)
    if case .failure(let error) = results[0] {
      #expect("\(error)".contains("more than the 3.00e12 recorded later"))
    } else {
      Issue.record("a point above the other writer's later one was accepted")
    }
    if case .failure(let error) = results[1] { Issue.record("refused: \(error)") }
    #expect(try fixture.registry.show("clock").progress.map(\.at) == ["2026-11-04T00:00:00Z", "2026-11-10T00:00:00Z", "2026-11-12T00:00:00Z"])
    #expect(try fixture.registry.verify().ok)
  }

  /// A writer that holds the writers' lock and appends while the one-statement append waits for
  /// the lock: the statement saw the old head, so its entry's number collides; nothing of it is
  /// written, it answers nil (the caller redoes the group), and the chain stays whole.
  @Test(arguments: StorageBackend.available) func aWriterThatAppendsWhileTheStatementWaitsWins(backend: StorageBackend) throws {
    let fixture = try RegistryFixture(asOf: "2026-11-28", backend: backend)
    defer { fixture.remove() }
    try fixture.add(NotificationClockTests.run)
    let head = try fixture.registry.auditHead()
    let other = try Registry(location: try RegistryLocation(fixture.location), create: false)
    let holding = DispatchSemaphore(value: 0)
    let writer = Thread {
      _ = try? other.write { tx in
        try tx.insertProgress(runID: "clock", at: "2026-11-05T00:00:00Z", tokens: 2e12, gpuHours: nil, recordedAt: "2026-11-28T00:00:00Z")
        try tx.appendAudit(action: "progress", actor: "other", at: "2026-11-28T00:00:00Z", runID: "clock", change: ["at": .string("2026-11-05T00:00:00Z")])
        holding.signal()
        Thread.sleep(forTimeInterval: 0.5)
      }
    }
    writer.start()
    holding.wait()
    let derived = try fixture.registry.read { tx in try tx.derivedState(of: "clock") }
    let point = ProgressPoint(at: "2026-11-06T00:00:00Z", tokens: 3e12, gpuHours: nil)
    let draft = AuditDraft(action: "progress", actor: "fast", at: "2026-11-28T00:00:00Z", runID: "clock", change: ["at": .string(point.at)], derived: derived)
    let written = try fixture.registry.appendProgress([("clock", point)], audits: [draft], after: head, recordedAt: "2026-11-28T00:00:00Z")
    #expect(written == nil)
    #expect(try fixture.registry.show("clock").progress.map(\.at) == ["2026-11-05T00:00:00Z"])
    #expect(try fixture.registry.auditLog().map(\.actor).last == "other")
    #expect(try fixture.registry.verify().entries == head.seq + 1)
  }

  /// A group worked out against the cache its predecessor will leave (as the server does while
  /// the predecessor lands) never lands when the predecessor did not: its expected head is one the
  /// chain never reached. Worked out again against the cache the redo leaves, it lands.
  @Test(arguments: StorageBackend.available) func aGroupWorkedOutAheadDoesNotLandAfterItsPredecessorFailed(backend: StorageBackend) throws {
    let fixture = try RegistryFixture(asOf: "2026-11-28", backend: backend)
    defer { fixture.remove() }
    // Slow progress on a run planned below 10^25: no point moves its obligations, so each group
    // can be worked out in memory.
    try fixture.add(Self.other)
    func report(_ at: String, _ tokens: Double) -> ProgressReport {
      ProgressReport(runID: "other", at: Registry.parseTime(at)!, tokens: tokens, gpuHours: nil, actor: "worker")
    }
    func prepare(_ report: ProgressReport, _ cache: ProgressCache) -> PreparedProgress? {
      Registry.prepareProgress(batch: [report], assessor: fixture.assessor, cache: cache)
    }
    var cache = ProgressCache()
    _ = try fixture.registry.recordProgress(batch: [report("2026-11-04", 1e11)], assessor: fixture.assessor, cache: &cache)
    guard let first = prepare(report("2026-11-05", 1.2e11), cache), let second = prepare(report("2026-11-06", 1.4e11), first.cache) else {
      Issue.record("the groups could not be worked out in memory")
      return
    }
    // Another writer appends before the first lands.
    _ = try fixture.registry.recordProgress("other", at: Registry.parseTime("2026-11-05T12:00:00Z")!, tokens: 1.3e11, gpuHours: nil, actor: "cli", assessor: fixture.assessor)
    #expect(try fixture.registry.land(first) == false)
    #expect(try fixture.registry.land(second) == false)
    // The server's redo: the first in a transaction, where the other writer's later, smaller point refuses it.
    let redone = try fixture.registry.recordProgress(batch: [report("2026-11-05", 1.35e11)], assessor: fixture.assessor, cache: &cache)
    if case .success = redone[0] { Issue.record("a point above the other writer's later one was accepted") }
    guard let again = prepare(report("2026-11-06", 1.4e11), cache) else {
      Issue.record("the next group could not be worked out again")
      return
    }
    #expect(try fixture.registry.land(again))
    #expect(try fixture.registry.show("other").progress.map(\.at) == ["2026-11-04T00:00:00Z", "2026-11-05T12:00:00Z", "2026-11-06T00:00:00Z"])
    #expect(try fixture.registry.verify().ok)
  }
}
