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
    let results = try grouped.registry.recordProgress(batch: reports("worker"), assessor: grouped.assessor)
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
}
