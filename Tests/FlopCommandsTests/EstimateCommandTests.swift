import FlopCommands
import Foundation
import Testing
import FlopTestSupport

/// Runs `flopwatch` in-process and decodes JSON output.
enum CLI {
  static func run(_ arguments: [String]) -> (output: String, error: String?, code: Int32) {
    let (result, error) = FlopwatchCommand.run(arguments: arguments)
    return (result.output, error, result.exitCode)
  }

  static func json(_ arguments: [String]) throws -> [String: Any] {
    let result = run(arguments + ["--format", "json"])
    #expect(result.code == 0, "\(result.error ?? "")")
    let object = try JSONSerialization.jsonObject(with: Data(result.output.utf8))
    return try #require(object as? [String: Any])
  }

  static func central(_ object: [String: Any], _ key: String = "flop") -> Double? {
    (object[key] as? [String: Any])?["central"] as? Double
  }
}

@Suite struct EstimateCommandTests {
  @Test func gpt3FromFlags() throws {
    let json = try CLI.json(["estimate", "--params", "175B", "--tokens", "300B"])
    let central = try #require(CLI.central(json))
    #expect(abs(central / 3.15e23 - 1) < 0.01)
    #expect(json["method"] as? String == "parameters")
    let stages = try #require(json["stages"] as? [[String: Any]])
    #expect(stages.first?["counted"] as? Bool == true)
    #expect(json["assumptions"] is [String])
    #expect(json["warnings"] is [String])
  }

  @Test func moeFromFlags() throws {
    let json = try CLI.json(["estimate", "--architecture", "moe", "--params", "671B", "--active-params", "37B", "--tokens", "14.8T"])
    #expect(abs(try #require(CLI.central(json)) / 3.2856e24 - 1) < 1e-6)
  }

  @Test func encoderDecoderFromFlags() throws {
    let json = try CLI.json(["estimate", "--architecture", "encoder-decoder", "--params", "11B", "--tokens", "1T"])
    #expect(abs(try #require(CLI.central(json)) / 3.3e22 - 1) < 1e-6)
  }

  @Test func hardwareFromFlags() throws {
    let json = try CLI.json(["estimate", "--accelerator", "H100-SXM", "--chips", "16384", "--days", "54", "--utilization", "0.4"])
    let expected: Double = 16384.0 * 54.0 * 86400.0 * 989.4e12 * 0.4
    let central = try #require(CLI.central(json))
    #expect(abs(central / expected - 1) < 1e-9)
    let provenance = try #require(json["provenance"] as? [[String: Any]])
    #expect((provenance.first?["sha256"] as? String)?.count == 64)
  }

  @Test func gpuHoursFromFlags() throws {
    let json = try CLI.json(["estimate", "--accelerator", "a100", "--gpu-hours", "1720320", "--utilization", "40%"])
    #expect(abs(try #require(CLI.central(json)) / 7.73e23 - 1) < 0.01)
  }

  @Test func architectureFromFlags() throws {
    let json = try CLI.json([
      "estimate", "--params", "7B", "--tokens", "2T", "--layers", "32", "--d-model", "4096", "--context-length", "4096",
    ])
    #expect(json["method"] as? String == "architecture")
    #expect(try #require(CLI.central(json)) > 6 * 7e9 * 2e12)
  }

  @Test(arguments: [
    (["estimate", "--params", "-5", "--tokens", "1T"], "--params"),
    (["estimate", "--params=-5", "--tokens", "1T"], "'-5'"),
    (["estimate", "--format", "xml", "--params", "7B", "--tokens", "1T"], "xml"),
    (["estimate", "--params", "0", "--tokens", "1T"], "--params"),
    (["estimate", "--params", "NaN", "--tokens", "1T"], "--params"),
    (["estimate", "--params", "7B", "--tokens", "abc"], "--tokens"),
    (["estimate", "--params", "7B", "--tokens", "inf"], "--tokens"),
    (["estimate", "--accelerator", "H1000", "--chips", "8", "--days", "1"], "H1000"),
    (["estimate", "--accelerator", "A100", "--days", "1"], "--chips"),
    (["estimate", "--accelerator", "A100", "--chips", "8", "--days", "1", "--utilization", "2"], "--utilization"),
    (["estimate", "--params", "7B"], "nothing to estimate"),
    (["estimate", "--architecture", "moe", "--params", "7B", "--tokens", "1T"], "--active-params"),
    (["estimate", "--architecture", "rnn", "--params", "7B", "--tokens", "1T"], "--architecture"),
    (["estimate", "Fixtures/does-not-exist.yaml"], "no such file"),
  ])
  func invalidInputExitsTwoWithOneLine(arguments: [String], fragment: String) {
    let result = CLI.run(arguments)
    #expect(result.code == 2)
    #expect(result.output.isEmpty)
    let message = result.error ?? ""
    #expect(message.contains(fragment), "\(message)")
    #expect(!message.contains("\n"))
  }

  @Test(arguments: ["unknown-key.yaml", "bad-number.yaml", "negative.yaml", "malformed.yaml", "unknown-accelerator.yaml", "future-schema.yaml"])
  func malformedRunFilesExitTwoNamingFileAndLine(name: String) {
    let path = Paths.fixture("runs/invalid/\(name)")
    let result = CLI.run(["estimate", path])
    #expect(result.code == 2)
    #expect(result.error?.hasPrefix("\(path):") == true, "\(result.error ?? "")")
  }

  @Test(arguments: ["atlas-2.yaml", "tern-moe.yaml", "finetune-downstream.yaml", "wren-1b.yaml", "finch-synthetic.yaml", "small.json"])
  func fixturesEstimate(name: String) throws {
    let json = try CLI.json(["estimate", Paths.fixture("runs/\(name)")])
    let flop = try #require(json["flop"] as? [String: Double])
    #expect(flop["low"]! <= flop["central"]! && flop["central"]! <= flop["high"]!)
    #expect(flop["central"]! > 0)
  }

  @Test func atlasTextShowsStagesAndTwoSignificantFigures() throws {
    let result = CLI.run(["estimate", Paths.fixture("runs/atlas-2.yaml")])
    #expect(result.code == 0)
    #expect(result.output.contains("Training compute: 4.2e25 FLOP"))
    #expect(result.output.contains("evaluation: not counted"))
    #expect(result.output.contains("math-synthetic"))
  }

  @Test func fileAndFlagsTogetherAreRefused() {
    let result = CLI.run(["estimate", Paths.fixture("runs/wren-1b.yaml"), "--params", "7B"])
    #expect(result.code == 2)
  }

  @Test func versionAndHelp() {
    let version = CLI.run(["--version"])
    #expect(version.code == 0)
    #expect(version.output == FlopwatchCommand.version + "\n")
    let help = CLI.run(["estimate", "--help"])
    #expect(help.code == 0)
    #expect(help.output.contains("--gpu-hours"))
    // Help takes the full path even though leaf commands are parsed directly otherwise.
    #expect(CLI.run(["check", "--help"]).output.contains("USAGE: flopwatch check"))
    #expect(CLI.run(["registry", "obligations", "done", "--help"]).output.contains("flopwatch registry obligations done"))
  }
}

@Suite struct ValidateCommandTests {
  @Test func modelsDevMeetsTheAcceptanceBar() throws {
    let json = try CLI.json(["validate", "--dataset", Paths.fixture("datasets/models-dev.csv")])
    let hardware = try #require(json["hardware"] as? [String: Any])
    let hardwareSummary = try #require(hardware["summary"] as? [String: Any])
    let rows = try #require(hardwareSummary["rows"] as? Int)
    #expect(rows > 5)
    #expect(hardwareSummary["covered"] as? Int == rows)
    let parameters = try #require(json["parameters"] as? [String: Any])
    let parameterSummary = try #require(parameters["summary"] as? [String: Any])
    #expect(try #require(parameterSummary["median_error"] as? Double) < 0.02)
  }

  @Test func gateTripsWhenTheMedianIsTooHigh() {
    let result = CLI.run(["validate", "--dataset", Paths.fixture("datasets/models-dev.csv"), "--max-median-error", "0.00001"])
    #expect(result.code == 1)
  }

  /// Every method reported is gated, and what tripped is said: the hardware rows' median is about
  /// 0.07 on models-dev while the parameters rows' is about 0.001.
  @Test func gateCoversTheHardwareRowsAndSaysWhatTripped() {
    let (result, _) = FlopwatchCommand.run(arguments: ["validate", "--dataset", Paths.fixture("datasets/models-dev.csv"), "--max-median-error", "0.02"])
    #expect(result.exitCode == 1)
    #expect(result.diagnostics.contains("tripped: hardware median error"))
    #expect(!result.diagnostics.contains("tripped: parameters"))
    #expect(CLI.run(["validate", "--dataset", Paths.fixture("datasets/models-dev.csv"), "--max-median-error", "1"]).code == 0)
  }

  @Test func badCSVNamesLineAndColumn() throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("flopwatch-bad-\(UUID().uuidString).csv").path
    try "name,params,tokens,reference_flop\nok,7e9,1e12,4.2e22\nbad,seven,1e12,4e22\n".write(toFile: path, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: path) }
    let result = CLI.run(["validate", "--dataset", path])
    #expect(result.code == 2)
    #expect(result.error?.contains(":3: params: 'seven'") == true, "\(result.error ?? "")")
  }
}
