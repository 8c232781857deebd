import FlopCommands
import Foundation
import Testing
import FlopTestSupport

/// A declared figure may state its own bounds; exact bounds let each rule's comparator decide at the threshold.
@Suite struct DeclaredFLOPTests {
  func check(_ flop: String) throws -> [String: String] {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("flopwatch-declared-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("run.yaml").path
    try """
      flopwatch: 1
      model: {parameters: 1T, modalities: [text]}
      stages: [{kind: pre-training, flop: \(flop)}]
      risk: {state_of_the_art: true, broad_serious_risk: true}
      markets: [US-CA, KR]
      """.write(toFile: file, atomically: true, encoding: .utf8)
    let json = try CLI.json(["check", file, "--as-of", "2026-11-26"])
    let results = try #require(json["results"] as? [[String: Any]])
    var statuses: [String: String] = [:]
    for result in results { statuses["\(result["regime"]!)/\(result["rule"]!)"] = result["status"] as? String }
    return statuses
  }

  @Test func exactTenToTheTwentySixIsDecidedByTheComparator() throws {
    let statuses = try check("{central: 1e26, low: 1e26, high: 1e26}")
    #expect(statuses["us-ca-sb53/frontier-model"] == "not-met")  // "more than 10^26"
    #expect(statuses["kr-ai-basic-act/high-performance-ai"] == "met")  // "10^26 or more"
  }

  @Test func aPlainNumberKeepsItsFivePercent() throws {
    let statuses = try check("1e26")
    #expect(statuses["us-ca-sb53/frontier-model"] == "may-be-met")
    #expect(statuses["kr-ai-basic-act/high-performance-ai"] == "may-be-met")
  }

  @Test func statedBoundsAreUsed() throws {
    let statuses = try check("{central: 1.1e26, low: 1.05e26, high: 1.3e26}")
    #expect(statuses["us-ca-sb53/frontier-model"] == "met")
  }

  @Test(arguments: [
    ("{central: 1e26, low: 2e26}", "stages[0].flop.low"),
    ("{central: 1e26, high: 5e25}", "stages[0].flop.high"),
    ("{low: 1e25}", "central"),
    ("{central: 1e26, lo: 1e25}", "lo"),
  ])
  func badBoundsNameTheField(flop: String, fragment: String) throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("flopwatch-declared-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("run.yaml").path
    try "flopwatch: 1\nmodel: {parameters: 1T}\nstages: [{kind: pre-training, flop: \(flop)}]\n".write(toFile: file, atomically: true, encoding: .utf8)
    let result = CLI.run(["check", file])
    #expect(result.code == 2)
    #expect(result.error?.contains(fragment) == true, "\(result.error ?? "")")
  }
}
