import FlopCommands
import FlopCore
import FlopEngine
import FlopTestSupport
import Foundation
import Testing

/// Utilization calibration: the fit on synthetic histories with a known truth, the command on a
/// registry, and leave-one-out on the public models in Fixtures/datasets.
@Suite struct CalibrationTests {
  /// A draw from a log-normal with this median and log-space spread (Box–Muller).
  static func draw(_ generator: inout SplitMix64, median: Double, spread: Double) -> Double {
    let u1 = max(Double(generator.next() >> 11) / Double(1 << 53), 1e-12)
    let u2 = Double(generator.next() >> 11) / Double(1 << 53)
    let normal = (-2 * Foundation.log(u1)).squareRoot() * cos(2 * .pi * u2)
    return median * exp(spread * normal)
  }

  @Test(arguments: [(UInt64(1), 0.35, 0.15), (2, 0.22, 0.15), (3, 0.45, 0.2), (4, 0.3, 0.1), (5, 0.18, 0.2)])
  func fittedMedianWithin10PercentOfTheTruthWith20Runs(seed: UInt64, truth: Double, spread: Double) throws {
    var generator = SplitMix64(state: seed)
    let history = (0..<20).map { _ in min(1, Self.draw(&generator, median: truth, spread: spread)) }
    let fit = try #require(UtilizationFit.fit(history))
    #expect(abs(fit.median / truth - 1) < 0.10, "fitted \(fit.median) vs truth \(truth)")
    #expect(fit.low < truth && truth < fit.high)
    #expect(fit.runs == 20)
  }

  @Test func rangeNarrowsAsHistoryGrowsAndCoversAboutNinetyPercent() throws {
    var generator = SplitMix64(state: 42)
    var widths: [Int: [Double]] = [:]
    var covered = 0
    var held = 0
    for _ in 0..<200 {
      let history = (0..<21).map { _ in Self.draw(&generator, median: 0.3, spread: 0.15) }
      for count in [3, 5, 10, 20] {
        let fit = try #require(UtilizationFit.fitWithoutValidation(Array(history.prefix(count))))
        widths[count, default: []].append(fit.high / fit.low)
        if count == 10 {
          held += 1
          if history[20] >= fit.low && history[20] <= fit.high { covered += 1 }
        }
      }
    }
    let medians = [3, 5, 10, 20].map { Statistics.median(widths[$0]!)! }
    #expect(medians[0] > medians[1] && medians[1] > medians[2] && medians[2] > medians[3], "\(medians)")
    let coverage = Double(covered) / Double(held)
    #expect(coverage > 0.82 && coverage < 0.97, "a 90% prediction range held \(coverage) of new runs")
  }

  @Test func fitRefusesWhatItCannotUse() {
    #expect(UtilizationFit.fit([0.3]) == nil)
    #expect(UtilizationFit.fit([0.3, 0]) == nil)
    #expect(UtilizationFit.fit([0.3, .nan]) == nil)
    let two = UtilizationFit.fit([0.3, 0.32])
    #expect(two?.leaveOneOutError == nil, "leave-one-out needs 3 runs")
  }

  /// A completed run on H100-SXM whose declared compute implies utilization `u`.
  static func runLine(id: String, u: Double, cluster: String, day: Int, accelerator: String = "H100-SXM", peak: Double = 989.4e12) -> String {
    let gpuHours = 100_000.0
    let flop = gpuHours * 3600 * peak * u
    return """
      {"flopwatch":1,"id":"\(id)","status":"completed","model":{"architecture":"dense"},"tags":{"cluster":"\(cluster)"},\
      "schedule":{"start":"2026-01-01","end":"2026-02-\(String(format: "%02d", day))"},\
      "stages":[{"kind":"pre-training","flop":\(flop),"hardware":{"accelerator":"\(accelerator)","gpu_hours":\(gpuHours)}}]}
      """
  }

  @Test func calibrateStoresAVersionThatEstimateUsesPerCluster() throws {
    let directory = try TempDirectory()
    defer { directory.remove() }
    let registry = directory.path("registry.sqlite")
    var generator = SplitMix64(state: 7)
    var lines: [String] = []
    for index in 0..<12 { lines.append(Self.runLine(id: "east-\(index)", u: Self.draw(&generator, median: 0.45, spread: 0.08), cluster: "east", day: index + 1)) }
    for index in 0..<8 { lines.append(Self.runLine(id: "west-\(index)", u: Self.draw(&generator, median: 0.2, spread: 0.08), cluster: "west", day: index + 1)) }
    // Two A100 runs: too few for estimates to use.
    for index in 0..<2 { lines.append(Self.runLine(id: "a100-\(index)", u: 0.5, cluster: "east", day: 20 + index, accelerator: "A100", peak: 312e12)) }
    try lines.joined(separator: "\n").write(toFile: directory.path("runs.jsonl"), atomically: true, encoding: .utf8)
    #expect(CLI.run(["registry", "import", directory.path("runs.jsonl"), "--registry", registry]).code == 0)

    let result = CLI.run(["calibrate", "--registry", registry, "--tag", "cluster"])
    #expect(result.code == 0, "\(result.error ?? "")")
    #expect(result.output.contains("H100-SXM bf16 cluster=east  12 "), "\(result.output)")
    #expect(result.output.contains("A100 bf16                   2 ") && result.output.contains("no (under 3 runs)"), "\(result.output)")
    #expect(result.output.contains("Stored as calibration v1"))
    let json = try CLI.json(["calibrate", "--registry", registry, "--tag", "cluster=east", "--dry-run"])
    let fitted = try #require(json["fitted"] as? [[String: Any]])
    let east = try #require(fitted.first { item in
      let scope = item["scope"] as? [String: Any]
      return scope?["tag_value"] as? String == "east" && scope?["accelerator"] as? String == "H100-SXM"
    })
    let eastMedian = try #require((east["fit"] as? [String: Any])?["median"] as? Double)
    #expect(abs(eastMedian / 0.45 - 1) < 0.1)

    // A new run on the east cluster: estimate takes the east fit, says so, and names the calibration.
    let runFile = directory.path("new.yaml")
    try """
      flopwatch: 1
      id: east-next
      tags: {cluster: east}
      model: {architecture: dense}
      stages:
        - kind: pre-training
          hardware: {accelerator: H100-SXM, gpu_hours: 100000}
      """.write(toFile: runFile, atomically: true, encoding: .utf8)
    let estimate = CLI.run(["estimate", runFile, "--registry", registry])
    #expect(estimate.output.contains("calibrated from 12 completed runs on H100-SXM bf16 cluster=east, calibration v1"), "\(estimate.output)")
    #expect(estimate.output.contains("registry calibration version 1"))
    let calibrated = try #require(CLI.central(try CLI.json(["estimate", runFile, "--registry", registry])))
    let plain = try #require(CLI.central(try CLI.json(["estimate", runFile, "--no-calibration"])))
    #expect(abs(calibrated / (100_000 * 3600 * 989.4e12 * eastMedian) - 1) < 1e-9)
    #expect(abs(plain / (100_000 * 3600 * 989.4e12 * 0.4) - 1) < 1e-9)
    // The west cluster's runs are slower: its fit, not the east one.
    let west = runFile.replacingOccurrences(of: "new.yaml", with: "west.yaml")
    try String(contentsOfFile: runFile, encoding: .utf8).replacingOccurrences(of: "cluster: east", with: "cluster: west")
      .write(toFile: west, atomically: true, encoding: .utf8)
    let westCentral = try #require(CLI.central(try CLI.json(["estimate", west, "--registry", registry])))
    #expect(westCentral < calibrated * 0.6)
    // Flags name the cluster with --tag; plan solves with that cluster's utilization.
    let flagged = try #require(CLI.central(try CLI.json([
      "estimate", "--accelerator", "H100-SXM", "--gpu-hours", "100000", "--tag", "cluster=east", "--registry", registry,
    ])))
    #expect(abs(flagged / calibrated - 1) < 1e-9)
    let planEast = CLI.run([
      "plan", "--rule", "eu-ai-act/systemic-risk-presumption", "--accelerator", "H100-SXM", "--chips", "10000", "--tag", "cluster=east",
      "--registry", registry,
    ])
    let planWest = CLI.run([
      "plan", "--rule", "eu-ai-act/systemic-risk-presumption", "--accelerator", "H100-SXM", "--chips", "10000", "--tag", "cluster=west",
      "--registry", registry,
    ])
    #expect(planEast.code == 0 && planWest.code == 0, "\(planEast.error ?? "") \(planWest.error ?? "")")
    #expect(planEast.output.contains("Calibration: registry calibration version 1"), "\(planEast.output)")
    #expect(planEast.output != planWest.output, "a slower cluster may train longer under the same threshold")
    // A100: 2 runs, so the catalogue default.
    let a100 = CLI.run(["estimate", "--accelerator", "A100", "--gpu-hours", "1000", "--registry", registry])
    #expect(a100.output.contains("utilization not stated: default 0.4"), "\(a100.output)")
    // check states the calibration among the data it used.
    let check = try CLI.json(["check", runFile, "--registry", registry])
    let sources = try #require(check["thresholds"] as? [[String: Any]])
    #expect(sources.contains { $0["file"] as? String == "registry calibration" && $0["version"] as? String == "1" })
    // The calibration is an audit entry and the chain still verifies.
    #expect(CLI.run(["registry", "audit", "--registry", registry]).output.contains("calibrate"))
    #expect(CLI.run(["registry", "verify", "--registry", registry]).code == 0)
    // A calibration edited outside FlopWatch no longer matches its hash, and is refused.
    let edited = directory.path("edited.sqlite")
    try FileManager.default.copyItem(atPath: registry, toPath: edited)
    let edit = try ExternalTool.run("sqlite3", [edited, "UPDATE calibrations SET body = replace(body, '\"runs\":12', '\"runs\":13')"])
    #expect(edit.status == 0, "\(edit.output)")
    let refused = CLI.run(["estimate", runFile, "--registry", edited])
    #expect(refused.code == 2 && refused.error?.contains("does not match its SHA-256") == true, "\(refused.error ?? "")")
    // A dump carries the calibration to a new registry, which estimates the same.
    let dump = directory.path("dump.jsonl")
    #expect(CLI.run(["registry", "export", "--format", "dump", "-o", dump, "--registry", registry]).code == 0)
    let moved = directory.path("moved.sqlite")
    #expect(CLI.run(["registry", "import", dump, "--registry", moved]).code == 0)
    #expect(try CLI.central(try CLI.json(["estimate", runFile, "--registry", moved])) == calibrated)
  }

  @Test func aRegistryFromBeforeCalibrationsIsReadAsHavingNone() throws {
    let directory = try TempDirectory()
    defer { directory.remove() }
    let registry = directory.path("old.sqlite")
    #expect(CLI.run(["registry", "add", Paths.fixture("runs/atlas-2.yaml"), "--registry", registry]).code == 0)
    // As a registry written by the previous version: no calibrations table, migration v6 not applied.
    let downgrade = try ExternalTool.run("sqlite3", [registry, "DROP TABLE calibrations; DELETE FROM grdb_migrations WHERE identifier = 'v6';"])
    #expect(downgrade.status == 0, "\(downgrade.output)")
    let estimate = CLI.run(["estimate", "--accelerator", "A100", "--gpu-hours", "1000", "--registry", registry])
    #expect(estimate.code == 0, "\(estimate.error ?? "")")
    #expect(estimate.output.contains("utilization not stated: default 0.4"))
  }

  @Test func aRegistryNamedButMissingIsAnError() throws {
    let result = CLI.run(["estimate", "--accelerator", "A100", "--gpu-hours", "1000", "--registry", "/nonexistent/registry.sqlite"])
    #expect(result.code == 2)
    #expect(result.error?.contains("no registry there") == true, "\(result.error ?? "")")
  }

  /// Leave-one-out on the public models with hardware and a reference figure (models-dev.csv):
  /// each run's utilization predicted from the others on the same accelerator.
  @Test func leaveOneOutOnPublicModels() throws {
    let catalogue = try InputLocator().loadCatalogue().catalogue
    let text = try String(contentsOfFile: Paths.fixture("datasets/models-dev.csv"), encoding: .utf8)
    var byAccelerator: [String: [Double]] = [:]
    for line in text.split(whereSeparator: \.isNewline).dropFirst() {
      let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
      guard cells.count > 10, let accelerator = catalogue.accelerator(named: cells[5]), let reference = Double(cells[9]) else { continue }
      let chipHours: Double
      if let hours = Double(cells[8]) { chipHours = hours } else if let chips = Double(cells[6]), let days = Double(cells[7]) { chipHours = chips * days * 24 } else { continue }
      let u = reference / (chipHours * 3600 * (try accelerator.peak(at: accelerator.defaultPrecision)))
      byAccelerator[accelerator.id, default: []].append(u)
    }
    let a100 = try #require(byAccelerator["A100"])
    #expect(a100.count >= 5, "\(byAccelerator)")
    let fit = try #require(UtilizationFit.fit(a100))
    let defaultError = try #require(Statistics.median(a100.map { abs(log10($0 / catalogue.defaultUtilization.central)) }))
    let looError = try #require(fit.leaveOneOutError)
    print("calibration leave-one-out on models-dev A100 rows (\(a100.count)): median |log10| \(looError) vs default prior \(defaultError); coverage \(fit.leaveOneOutCoverage ?? 0)")
    #expect(looError < 0.15)
    #expect((fit.leaveOneOutCoverage ?? 0) >= 0.6)
  }
}
