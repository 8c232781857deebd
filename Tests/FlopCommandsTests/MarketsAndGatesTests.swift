import ArgumentParser
import FlopCommands
import Foundation
import Testing
import FlopTestSupport

/// Markets must be known codes (names mapped and shown); CI gates can target one rule or regime.
@Suite struct MarketsAndGatesTests {
  func write(_ text: String) throws -> (file: String, remove: () -> Void) {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("flopwatch-markets-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let file = directory.appendingPathComponent("run.yaml").path
    try text.write(toFile: file, atomically: true, encoding: .utf8)
    return (file, { try? FileManager.default.removeItem(at: directory) })
  }

  func run(markets: String) -> String {
    "flopwatch: 1\nmodel: {parameters: 1T, modalities: [text]}\nstages: [{kind: pre-training, flop: 1.2e26}]\nmarkets: \(markets)\n"
  }

  @Test(arguments: [("[California]", "US-CA"), ("[US-CA]", "US-CA"), ("[us-ca]", "US-CA"), ("[USA]", "US"), ("[United States]", "US")])
  func californiaRulesApply(markets: String, code: String) throws {
    let (file, remove) = try write(run(markets: markets))
    defer { remove() }
    let json = try CLI.json(["check", file, "--as-of", "2026-11-26"])
    let results = try #require(json["results"] as? [[String: Any]])
    let frontier = try #require(results.first { $0["regime"] as? String == "us-ca-sb53" && $0["rule"] as? String == "frontier-model" })
    #expect(frontier["status"] as? String == "met", "markets \(markets)")
    let notes = json["input_notes"] as? [String] ?? []
    #expect(notes.contains { $0.contains(code) } == (markets.uppercased() != "[\(code)]"))
  }

  @Test(arguments: [("[CA]", "ambiguous"), ("[Calfornia]", "unknown market 'Calfornia'"), ("[US-XX]", "not a US state"), ("[ZZ]", "unknown market")])
  func unknownMarketsAreErrors(markets: String, fragment: String) throws {
    let (file, remove) = try write(run(markets: markets))
    defer { remove() }
    let result = CLI.run(["check", file])
    #expect(result.code == 2)
    #expect(result.error?.contains("markets[0]") == true, "\(result.error ?? "")")
    #expect(result.error?.contains(fragment) == true, "\(result.error ?? "")")
  }

  @Test func aMemberStateIsInTheEU() throws {
    let (file, remove) = try write(run(markets: "[DE]"))
    defer { remove() }
    let json = try CLI.json(["check", file, "--as-of", "2026-11-26"])
    let results = try #require(json["results"] as? [[String: Any]])
    #expect(results.first { $0["rule"] as? String == "systemic-risk-presumption" }?["status"] as? String == "met")
  }

  @Test func failOnRuleTargetsOneRule() throws {
    let small = Paths.fixture("runs/wren-1b.yaml")
    let atlas = Paths.fixture("runs/atlas-2.yaml")
    // atlas-2 (3.8e25) trips gpai-indicative under a blanket --fail-on, but not a gate on SB 53.
    #expect(CLI.run(["check", atlas, "--fail-on", "met", "--as-of", "2026-11-26"]).code == 1)
    let sb53 = CLI.run(["check", atlas, "--fail-on-rule", "us-ca-sb53/frontier-model=may-be-met", "--as-of", "2026-11-26"])
    #expect(sb53.code == 0)
    let eu = CLI.run(["check", atlas, "--fail-on-rule", "eu-ai-act/systemic-risk-presumption=met", "--as-of", "2026-11-26", "--format", "json"])
    #expect(eu.code == 1)
    let object = try #require(try JSONSerialization.jsonObject(with: Data(eu.output.utf8)) as? [String: Any])
    let tripped = try #require(object["tripped"] as? [[String: Any]])
    #expect(tripped.map { "\($0["regime"]!)/\($0["rule"]!)" } == ["eu-ai-act/systemic-risk-presumption"])
    let (result, _) = FlopwatchCommand.run(arguments: ["check", atlas, "--fail-on-rule", "eu-ai-act=met", "--as-of", "2026-11-26"])
    #expect(result.diagnostics.contains("tripped: eu-ai-act/systemic-risk-presumption is met"))
    #expect(CLI.run(["check", small, "--fail-on-rule", "eu-ai-act=met"]).code == 0)
  }

  @Test(arguments: [("nope/rule=met", "nope"), ("eu-ai-act/typo=met", "no rule 'typo'"), ("eu-ai-act/gpai-indicative=yes", "STATUS")])
  func badGatesAreErrors(gate: String, fragment: String) {
    let result = CLI.run(["check", Paths.fixture("runs/atlas-2.yaml"), "--fail-on-rule", gate])
    #expect(result.code == 2)
    #expect(result.error?.contains(fragment) == true, "\(result.error ?? "")")
  }

  @Test func checkReportsTheRunFileHash() throws {
    let json = try CLI.json(["check", Paths.fixture("runs/atlas-2.yaml")])
    let runFile = try #require(json["run_file"] as? [String: Any])
    #expect((runFile["sha256"] as? String)?.count == 64)
  }

  /// A library user calling `run()` (as `CheckCommand.main()` does) gets a check, not help.
  @Test func runPrintsAndExitsWithTheResult() throws {
    var passing = try CheckCommand.parseAsRoot([Paths.fixture("runs/wren-1b.yaml"), "--format", "json"])
    try passing.run()
    var tripping = try CheckCommand.parseAsRoot([Paths.fixture("runs/atlas-2.yaml"), "--fail-on", "met", "--format", "json"])
    #expect(throws: ExitCode(1)) { try tripping.run() }
  }
}
