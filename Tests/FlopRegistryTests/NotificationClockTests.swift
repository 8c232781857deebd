import FlopCore
import FlopEngine
import FlopRegistry
import Foundation
import FlopTestSupport
import Testing

/// The EU Art. 52(1) clock runs from the first day it was known the threshold would be met, and
/// the registry keeps that day: later, repeated or out-of-order reports never move it later.
@Suite struct NotificationClockTests {
  func date(_ text: String) -> Date { Registry.parseTime(text)! }
  static let path = "eu-ai-act/systemic-risk-presumption/art52-notification"

  /// 100B dense on 10T tokens (6e24 FLOP, clearly under 10^25), started 2026-11-01, ending 2026-12-31.
  static let run = RegistryFixture.run(id: "clock", params: "100B", tokens: "10T", start: "2026-11-01", end: "2026-12-31")

  func notification(_ fixture: RegistryFixture) throws -> StoredObligation? {
    try fixture.registry.obligations(includeClosed: true).first { $0.path == Self.path }
  }

  func record(_ fixture: RegistryFixture, _ points: [(String, Double)]) throws {
    for (at, tokens) in points {
      _ = try fixture.registry.recordProgress("clock", at: date(at), tokens: tokens, gpuHours: nil, actor: "job", assessor: fixture.assessor)
    }
  }

  @Test(arguments: StorageBackend.available) func laterReportsNeverMoveTheDueDateLater(backend: StorageBackend) throws {
    let fixture = try RegistryFixture(asOf: "2026-11-28", backend: backend)
    defer { fixture.remove() }
    try fixture.add(Self.run)
    #expect(try notification(fixture) == nil)
    // 3T in 9 days: 3.3e11 tokens/day to 2026-12-31 is 2.0e13 tokens, 1.2e25 FLOP.
    try record(fixture, [("2026-11-10", 3e12)])
    #expect(try notification(fixture)?.due == "2026-11-24")
    try record(fixture, [("2026-11-20", 7e12), ("2026-11-28", 12e12)])
    let after = try #require(try notification(fixture))
    #expect(after.due == "2026-11-24")
    #expect(after.status == "open")
    #expect(!after.conditional)
    #expect(after.basis.contains("2026-11-10"))
    #expect(try fixture.registry.verify().ok)
  }

  @Test(arguments: StorageBackend.available) func reportsInAnyOrderGiveTheSameClock(backend: StorageBackend) throws {
    for order in [[0, 1, 2], [2, 1, 0], [1, 2, 0], [0, 0, 1, 2, 2]] {
      let fixture = try RegistryFixture(asOf: "2026-11-28", backend: backend)
      defer { fixture.remove() }
      try fixture.add(Self.run)
      let points = [("2026-11-10", 3e12), ("2026-11-20", 7e12), ("2026-11-28", 12e12)]
      for index in order {
        // A repeated report is the same point again: accepted or refused, it changes no date.
        _ = try? fixture.registry.recordProgress(
          "clock", at: date(points[index].0), tokens: points[index].1, gpuHours: nil, actor: "job", assessor: fixture.assessor)
      }
      #expect(try notification(fixture)?.due == "2026-11-24", "order \(order)")
    }
  }

  @Test(arguments: StorageBackend.available) func aForecastThatFallsBackKeepsTheObligationAsConditional(backend: StorageBackend) throws {
    let fixture = try RegistryFixture(asOf: "2026-11-28", backend: backend)
    defer { fixture.remove() }
    try fixture.add(Self.run)
    try record(fixture, [("2026-11-10", 3e12)])
    #expect(try notification(fixture)?.conditional == false)
    // The job slows down: 3.2T by 2026-11-28 no longer reaches 10^25 by the end date.
    try record(fixture, [("2026-11-28", 3.2e12)])
    let kept = try #require(try notification(fixture))
    #expect(kept.status == "open")
    #expect(kept.conditional)
    #expect(kept.due == "2026-11-24")
    #expect(kept.basis.contains("no longer shows the rule met"))
  }

  @Test(arguments: StorageBackend.available) func aNewVersionCannotRestartTheClock(backend: StorageBackend) throws {
    let fixture = try RegistryFixture(asOf: "2026-11-28", backend: backend)
    defer { fixture.remove() }
    try fixture.add(RegistryFixture.run(id: "clock", params: "405B", tokens: "15.6T", start: "2026-11-01"))
    #expect(try notification(fixture)?.due == "2026-11-15")
    // Re-planned later with a new start: the notification was already known on 2026-11-01.
    let later = try RegistryFixture.AssessorLater(fixture, asOf: "2026-12-20")
    try fixture.registry.update(
      try later.assess(RegistryFixture.run(id: "clock", params: "405B", tokens: "16T", start: "2026-12-10")), actor: "lead")
    #expect(try notification(fixture)?.due == "2026-11-15")
  }

  @Test(arguments: StorageBackend.available) func progressOutsideTheRunIsRefused(backend: StorageBackend) throws {
    let fixture = try RegistryFixture(asOf: "2026-11-28", backend: backend)
    defer { fixture.remove() }
    try fixture.add(Self.run)
    #expect(throws: RegistryError.self) { try record(fixture, [("2026-10-20", 1e12)]) }  // before the start
    #expect(throws: RegistryError.self) { try record(fixture, [("2099-01-01", 1e12)]) }  // in the future
    try record(fixture, [("2026-11-20", 5e12)])
    #expect(throws: RegistryError.self) { try record(fixture, [("2026-11-10", 6e12)]) }  // more, but earlier
    try record(fixture, [("2026-11-10", 2e12)])
    #expect(throws: RegistryError.self) {
      try fixture.registry.retractProgress("clock", at: date("2026-11-11"), actor: "lead", reason: "typo")
    }
    try fixture.registry.retractProgress("clock", at: date("2026-11-10"), actor: "lead", reason: "counted twice")
    #expect(try fixture.registry.show("clock").progress.count == 1)
    #expect(try fixture.registry.verify().ok)
  }
}
