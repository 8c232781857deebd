import FlopCore
import FlopFiles
import FlopRules
import Foundation
import Testing
import FlopTestSupport

/// A bounded, seeded mutation fuzzer over the run-file, JSON Lines and threshold-file parsers,
/// run with the tests (issue 12). Each mutant must parse or be refused with a located error; a
/// parsed run must estimate to finite figures or be refused, and check without trapping. A crash
/// or hang fails the test run itself. It prints executions, refusals and crashes (0 allowed).
@Suite struct ParserFuzzTests {
  static func mutate(_ text: String, _ random: inout SplitMix64) -> String { FuzzMutator.mutate(text, &random) }

  static func corpus(_ directory: String) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
      .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".json") }
      .map { try String(contentsOfFile: directory + "/" + $0, encoding: .utf8) }
  }

  @Test func runFilesAndLines() throws {
    let catalogue = try LoadedCatalogue.load(path: Paths.catalogue, cache: nil).catalogue
    let estimator = Estimator(catalogue: catalogue)
    let seeds = try Self.corpus(Paths.fixture("runs"))
    var random = SplitMix64(state: 0xF10F_0001)
    var executions = 0, refused = 0, parsed = 0
    for _ in 0..<1_500 {
      let text = Self.mutate(seeds[Int(random.next() % UInt64(seeds.count))], &random)
      for asLine in [false, true] {
        executions += 1
        let document: RunDocument
        do {
          document = asLine ? try RunFileParser.parseLine(text, file: "fuzz.jsonl") : try RunFileParser.parse(text, file: "fuzz.yaml")
        } catch {
          #expect(!error.message.isEmpty)
          refused += 1
          continue
        }
        parsed += 1
        guard let estimate = try? estimator.estimate(document.run) else { continue }
        #expect(estimate.cumulativeFLOP.central.isFinite && estimate.cumulativeFLOP.high.isFinite, "\(text.prefix(200))")
        _ = RuleEvaluator(run: document.run, estimate: estimate, asOf: CalendarDate("2026-12-02")!).check(RuleFixtures.shipped)
      }
    }
    print("fuzz run files: \(executions) executions, \(parsed) parsed, \(refused) refused, 0 crashes")
    #expect(parsed > 0 && refused > 0)
  }

  @Test func thresholdFiles() throws {
    let seeds = try Self.corpus(Paths.thresholds).filter { !$0.contains("flopwatch-accelerators") }
    var random = SplitMix64(state: 0xF10F_0002)
    var executions = 0, refused = 0, parsed = 0
    let run = RuleFixtures.run()
    let estimate = RuleFixtures.estimate(3e25, low: 2e25, high: 4e25)
    for _ in 0..<1_500 {
      let text = Self.mutate(seeds[Int(random.next() % UInt64(seeds.count))], &random)
      executions += 1
      do {
        let regime = try ThresholdFileParser.parse(text, file: "fuzz.yaml")
        parsed += 1
        // The binary form the parsed-file cache stores must round-trip whatever was accepted.
        #expect((try? Regime(encoded: regime.encoded())) == regime)
        let evaluator = RuleEvaluator(run: run, estimate: estimate, asOf: CalendarDate("2026-12-02")!)
        for rule in regime.rules { _ = evaluator.evaluate(rule, in: regime) }
      } catch {
        refused += 1
      }
    }
    print("fuzz threshold files: \(executions) executions, \(parsed) parsed, \(refused) refused, 0 crashes")
    #expect(parsed > 0 && refused > 0)
  }
}
