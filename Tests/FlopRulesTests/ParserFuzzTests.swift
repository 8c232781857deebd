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
  /// Tokens that exercise the parsers' edges: aliases, nesting, huge and odd numbers, quoting.
  static let dictionary = [
    "&a ", "*a", "{", "}", "[", "]", ": ", ", ", "\n", "  ", "\"", "'", "null", "~", "true", "1e308", "-1", "0", "nan",
    ".inf", "1e-320", "9223372036854775807", "\\u0000", "#", "- ", "!!binary ", "<<: *a", "%YAML 1.1\n", "405B", "1/3",
    "{all: [*a, *a]}", "{not: ", "kind: ", "flop: ", "days: ", "\u{FEFF}", "\u{7F}", "é",
  ]

  static func mutate(_ text: String, _ random: inout SplitMix64) -> String {
    var bytes = Array(text.utf8)
    for _ in 0..<(1 + Int(random.next() % 4)) {
      let position = bytes.isEmpty ? 0 : Int(random.next() % UInt64(bytes.count))
      switch random.next() % 5 {
      case 0 where !bytes.isEmpty: bytes[position] = UInt8(truncatingIfNeeded: random.next())
      case 1:
        let token = dictionary[Int(random.next() % UInt64(dictionary.count))]
        bytes.insert(contentsOf: Array(token.utf8), at: position)
      case 2 where !bytes.isEmpty:
        bytes.removeSubrange(position..<min(bytes.count, position + 1 + Int(random.next() % 16)))
      case 3 where !bytes.isEmpty:
        let end = min(bytes.count, position + 1 + Int(random.next() % 32))
        bytes.insert(contentsOf: Array(bytes[position..<end]), at: end)
      default:
        let other = Array(dictionary[Int(random.next() % UInt64(dictionary.count))].utf8)
        bytes.append(contentsOf: other)
      }
    }
    return String(decoding: bytes, as: UTF8.self)
  }

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
