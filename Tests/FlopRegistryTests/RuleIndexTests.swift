import FlopEngine
import FlopRegistry
import FlopTestSupport
import Foundation
import Testing

/// The rule index (`run_rules`, kept by triggers) answers rule filters exactly as the statuses
/// column does, through adds, new versions, re-assessments of children, imports and an edit
/// outside FlopWatch.
@Suite struct RuleIndexTests {
  /// Every rule filter, against the statuses each listed run carries.
  static func agree(_ registry: Registry) throws {
    let all = try registry.list(RunFilter())
    let rules = Set(all.flatMap { $0.statuses.keys })
    for rule in rules.sorted() {
      for status in ["met", "may-be-met", "not-met"] {
        var filter = RunFilter()
        filter.rule = (rule, status)
        let listed = try registry.list(filter).map(\.id)
        let expected = all.filter { $0.statuses[rule] == status }.map(\.id).sorted()
        #expect(listed == expected, "\(rule)=\(status)")
        // A bare rule id matches the rule in any regime.
        filter.rule = (String(rule.split(separator: "/").last!), status)
        let bare = try registry.list(filter).map(\.id)
        #expect(bare == all.filter { run in run.statuses.contains { $0.key.hasSuffix("/" + filter.rule!.id) && $0.value == status } }.map(\.id).sorted())
      }
    }
  }

  @Test(arguments: StorageBackend.available) func ruleFiltersFollowEveryWrite(backend: StorageBackend) throws {
    let fixture = try RegistryFixture(backend: backend)
    defer { fixture.remove() }
    try fixture.add(RegistryFixture.run(id: "big", params: "400B", tokens: "15T"))
    try fixture.add(RegistryFixture.run(id: "small", params: "1B", tokens: "20B"))
    try fixture.add(RegistryFixture.run(id: "tune", params: "400B", tokens: "2T", base: "small"))
    try Self.agree(fixture.registry)
    var gpai = RunFilter()
    gpai.rule = ("eu-ai-act/gpai-indicative", "met")
    #expect(try fixture.registry.list(gpai).map(\.id) == ["big", "tune"])  // tune's own 4.8e24 is past 1e23

    // A new version of the base makes it big; its fine-tune is re-assessed with it.
    _ = try fixture.registry.update(
      try fixture.assess(RegistryFixture.run(id: "small", params: "400B", tokens: "15T")), actor: "tester", assessor: fixture.assessor)
    try Self.agree(fixture.registry)
    #expect(try fixture.registry.list(gpai).map(\.id) == ["big", "small", "tune"])

    // An import.
    let rows = try ["i1", "i2"].enumerated().map { index, id in
      (line: index + 1, row: RunRow(try fixture.assess(RegistryFixture.run(id: id, params: index == 0 ? "400B" : "1B", tokens: "15T"))))
    }
    _ = try fixture.registry.importBatch(rows, actor: "tester")
    try Self.agree(fixture.registry)
    #expect(try fixture.registry.list(gpai).map(\.id) == ["big", "i1", "small", "tune"])

    // An edit outside FlopWatch is followed too (and verify reports it). On PostgreSQL, not with
    // the tamper helper's replication role, which turns triggers off (an editor who does that
    // leaves the index behind; verify still reports the edited statuses).
    let edit = #"UPDATE runs SET statuses = replace(statuses, '"met"', '"not-met"') WHERE id = 'big'"#
    if backend == .postgres {
      #expect(try PostgresCluster.shared.get().psql(url: fixture.location, edit).status == 0)
    } else {
      try fixture.tamper(edit)
    }
    try Self.agree(fixture.registry)
    #expect(try fixture.registry.list(gpai).map(\.id) == ["i1", "small", "tune"])
  }
}
