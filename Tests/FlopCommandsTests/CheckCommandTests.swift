import FlopCore
import FlopCommands
import Foundation
import Testing
import FlopTestSupport

@Suite struct CheckCommandTests {
  func results(_ json: [String: Any]) throws -> [[String: Any]] {
    try #require(json["results"] as? [[String: Any]])
  }

  func status(_ json: [String: Any], _ rule: String) throws -> String? {
    let parts = rule.split(separator: "/").map(String.init)
    return try results(json).first { $0["regime"] as? String == parts[0] && $0["rule"] as? String == parts[1] }?["status"] as? String
  }

  @Test func atlasIsOverTheEUThresholdWithProvenance() throws {
    let json = try CLI.json(["check", Paths.fixture("runs/atlas-2.yaml"), "--as-of", "2026-11-26"])
    #expect(json["as_of"] as? String == "2026-11-26")
    #expect(json["run"] as? String == "atlas-2")
    #expect(try status(json, "eu-ai-act/systemic-risk-presumption") == "met")
    #expect(try status(json, "us-ca-sb53/frontier-model") == "not-met")
    #expect(try status(json, "us-ny-raise/frontier-model") == "not-in-force")
    let systemic = try #require(try results(json).first { $0["rule"] as? String == "systemic-risk-presumption" })
    let obligations = try #require(systemic["obligations"] as? [[String: Any]])
    #expect(obligations.first?["due"] as? String == "2026-01-19")
    let files = try #require(json["thresholds"] as? [[String: Any]])
    #expect(files.contains { $0["id"] as? String == "eu-ai-act" && ($0["sha256"] as? String)?.count == 64 && $0["version"] != nil })
  }

  @Test func asOfBeforeTheActIsNotInForce() throws {
    let json = try CLI.json(["check", Paths.fixture("runs/atlas-2.yaml"), "--as-of", "2025-06-01", "--regime", "eu-ai-act"])
    #expect(try status(json, "eu-ai-act/systemic-risk-presumption") == "not-in-force")
    #expect(try results(json).allSatisfy { $0["regime"] as? String == "eu-ai-act" })
  }

  @Test(arguments: [("met", Int32(1)), ("may-be-met", Int32(1))])
  func failOnTripsForCI(level: String, code: Int32) {
    let result = CLI.run(["check", Paths.fixture("runs/atlas-2.yaml"), "--fail-on", level])
    #expect(result.code == code)
  }

  @Test func smallRunPassesTheGateButNotTheInternalPolicy() {
    let gate = CLI.run(["check", Paths.fixture("runs/wren-1b.yaml"), "--fail-on", "may-be-met"])
    #expect(gate.code == 0, "\(gate.output)")
    let policy = CLI.run(["check", Paths.fixture("runs/finch-synthetic.yaml"), "--thresholds", Paths.fixture("thresholds"), "--regime", "internal-policy", "--fail-on", "met"])
    #expect(policy.code == 1)
    #expect(policy.output.contains("internal-policy/signoff-1e23"))
  }

  @Test func textIsPlainWhenNotATerminal() {
    let result = CLI.run(["check", Paths.fixture("runs/atlas-2.yaml")])
    #expect(result.code == 0)
    #expect(!result.output.contains("\u{1B}["))
    #expect(result.output.contains("eu-ai-act/systemic-risk-presumption"))
    #expect(result.output.contains("sha256"))
  }

  @Test(arguments: [
    (["check", "Fixtures/none.yaml"], "no such file"),
    (["check", "RUN", "--as-of", "2026-13-01"], "--as-of"),
    (["check", "RUN", "--regime", "eu-ai-actt"], "unknown regime"),
    (["check", "RUN", "--thresholds", "/nonexistent-dir"], "/nonexistent-dir"),
  ])
  func badInputExitsTwo(arguments: [String], fragment: String) {
    let args = arguments.map { $0 == "RUN" ? Paths.fixture("runs/atlas-2.yaml") : $0 }
    let result = CLI.run(args)
    #expect(result.code == 2)
    #expect(result.error?.contains(fragment) == true, "\(result.error ?? "")")
  }

  @Test func badThresholdFileIsRefusedWithNameAndLine() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("flopwatch-bad-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let text = try String(contentsOfFile: Paths.fixture("thresholds/internal-policy.yaml"), encoding: .utf8)
      .replacingOccurrences(of: "metric: training_flop", with: "metric: trainng_flop")
    let path = directory.appendingPathComponent("policy.yaml").path
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    let check = CLI.run(["check", Paths.fixture("runs/atlas-2.yaml"), "--thresholds", directory.path])
    #expect(check.code == 2)
    #expect(check.error?.contains("policy.yaml:") == true, "\(check.error ?? "")")
    #expect(check.error?.contains("trainng_flop") == true)
    let validate = CLI.run(["thresholds", "validate", directory.path])
    #expect(validate.code == 2)
  }
}

@Suite struct PlanCommandTests {
  @Test func maxTokensKeepsTheRuleNotMet() throws {
    let json = try CLI.json(["plan", "--rule", "eu-ai-act/systemic-risk-presumption", "--params", "70B"])
    let plan = try #require(json["plan"] as? [String: Any])
    let tokens = try #require(plan["maximum"] as? Double)
    #expect(plan["status_at_maximum"] as? String == "not-met")
    let high = try #require((plan["flop_at_maximum"] as? [String: Double])?["high"])
    #expect(high <= 1e25 && high > 0.999e25)
    // A little more and the upper bound crosses: the run is no longer safely below.
    let over = try CLI.json(["estimate", "--params", "70B", "--tokens", String(tokens * 1.001)])
    #expect(try #require((over["flop"] as? [String: Double])?["high"]) > 1e25)
  }

  @Test func maxDaysForHardware() throws {
    let json = try CLI.json(["plan", "--rule", "us-ca-sb53/frontier-model", "--accelerator", "H100", "--chips", "16384", "--utilization", "0.4"])
    let plan = try #require(json["plan"] as? [String: Any])
    let days = try #require(plan["maximum"] as? Double)
    // 1e26 / (16384 × 86400 × 989.4e12 × 0.4 × 1.1 upper factor) ≈ 162 days.
    #expect(days > 150 && days < 175)
    #expect(plan["variable"] as? String == "days")
  }

  @Test func computeOptimalModelFits() throws {
    let json = try CLI.json(["plan", "--rule", "eu-ai-act/systemic-risk-presumption", "--tokens", "15T"])
    let plan = try #require(json["plan"] as? [String: Any])
    let optimal = try #require(plan["compute_optimal"] as? [String: Any])
    let n = try #require(optimal["parameters"] as? Double)
    let d = try #require(optimal["tokens"] as? Double)
    #expect(abs(d / n - 20) < 1e-9)
    #expect(try #require((optimal["flop"] as? [String: Double])?["high"]) <= 1e25)
  }

  @Test(arguments: [
    (["plan", "--rule", "eu-ai-act", "--params", "7B"], "REGIME/RULE"),
    (["plan", "--rule", "eu-ai-act/nope", "--params", "7B"], "no rule 'nope'"),
    (["plan", "--rule", "eu-ai-act/systemic-risk-presumption"], "leave out one"),
    (["plan", "--rule", "eu-ai-act/systemic-risk-presumption", "--params", "7B", "--confidence", "sure"], "--confidence"),
    (["plan", "--rule", "eu-ai-act/systemic-risk-presumption", "--params", "7B", "--base-flop", "2e25"], "already reaches"),
  ])
  func badPlansExitTwo(arguments: [String], fragment: String) {
    let result = CLI.run(arguments)
    #expect(result.code == 2)
    #expect(result.error?.contains(fragment) == true, "\(result.error ?? "")")
  }
}

@Suite struct ThresholdsCommandTests {
  @Test func listShowsStatusAndDates() throws {
    let result = CLI.run(["thresholds", "list", "--as-of", "2024-06-01"])
    #expect(result.code == 0)
    let line = try #require(result.output.split(separator: "\n").first { $0.contains("us-eo-14110/dual-use-foundation-model") })
    #expect(line.contains("revoked") && line.contains("yes"))
  }

  @Test func showNamesObligationsAndSources() {
    let result = CLI.run(["thresholds", "show", "eu-ai-act"])
    #expect(result.code == 0)
    #expect(result.output.contains("art52-notification"))
    #expect(result.output.contains("14 days after threshold-met-or-foreseen"))
    #expect(result.output.contains("Source: https://eur-lex.europa.eu"))
  }

  @Test func validateShippedFiles() {
    let result = CLI.run(["thresholds", "validate"])
    #expect(result.code == 0)
    #expect(result.output.contains("9 files valid"))
    #expect(result.output.contains("accelerators.yaml: accelerator catalogue version"))
    #expect(result.output.contains(", 1 rule\n"))
    #expect(!result.output.contains("1 rules"))
  }

  @Test func diffOfTwoDirectories() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("flopwatch-diff-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let root = URL(fileURLWithPath: Paths.fixture("../Thresholds")).standardizedFileURL.path
    for name in try FileManager.default.contentsOfDirectory(atPath: root) where name.hasSuffix(".yaml") {
      var text = try String(contentsOfFile: root + "/" + name, encoding: .utf8)
      if name == "us-ca-sb53.yaml" { text = text.replacingOccurrences(of: "value: 5e8", with: "value: 1e9") }
      try text.write(toFile: directory.appendingPathComponent(name).path, atomically: true, encoding: .utf8)
    }
    let result = CLI.run(["thresholds", "diff", root, directory.path])
    #expect(result.code == 0)
    #expect(result.output.contains("us-ca-sb53/large-frontier-developer: condition"))
    #expect(result.output.contains("5.00e8") && result.output.contains("1.00e9"))
    #expect(CLI.run(["thresholds", "diff", root, root]).output == "no differences\n")
  }
}
