import FlopFiles
import FlopRules
import Foundation
import Testing
import FlopTestSupport

/// Threshold files that crashed or hung every consumer (issue 12); each case failed before its fix.
@Suite struct HostileThresholdFileTests {
  static func regime(when: String, deadline: String = "{days: 14, after: threshold-met-or-foreseen}") -> String {
    """
    flopwatch-thresholds: 1
    id: hostile
    title: Hostile
    jurisdiction: XX
    instrument: Test
    version: "1"
    status: in-force
    sources: [https://example.com]
    rules:
      - id: r1
        title: Rule
        when: \(when)
        obligations: [{id: o, title: O, deadline: \(deadline)}]
    """
  }

  @Test func deepNestingIsAnErrorNotAStackOverflow() {
    // Nested through aliases (libyaml bounds syntactic nesting, not this): item k is not(item k-1).
    var items = ["&n0 {metric: training_flop, op: \">\", value: 1e25}"]
    for k in 1..<25_000 { items.append("&n\(k) {not: *n\(k - 1)}") }
    let deep = "{all: [" + items.joined(separator: ", ") + "]}"
    #expect {
      try ThresholdFileParser.parse(Self.regime(when: deep), file: "deep.yaml")
    } throws: { error in
      "\(error)".contains("levels deep")
    }
  }

  @Test func anAliasBombIsRefusedQuickly() {
    // Eleven anchored items, each all-of eight copies of the one before: the last stands for 8^10
    // (about a billion) comparisons, in a file of a dozen lines. Without the bound this hangs.
    var items = ["&a0 {metric: training_flop, op: \">\", value: 1e25}"]
    for level in 1...10 { items.append("&a\(level) {all: [\(Array(repeating: "*a\(level - 1)", count: 8).joined(separator: ", "))]}") }
    let when = "{all: [" + items.joined(separator: ", ") + "]}"
    #expect {
      try ThresholdFileParser.parse(Self.regime(when: when), file: "bomb.yaml")
    } throws: { error in
      "\(error)".contains("more than 2000 parts")
    }
  }

  @Test func aBombWithoutUnknownKeysIsBoundedBySize() {
    var whens = "{metric: training_flop, op: \">\", value: 1e25}"
    for _ in 0..<12 { whens = "{any: [\(whens), \(whens)]}" }  // 4,096 leaves, well under the depth bound
    #expect {
      try ThresholdFileParser.parse(Self.regime(when: whens), file: "wide.yaml")
    } throws: { error in
      "\(error)".contains("more than 2000 parts")
    }
  }

  @Test(arguments: ["{days: 9223372036854775000, after: threshold-met-or-foreseen}", "{days: 40000, after: deployment}",
    "{days: 1, after: deployment, repeat_days: 100000}"])
  func hugeDeadlinesAreRefusedAtValidation(deadline: String) {
    let text = Self.regime(when: "{metric: training_flop, op: \">\", value: 1e25}", deadline: deadline)
    #expect {
      try ThresholdFileParser.parse(text, file: "days.yaml")
    } throws: { error in
      "\(error)".contains("100 years") || "\(error)".contains("not valid")
    }
  }

  @Test func twoFilesOfOneDirectoryWithOneIDAreRefused() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("flopwatch-dup-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let text = Self.regime(when: "{metric: training_flop, op: \">\", value: 1e25}")
    try text.write(to: directory.appendingPathComponent("a.yaml"), atomically: true, encoding: .utf8)
    try text.replacingOccurrences(of: "1e25", with: "1e40").write(to: directory.appendingPathComponent("b.yaml"), atomically: true, encoding: .utf8)
    #expect {
      try ThresholdSet.load(directories: [directory.path], label: "dup")
    } throws: { error in
      "\(error)".contains("is also used by")
    }
    // A later directory still replaces a regime (an organisation's override).
    let other = directory.appendingPathComponent("override")
    try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
    try FileManager.default.removeItem(at: directory.appendingPathComponent("b.yaml"))
    try text.replacingOccurrences(of: "1e25", with: "1e26").write(to: other.appendingPathComponent("b.yaml"), atomically: true, encoding: .utf8)
    let set = try ThresholdSet.load(directories: [directory.path, other.path], label: "override")
    #expect(set.regimes.count == 1)
  }
}
