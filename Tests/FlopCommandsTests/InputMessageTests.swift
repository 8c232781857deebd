import FlopCommands
import Foundation
import Testing
import FlopTestSupport

/// Inputs a person types get a message that says what to type instead (issue 11 §5, smaller items).
@Suite struct InputMessageTests {
  @Test(arguments: [
    (["estimate", "--params", "7B", "--tokens", "-5"], "--tokens: '-5' is not a valid number"),
    (["estimate", "--accelerator", "H100", "--chips", "8", "--days", "1", "--utilization", "40"], "write 40%"),
    (["registry", "list", "--status", "runing", "--registry", "/nonexistent/r.sqlite"], "expected one of planned, running, completed, cancelled"),
    (["plan", "--rule", "eu-ai-act/systemic-risk-presumption", "--params", "70B", "--accelerator", "H100", "--chips", "2048"], "--params"),
  ])
  func refusedWithAUsefulMessage(arguments: [String], fragment: String) {
    let result = CLI.run(arguments)
    #expect(result.code == 2)
    #expect(result.error?.contains(fragment) == true, "\(result.error ?? "")")
  }

  @Test func utilizationAsAPercentageIsAccepted() throws {
    let json = try CLI.json(["estimate", "--accelerator", "H100", "--chips", "8", "--days", "1", "--utilization", "40%"])
    #expect(CLI.central(json) != nil)
  }

  @Test func developerMatchesIgnoringCase() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("flopwatch-dev-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let db = directory.appendingPathComponent("r.sqlite").path
    #expect(CLI.run(["registry", "add", Paths.fixture("runs/atlas-2.yaml"), "--registry", db]).code == 0)
    let developer = try #require(try CLI.jsonArray(["registry", "list", "--registry", db]).first?["developer"] as? String)
    let found = try CLI.jsonArray(["registry", "list", "--developer", developer.uppercased(), "--registry", db])
    #expect(found.count == 1)
  }
}

extension CLI {
  static func jsonArray(_ arguments: [String]) throws -> [[String: Any]] {
    let result = run(arguments + ["--format", "json"])
    #expect(result.code == 0, "\(result.error ?? "")")
    return try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [[String: Any]])
  }
}
