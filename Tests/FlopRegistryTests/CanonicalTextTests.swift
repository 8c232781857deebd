import FlopCore
import FlopFiles
import Foundation
import FlopTestSupport
import Testing

@testable import FlopEngine
@testable import FlopRegistry

/// The audit texts written directly for speed must be exactly what `JSONValue.canonical` gives,
/// because `verify` re-encodes the stored change and recomputes each hash from it.
struct CanonicalTextTests {
  static let awkwardTexts = ["run-1", "with \"quotes\" and \\ backslash", "tab\there\nnewline", "ünïcödé ✓", "\u{1}ctl", ""]
  static let awkwardNumbers: [Double] = [0, 1, 6.3e20, 1e15, 999_999_999_999_999, 1.5, 3.3333333333333335e24, -2, .infinity, 1e300]

  /// The record as JSONValue, as the registry defined it before it was written directly.
  func reference(_ row: RunRow, version: Int, derived: DerivedState) -> JSONValue {
    let figures: [String: Double] = [
      "flop_central": row.flop.central, "flop_low": row.flop.low, "flop_high": row.flop.high,
      "cumulative_central": row.cumulative.central, "cumulative_low": row.cumulative.low,
      "cumulative_high": row.cumulative.high,
    ]
    return .object([
      "id": .string(row.id), "version": .number(Double(version)), "sha256": .string(row.sha256),
      "status": .string(row.status), "figures": .object(figures.mapValues(JSONValue.number)),
      "assessed": .object(["as_of": .string(row.asOf), "thresholds": .string(row.thresholds)]),
      "derived": .object(["statuses": .string(derived.statuses), "obligations": .string(derived.obligations)]),
    ])
  }

  @Test(arguments: awkwardTexts)
  func recordTextIsCanonical(_ text: String) throws {
    let fixture = try RegistryFixture()
    defer { fixture.remove() }
    var row = RunRow(try fixture.assess("flopwatch: 1\nid: a\nmodel: {parameters: 7e9}\nstages: [{kind: pre-training, tokens: 2e12}]\n"))
    for (index, number) in Self.awkwardNumbers.enumerated() {
      row.id = text
      row.sha256 = text + "x"
      row.status = text
      row.asOf = text
      row.thresholds = text + "t"
      let derived = DerivedState(newRow: row)
      row.flop = FLOPInterval(central: number, low: Self.awkwardNumbers[(index + 1) % Self.awkwardNumbers.count], high: number * 3)
      row.cumulative = FLOPInterval(central: number / 7, low: number, high: -number)
      let version = index * 1_000 + 1
      #expect(row.recordText(version: version, derived: derived) == reference(row, version: version, derived: derived).canonical)
      // And it reads back to the same value, as `verify` does.
      let decoded = try JSONDecoder().decode(JSONValue.self, from: Data(row.recordText(version: version, derived: derived).utf8))
      #expect(decoded.canonical == row.recordText(version: version, derived: derived))
    }
  }

  @Test(arguments: awkwardTexts)
  func bodyTextIsCanonical(_ text: String) {
    let change = JSONValue.object(["runs": .array([.string(text), .number(1.5)]), "status": .string(text)])
    for (seq, runID) in [(Int64(1), Optional(text)), (123_456, nil), (9_007_199_254_740_000, "x")] {
      let direct = Registry.canonicalBody(seq: seq, at: text, actor: text, action: text, runID: runID, changeText: change.canonical)
      let reference = JSONValue.object([
        "seq": .number(Double(seq)), "at": .string(text), "actor": .string(text), "action": .string(text),
        "run": runID.map(JSONValue.string) ?? .null, "change": change,
      ]).canonical
      #expect(direct == reference)
    }
  }

  @Test func statusesColumnHasSortedKeys() throws {
    let fixture = try RegistryFixture()
    defer { fixture.remove() }
    let assessment = try fixture.assess("flopwatch: 1\nid: a\nmodel: {parameters: 7e9}\nstages: [{kind: pre-training, tokens: 2e12}]\n")
    let row = RunRow(assessment)
    let decoded = try JSONDecoder().decode(JSONValue.self, from: Data(row.statuses.utf8))
    #expect(decoded.canonical == row.statuses)
    #expect(Registry.parseStatuses(row.statuses) == Dictionary(uniqueKeysWithValues: assessment.results.map { ("\($0.regime)/\($0.rule)", $0.status.rawValue) }))
  }
}

extension CanonicalTextTests {
  /// The precomputed layout writes the same column as sorting the keys for each run.
  @Test(arguments: [
    "flopwatch: 1\nid: a\nmodel: {parameters: 7e9}\nstages: [{kind: pre-training, tokens: 2e12}]\n",
    "flopwatch: 1\nid: b\nmarkets: [EU]\nmodel: {parameters: 4.05e11}\nstages: [{kind: pre-training, tokens: 15.6T}]\n",
    "flopwatch: 1\nid: c\nbase_model: {name: x, training_flop: 3e25}\nmodel: {parameters: 7e9}\nstages: [{kind: fine-tuning, tokens: 1e12}]\n",
  ])
  func statusesLayoutMatchesSorting(yaml: String) throws {
    let fixture = try RegistryFixture()
    defer { fixture.remove() }
    let assessment = try fixture.assess(yaml)
    #expect(assessment.results.count >= 10)
    let layout = fixture.assessor.statusesLayout
    #expect(layout.statuses(assessment.results) == RunRow.statusesJSON(assessment.results))
    #expect(RunRow(assessment, layout: layout).statuses == RunRow(assessment).statuses)
    // Results that are not the set's, in its order, are refused rather than mislabelled.
    #expect(layout.statuses(assessment.results.reversed()) == nil)
    #expect(layout.statuses(Array(assessment.results.dropLast())) == nil)
  }
}

extension CanonicalTextTests {
  /// A worker's independent copy of the assessor gives the same assessment as the original.
  @Test func independentCopyAssessesTheSame() throws {
    let fixture = try RegistryFixture()
    defer { fixture.remove() }
    let copy = fixture.assessor.independentCopy()
    #expect(copy.thresholds.regimes.map(\.regime) == fixture.assessor.thresholds.regimes.map(\.regime))
    #expect(copy.estimator.catalogue == fixture.assessor.estimator.catalogue)
    for yaml in [
      "flopwatch: 1\nid: a\nmarkets: [EU]\nmodel: {parameters: 4.05e11}\nstages: [{kind: pre-training, tokens: 15.6T, hardware: {accelerator: H100-SXM, count: 16384, days: 54}}]\n",
      "flopwatch: 1\nid: c\nbase_model: {name: x, training_flop: 3e25}\nmodel: {parameters: 7e9}\nstages: [{kind: fine-tuning, tokens: 1e12}]\n",
    ] {
      let document = try RunFileParser.parse(yaml, file: "t.yaml")
      let a = try fixture.assessor.assess(document)
      let b = try copy.assess(document)
      #expect(a.results == b.results && a.estimate == b.estimate)
      #expect(RunRow(a, layout: fixture.assessor.statusesLayout).statuses == RunRow(b, layout: copy.statusesLayout).statuses)
    }
  }
}

/// The digest an import works out ahead of the write equals the one read back from the table,
/// whatever the obligation keys and texts hold (the table orders by bytes, Swift by characters).
@Suite struct DerivedDigestTests {
  @Test(arguments: StorageBackend.available) func aheadOfTimeDigestMatchesTheTable(backend: StorageBackend) throws {
    let fixture = try RegistryFixture(backend: backend)
    defer { fixture.remove() }
    var row = RunRow(try fixture.assess("flopwatch: 1\nid: a\nmodel: {parameters: 7e9}\nstages: [{kind: pre-training, tokens: 2e12}]\n"))
    let keys = ["é", "e\u{301}", "Z", "z", "a\"b", "ß", "😀", "A"]
    row.obligations = keys.enumerated().map { index, key in
      RunRow.ObligationRow(
        regime: key, rule: keys[(index + 3) % keys.count], obligation: "o\(index)", title: "t\n\(key)", citation: index % 2 == 0 ? nil : "c",
        due: index % 3 == 0 ? nil : "2027-01-0\(index + 1)", basis: "b\u{7}", conditional: index % 2 == 0, knownOn: nil)
    }
    let expected = DerivedState(newRow: row)
    row.firstRecord = row.recordText(version: 1, derived: expected)
    #expect(try fixture.registry.importBatch([(line: 1, row: row)], actor: "t").rejections.isEmpty)
    let stored = try fixture.registry.store.read { db in try DerivedState.read(db, runID: "a") }
    #expect(stored == expected)
    #expect(try fixture.registry.verify().ok)
  }
}

/// `JSONValue.parse` (the strict tree reader) reads what JSONDecoder reads, value for value.
@Suite struct JSONValueParseTests {
  @Test(arguments: CanonicalTextTests.awkwardTexts)
  func treeReaderMatchesJSONDecoder(_ text: String) throws {
    var numbers: [JSONValue] = CanonicalTextTests.awkwardNumbers.map { .number($0) }
    numbers += [.number(-0.0), .number(Double("1e-320")!), .number(Double("123456789012345678")!), .bool(true), .null]
    let value = JSONValue.object([
      "text": .string(text), text: .array(numbers), "nested": .object(["a": .array([.object([:]), .array([])]), "b": .string("")]),
    ])
    let canonical = value.canonical
    let decoded = try JSONDecoder().decode(JSONValue.self, from: Data(canonical.utf8))
    #expect(JSONValue.parse(canonical) == decoded)
    #expect(JSONValue.parse(canonical)?.canonical == canonical)
    #expect(JSONValue.parse("{\"a\":1,\"a\":2}") != nil)  // repeated keys: left to JSONDecoder, as before
    #expect(JSONValue.parse("{\"a\":") == nil)
  }
}
