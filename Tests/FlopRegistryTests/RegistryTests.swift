import FlopCore
import FlopEngine
import FlopRegistry
import Foundation
import FlopTestSupport
import Testing

@Suite struct RegistryTests {
  @Test func fileIsOwnerOnly() throws {
    let fixture = try RegistryFixture()
    defer { fixture.remove() }
    let attributes = try FileManager.default.attributesOfItem(atPath: fixture.registry.path)
    #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
  }

  @Test(arguments: StorageBackend.available) func duplicateIdIsRefusedAndNothingIsLost(backend: StorageBackend) throws {
    let fixture = try RegistryFixture(backend: backend)
    defer { fixture.remove() }
    try fixture.add(RegistryFixture.run(id: "a", params: "7B", tokens: "2T"))
    #expect(throws: RegistryError.self) { try fixture.add(RegistryFixture.run(id: "a", params: "70B", tokens: "2T")) }
    let runs = try fixture.registry.list(RunFilter())
    #expect(runs.count == 1)
    #expect(runs[0].flop.central == 6 * 7e9 * 2e12)
    #expect(try fixture.registry.verify().ok)
  }

  @Test(arguments: StorageBackend.available) func lineageSumsCompute(backend: StorageBackend) throws {
    let fixture = try RegistryFixture(backend: backend)
    defer { fixture.remove() }
    try fixture.add(RegistryFixture.run(id: "root", params: "10B", tokens: "1T"))
    try fixture.add(RegistryFixture.run(id: "child", params: "10B", tokens: "100B", base: "root"))
    try fixture.add(RegistryFixture.run(id: "grandchild", params: "10B", tokens: "10B", base: "child"))
    try fixture.add(RegistryFixture.run(id: "sibling", params: "10B", tokens: "50B", base: "root"))
    let root = 6 * 10e9 * 1e12, child = 6 * 10e9 * 100e9, grandchild = 6 * 10e9 * 10e9, sibling = 6 * 10e9 * 50e9
    let down = try fixture.registry.lineage("root")
    #expect(down.ancestors.isEmpty)
    #expect(down.tree.children.map(\.id) == ["child", "sibling"])
    let childNode = try #require(down.tree.children.first)
    #expect(abs(childNode.cumulativeFlop - (root + child)) / (root + child) < 1e-12)
    #expect(abs((childNode.children.first?.cumulativeFlop ?? 0) - (root + child + grandchild)) / root < 1e-12)
    let up = try fixture.registry.lineage("grandchild")
    #expect(up.ancestors.map(\.id) == ["root", "child"])
    #expect(abs(up.tree.cumulativeFlop - (root + child + grandchild)) / root < 1e-12)
    // The stored cumulative figure used the registered base's compute too.
    let stored = try fixture.registry.show("grandchild").summary.cumulativeFlop.central
    #expect(abs(stored - (root + child + grandchild)) / root < 1e-12)
    #expect(abs(try fixture.registry.lineage("sibling").tree.cumulativeFlop - (root + sibling)) / root < 1e-12)
  }

  @Test(arguments: StorageBackend.available) func listFiltersCombine(backend: StorageBackend) throws {
    let fixture = try RegistryFixture(backend: backend)
    defer { fixture.remove() }
    try fixture.add(RegistryFixture.run(id: "big", params: "405B", tokens: "15T"))
    try fixture.add(RegistryFixture.run(id: "mid", params: "70B", tokens: "2T", start: "2025-06-01"))
    try fixture.add(RegistryFixture.run(id: "small", params: "1B", tokens: "100B", markets: "[US-CA]"))
    var filter = RunFilter()
    filter.minFLOP = 1e25
    #expect(try fixture.registry.list(filter).map(\.id) == ["big"])
    filter = RunFilter()
    filter.rule = ("eu-ai-act/gpai-indicative", "met")
    #expect(try fixture.registry.list(filter).map(\.id) == ["big", "mid"])
    filter.since = "2026-01-01"
    #expect(try fixture.registry.list(filter).map(\.id) == ["big"])
    filter = RunFilter()
    filter.rule = ("systemic-risk-presumption", "not-met")
    filter.search = "mi"
    #expect(try fixture.registry.list(filter).map(\.id) == ["mid"])
    filter = RunFilter()
    filter.sort = .flop
    filter.descending = true
    filter.limit = 2
    #expect(try fixture.registry.list(filter).map(\.id) == ["big", "mid"])
  }

  @Test(arguments: StorageBackend.available) func obligationsAreRecordedAndCompletedWithEvidence(backend: StorageBackend) throws {
    let fixture = try RegistryFixture(backend: backend)
    defer { fixture.remove() }
    try fixture.add(RegistryFixture.run(id: "big", params: "405B", tokens: "15T"))
    let overdue = try fixture.registry.obligations(overdueAsOf: "2026-11-26")
    #expect(overdue.map(\.path) == ["eu-ai-act/systemic-risk-presumption/art52-notification"])
    #expect(overdue.first?.due == "2026-01-19")
    #expect(try fixture.registry.obligations(dueBefore: "2026-01-01").isEmpty)
    #expect(throws: RegistryError.self) {
      try fixture.registry.completeObligation(runID: "big", reference: "nope", evidence: "x", actor: "t")
    }
    #expect(throws: RegistryError.self) {
      try fixture.registry.completeObligation(runID: "big", reference: "art52-notification", evidence: "  ", actor: "t")
    }
    let done = try fixture.registry.completeObligation(
      runID: "big", reference: "art52-notification", evidence: "AI Office receipt 2026-0113", actor: "compliance")
    #expect(done.status == "done" && done.doneBy == "compliance")
    #expect(try fixture.registry.obligations(overdueAsOf: "2026-11-26").isEmpty)
    #expect(throws: RegistryError.self) {
      try fixture.registry.completeObligation(runID: "big", reference: "art52-notification", evidence: "again", actor: "t")
    }
    #expect(try fixture.registry.verify().ok)
  }

  @Test(arguments: StorageBackend.available) func statusChangesAndUpdatesKeepHistory(backend: StorageBackend) throws {
    let fixture = try RegistryFixture(backend: backend)
    defer { fixture.remove() }
    try fixture.add(RegistryFixture.run(id: "a", params: "7B", tokens: "2T"))
    try fixture.registry.setStatus("a", .completed, actor: "ops")
    try fixture.registry.update(try fixture.assess(RegistryFixture.run(id: "a", params: "7B", tokens: "3T")), actor: "ops")
    let stored = try fixture.registry.show("a")
    #expect(stored.versions.count == 2)
    #expect(stored.summary.version == 2)
    #expect(stored.summary.flop.central == 6 * 7e9 * 3e12)
    #expect(try fixture.registry.auditLog(runID: "a").map(\.action) == ["add", "status", "update"])
    #expect(try fixture.registry.verify().ok)
  }
}

@Suite struct StatusesColumnTests {
  @Test(arguments: StorageBackend.available) func listReadsTheStatusesWritten(backend: StorageBackend) throws {
    let fixture = try RegistryFixture(backend: backend)
    defer { fixture.remove() }
    try fixture.add(RegistryFixture.run(id: "big", params: "405B", tokens: "15T"))
    let statuses = try fixture.registry.list(RunFilter())[0].statuses
    #expect(statuses["eu-ai-act/systemic-risk-presumption"] == "met")
    #expect(statuses.count == 19)
  }

  @Test(arguments: StorageBackend.available) func aHandEditedColumnStillReads(backend: StorageBackend) throws {
    let fixture = try RegistryFixture(backend: backend)
    defer { fixture.remove() }
    try fixture.add(RegistryFixture.run(id: "a", params: "7B", tokens: "2T"))
    try fixture.tamper(#"UPDATE runs SET statuses = '{ "x/y" : "met" }'"#)
    #expect(try fixture.registry.list(RunFilter())[0].statuses == ["x/y": "met"])
  }
}
