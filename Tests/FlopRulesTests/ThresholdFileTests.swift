import FlopFiles
import FlopRules
import Foundation
import Testing
import FlopTestSupport

@Suite struct ThresholdFileTests {
  @Test func shippedFilesAreValidAndSourced() {
    let (regimes, errors) = ThresholdSet.validate(paths: [Paths.thresholds])
    #expect(errors.isEmpty, "\(errors)")
    #expect(Set(regimes.map(\.regime.id)) == [
      "eu-ai-act", "us-ca-sb53", "us-ny-raise", "kr-ai-basic-act", "us-eo-14110", "us-bis-ai-diffusion", "us-ca-sb1047",
      "us-il-sb315",
    ])
    for loaded in regimes {
      #expect(!loaded.regime.sources.isEmpty)
      #expect(loaded.provenance.sha256.count == 64)
    }
  }

  static let valid = """
    flopwatch-thresholds: 1
    id: test-regime
    title: Test
    jurisdiction: XX
    instrument: Test Act
    version: "1"
    status: in-force
    sources: [https://example.com]
    rules:
      - id: r1
        title: Rule
        when:
          all:
            - {metric: training_flop, op: ">", value: 1e25}
    """

  @Test(arguments: [
    ("markets: [California]", "write the market code US-CA"),
    ("markets: [XX-Y]", "unknown market"),
    ("obligations: [{id: o, title: O, deadline: {days: 0, after: deployment, transition: {placed_before: 2025-08-02, until: 2024-01-01}}}]", "is before placed_before"),
    ("obligations: [{id: o, title: O, deadline: {days: 0, after: deployment, transition: {until: 2027-08-02}}}]", "placed_before"),
  ])
  func ruleAdditionsAreValidated(line: String, fragment: String) {
    let text = Self.valid.replacingOccurrences(of: "    title: Rule\n", with: "    title: Rule\n    \(line)\n")
    #expect {
      try ThresholdFileParser.parse(text, file: "t.yaml")
    } throws: { error in
      "\(error)".contains(fragment)
    }
  }

  @Test func aValidFileParses() throws {
    let regime = try ThresholdFileParser.parse(Self.valid, file: "t.yaml")
    #expect(regime.rules.first?.when.primaryComparison?.metric == .trainingFLOP)
  }

  @Test(arguments: [
    ("status: in-force", "status: in-force\ncolour: red", 8, "unknown key 'colour'"),
    ("metric: training_flop", "metric: training_flops", 14, "unknown metric 'training_flops'"),
    (#"op: ">""#, #"op: "=>""#, 14, "unknown operator '=>'"),
    ("flopwatch-thresholds: 1", "flopwatch-thresholds: 2", 1, "newer"),
    (#"{metric: training_flop, op: ">", value: 1e25}"#, #"{metric: modalities, op: ">", value: 1e25}"#, 14, "does not apply"),
    ("value: 1e25", "value: lots", 14, "'lots'"),
    ("status: in-force", "status: maybe", 7, "unknown status"),
  ])
  func badFilesAreRefusedWithFileAndLine(old: String, new: String, line: Int, fragment: String) {
    let text = Self.valid.replacingOccurrences(of: old, with: new)
    do {
      _ = try ThresholdFileParser.parse(text, file: "bad.yaml")
      Issue.record("expected the file to be refused")
    } catch {
      #expect(error.file == "bad.yaml")
      #expect(error.line == line, "\(error)")
      #expect(error.description.contains(fragment), "\(error)")
    }
  }

  @Test func laterDirectoriesReplaceRegimes() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("flopwatch-override-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let replaced = Self.valid.replacingOccurrences(of: "id: test-regime", with: "id: eu-ai-act")
    try replaced.write(to: directory.appendingPathComponent("eu.yaml"), atomically: true, encoding: .utf8)
    let set = try ThresholdSet.load(directories: [Paths.thresholds, directory.path], label: "test")
    #expect(set.regime("eu-ai-act")?.regime.rules.map(\.id) == ["r1"])
    #expect(set.regimes.count == 8)
    let withPolicy = try ThresholdSet.load(directories: [Paths.thresholds, Paths.fixture("thresholds")], label: "test")
    #expect(withPolicy.regime("internal-policy") != nil)
    #expect(withPolicy.regimes.count == 9)
  }

  @Test func diffReportsValueDateAndObligationChanges() throws {
    let old = try ThresholdFileParser.parse(Self.valid, file: "a.yaml")
    let changed = Self.valid
      .replacingOccurrences(of: "value: 1e25", with: "value: 3e25")
      .replacingOccurrences(of: "    title: Rule\n", with: "    title: Rule\n    effective: {from: 2027-01-01}\n    obligations:\n      - {id: notify, title: Notify, deadline: {days: 14, after: threshold-met-or-foreseen}}\n")
    let new = try ThresholdFileParser.parse(changed, file: "b.yaml")
    let diff = RegimeDiff.compare(old: [old], new: [new])
    let kinds = Set(diff.changes.map(\.kind))
    #expect(kinds.contains("condition"))
    #expect(kinds.contains("effective from"))
    #expect(kinds.contains("obligation added"))
    #expect(RegimeDiff.compare(old: [old], new: [old]).changes.isEmpty)
  }
}
