import FlopCore
import FlopEngine
import FlopRegistry
import Foundation
import FlopTestSupport
import Testing

/// Several reporters of one job (workers, retried requests) send the same points, out of order and
/// more than once: progress is idempotent by (run, at), so the registry ends as one ordered stream
/// would leave it (issue 14, item 7, on the registry both front doors share).
@Suite struct RepeatedProgressTests {
  static let points: [(String, Double)] = [
    ("2026-11-04", 1e12), ("2026-11-08", 2.4e12), ("2026-11-10", 3e12), ("2026-11-13", 4.2e12),
    ("2026-11-16", 5.5e12), ("2026-11-20", 7e12), ("2026-11-24", 9.4e12), ("2026-11-28", 12e12),
  ]

  struct Outcome: Equatable {
    var forecast: String
    var notificationDue: String?
    var progressRows: String
    var progressEntries: String
  }

  func run(_ backend: StorageBackend, order: [Int]) throws -> Outcome {
    let fixture = try RegistryFixture(asOf: "2026-11-28", backend: backend)
    defer { fixture.remove() }
    try fixture.add(NotificationClockTests.run)
    var last: ProgressForecast?
    for index in order {
      let (at, tokens) = Self.points[index]
      let forecast = try fixture.registry.recordProgress(
        "clock", at: Registry.parseTime(at)!, tokens: tokens, gpuHours: nil, actor: "worker", assessor: fixture.assessor)
      if index == Self.points.count - 1 { last = forecast }
    }
    #expect(try fixture.registry.verify().ok)
    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    return Outcome(
      forecast: String(decoding: try encoder.encode(try #require(last)), as: UTF8.self),
      notificationDue: try fixture.registry.obligations(includeClosed: true).first { $0.path == NotificationClockTests.path }?.due,
      progressRows: try fixture.tamper("SELECT count(*) FROM progress").trimmingCharacters(in: .whitespacesAndNewlines),
      progressEntries: try fixture.tamper("SELECT count(*) FROM audit WHERE action = 'progress'").trimmingCharacters(in: .whitespacesAndNewlines))
  }

  @Test(arguments: StorageBackend.available) func eightReportersOutOfOrderAndRepeatedEndAsOneStream(backend: StorageBackend) throws {
    let ordered = try run(backend, order: Array(0..<8))
    #expect(ordered.notificationDue != nil)
    #expect(ordered.progressRows.hasSuffix("8") && ordered.progressEntries.hasSuffix("8"), "\(ordered)")
    var rng = SplitMix64(state: 20261204)
    for _ in 0..<3 {
      // Each of 8 workers sends every point it saw; they arrive interleaved and repeated. The last
      // point is sent last of all, so its forecast is the final one in both streams.
      var arrivals = (0..<7).flatMap { index in Array(repeating: index, count: 1 + Int(rng.next() % 3)) }
      arrivals.shuffle(using: &rng)
      let repeated = try run(backend, order: arrivals + [7, 7])
      #expect(repeated == ordered, "arrivals \(arrivals)")
    }
  }

  @Test(arguments: StorageBackend.available) func aConflictingReportForTheSameTimeIsRefused(backend: StorageBackend) throws {
    let fixture = try RegistryFixture(asOf: "2026-11-28", backend: backend)
    defer { fixture.remove() }
    try fixture.add(NotificationClockTests.run)
    let at = Registry.parseTime("2026-11-10")!
    _ = try fixture.registry.recordProgress("clock", at: at, tokens: 3e12, gpuHours: nil, actor: "a", assessor: fixture.assessor)
    #expect(throws: RegistryError.self) {
      _ = try fixture.registry.recordProgress("clock", at: at, tokens: 3.5e12, gpuHours: nil, actor: "b", assessor: fixture.assessor)
    }
    do {
      _ = try fixture.registry.recordProgress("clock", at: at, tokens: 3.5e12, gpuHours: nil, actor: "b", assessor: fixture.assessor)
    } catch {
      #expect("\(error)".contains("already recorded as 3.00e12 tokens"), "\(error)")
    }
    #expect(try fixture.tamper("SELECT count(*) FROM progress").trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix("1"))
    #expect(try fixture.registry.verify().ok)
  }
}
