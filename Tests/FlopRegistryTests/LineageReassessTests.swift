import FlopCore
import FlopFiles
import FlopEngine
import FlopRegistry
import Foundation
import FlopTestSupport
import Testing

/// A fine-tune carries its base's uncertainty and follows the base when it changes.
@Suite struct LineageReassessTests {
  static func atLeast(_ flop: Double) -> RunFilter {
    var filter = RunFilter()
    filter.minFLOP = flop
    return filter
  }

  static let base = RegistryFixture.run(id: "condor-base", params: "100B", tokens: "14T")
  static let child = RegistryFixture.run(id: "condor-ft", params: "100B", tokens: "1T", base: "condor-base")

  @Test(arguments: StorageBackend.available) func aFineTuneCarriesItsBasesInterval(backend: StorageBackend) throws {
    let fixture = try RegistryFixture(backend: backend)
    defer { fixture.remove() }
    try fixture.add(Self.base)
    try fixture.add(Self.child)
    let base = try fixture.registry.show("condor-base").summary.cumulativeFlop
    let child = try fixture.registry.show("condor-ft").summary.cumulativeFlop
    #expect(base.low < base.high)
    #expect(child.low < child.central && child.central < child.high)
    // The child's interval is at least as wide as its base's.
    #expect(child.high - child.low >= base.high - base.low)
  }

  @Test(arguments: StorageBackend.available) func updatingTheBaseReassessesItsDescendants(backend: StorageBackend) throws {
    let fixture = try RegistryFixture(backend: backend)
    defer { fixture.remove() }
    try fixture.add(Self.base)
    try fixture.add(Self.child)
    try fixture.add(RegistryFixture.run(id: "condor-ft2", params: "100B", tokens: "0.5T", base: "condor-ft"))
    #expect(try fixture.registry.list(Self.atLeast(2e25)).isEmpty)
    let bigger = RegistryFixture.run(id: "condor-base", params: "100B", tokens: "40T")
    let reassessed = try fixture.registry.update(try fixture.assess(bigger), actor: "lead", assessor: fixture.assessor)
    #expect(reassessed == ["condor-ft", "condor-ft2"])
    let child = try fixture.registry.show("condor-ft").summary
    #expect(child.cumulativeFlop.central > 2.4e25)
    #expect(child.statuses["eu-ai-act/systemic-risk-presumption"] == "met")
    #expect(Set(try fixture.registry.list(Self.atLeast(2e25)).map(\.id)) == ["condor-base", "condor-ft", "condor-ft2"])
    let lineage = try fixture.registry.lineage("condor-ft")
    #expect(abs(lineage.tree.cumulativeFlop / child.cumulativeFlop.central - 1) < 1e-9)
    #expect(try fixture.registry.verify().ok)
  }

  @Test(arguments: StorageBackend.available) func anUnchangedDocumentMakesNoNewVersion(backend: StorageBackend) throws {
    let fixture = try RegistryFixture(backend: backend)
    defer { fixture.remove() }
    try fixture.add(Self.base)
    #expect(try fixture.registry.update(try fixture.assess(Self.base), actor: "lead") == nil)
    #expect(try fixture.registry.show("condor-base").summary.version == 1)
  }

  @Test(arguments: StorageBackend.available) func aBaseRunNotInTheRegistryIsAnError(backend: StorageBackend) throws {
    let fixture = try RegistryFixture(backend: backend)
    defer { fixture.remove() }
    try fixture.add(Self.base)
    let typo = RegistryFixture.run(id: "condor-ft", params: "100B", tokens: "1T", base: "condor-bse")
    #expect {
      try fixture.add(typo)
    } throws: { error in
      (error as? FlopFilesError)?.description.contains("'condor-bse' is not in the registry") == true
    }
    #expect(try fixture.registry.list(RunFilter()).count == 1)
  }
}
