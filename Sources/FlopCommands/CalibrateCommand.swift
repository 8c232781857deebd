import ArgumentParser
import FlopCore
import FlopEngine
import FlopRegistry
import Foundation

/// `flopwatch calibrate`: the utilization a lab's clusters actually achieve, learned from its
/// completed runs and stored as a versioned calibration in the registry.
public struct CalibrateCommand: ParsableCommand, ResultCommand {
  public static let configuration = CommandConfiguration(
    commandName: "calibrate",
    _superCommandName: "flopwatch",
    abstract: "Fit utilization per accelerator (and cluster tag) from the registry's completed runs, and store it.",
    discussion: """
      Uses every completed run with hardware (accelerator and time) and a measured compute figure: a declared flop, or k·N·D from its parameters and tokens. Each stage's utilization is that figure ÷ (chip-hours × 3600 × the dense peak at its precision). Per accelerator and precision (and with --tag, per tag value) it fits a log-normal: the median, a 90% range for the next run that narrows as runs are added, and the leave-one-out error (each run predicted from the others) beside the catalogue default's. The result is stored as the next calibration version (an audit entry); estimate, check and plan then use it for matching hardware with 3 or more runs, and say so.

        flopwatch calibrate
        flopwatch calibrate --accelerator H100-SXM --tag cluster
        flopwatch calibrate --tag cluster=east-1 --dry-run
      """)

  @Option(help: "The registry (default $FLOPWATCH_REGISTRY, else $FLOPWATCH_HOME/registry.sqlite).") public var registry: String?
  @Option(help: "Only this accelerator (catalogue id or alias).") public var accelerator: String?
  @Option(help: "Also fit per value of this run tag (cluster), or for one value (cluster=east-1).") public var tag: String?
  @Flag(help: "Print the fit without storing it.") public var dryRun = false
  @Option(help: "Who is calibrating, for the audit log (default: the operating-system user).") public var actor: String?
  @Option(help: "A FlopWatch server whose registry to calibrate (default $FLOPWATCH_SERVER); needs a compliance token.")
  public var server: String?
  @Option(name: .customLong("token-file"), help: "With --server: a file (mode 0600) holding the API token.") public var tokenFile: String?
  @OptionGroup public var thresholds: ThresholdOptions
  @Option(help: "Output format: text or json.") public var format: OutputFormat = .text

  public init() {}

  public func execute() throws -> CommandResult {
    let filter = try CalibrationSamples.Filter(accelerator: accelerator, tag: tag, option: "--tag")
    let catalogue = try thresholds.loadCatalogue()
    if let client = try RegistryClient.resolve(server: server, tokenFile: tokenFile) {
      guard registry == nil else { throw CommandError("give --registry or --server, not both") }
      guard actor == nil else { throw CommandError("--actor is for a local registry; a server audits changes under the token's name") }
      let answer = try client.call(
        "POST", "/calibrate" + RegistryClient.query([("accelerator", accelerator), ("tag", tag), ("dry_run", dryRun ? "true" : nil)]))
      if format == .json { return CommandResult(output: client.text(answer)) }
      return CommandResult(output: Self.text(try client.decode(CalibrationReport.self, answer), registry: client.base, dryRun: dryRun, catalogue: catalogue.catalogue))
    }
    let location = try RegistryLocation.resolve(registry)
    let store = try Registry(location: location, create: false, readOnly: dryRun)
    let report = try CalibrationReport.run(
      registry: store, catalogue: catalogue.catalogue, filter: filter, store: !dryRun, actor: auditActor(actor))
    if format == .json { return CommandResult(output: try JSONOutput.encode(report)) }
    return CommandResult(output: Self.text(report, registry: store.path, dryRun: dryRun, catalogue: catalogue.catalogue))
  }

  static func text(_ report: CalibrationReport, registry: String, dryRun: Bool, catalogue: AcceleratorCatalogue) -> String {
    var lines = ["Utilization from \(registry): \(report.samples) stage(s) with hardware and a measured compute figure, from \(report.completedRuns) completed run(s)"]
    guard !report.fitted.isEmpty else {
      lines.append("Nothing to fit: a scope needs 2 or more such stages (estimates use 3 or more). Nothing stored.")
      lines += report.skipped.map { "  skipped: \($0)" }
      return lines.joined(separator: "\n") + "\n"
    }
    let f3 = { (value: Double) in String(format: "%.3f", value) }
    lines += TextTable.render(
      header: ["scope", "runs", "median", "90% range (next run)", "LOO |log10 err|", "LOO covered", "default err", "used"],
      rows: report.fitted.map { item in
        [
          item.scope.description, "\(item.fit.runs)", f3(item.fit.median), "\(f3(item.fit.low))–\(f3(item.fit.high))",
          item.fit.leaveOneOutError.map(f3) ?? "–",
          item.fit.leaveOneOutCoverage.map { "\(Int(($0 * Double(item.fit.runs)).rounded()))/\(item.fit.runs)" } ?? "–",
          item.defaultError.map(f3) ?? "–", item.used ? "yes" : "no (under 3 runs)",
        ]
      })
    lines.append("default err: median |log10(actual ÷ \(f3(catalogue.defaultUtilization.central)))|, the catalogue default's error on the same runs (FP8: ÷ \(f3(catalogue.defaultUtilizationFP8.central)))")
    lines.append("How the range narrows as history grows (runs in order of end date):")
    for item in report.fitted {
      let steps = item.history.map { "\($0.runs) runs \(f3($0.low))–\(f3($0.high)) (\(String(format: "%.2f", $0.high / $0.low))×)" }
      lines.append("  \(item.scope): " + steps.joined(separator: "; "))
    }
    for skipped in report.skipped { lines.append("skipped: \(skipped)") }
    if dryRun {
      lines.append("Dry run: nothing stored.")
    } else if let version = report.version, let sha256 = report.sha256 {
      lines.append("Stored as calibration v\(version) (sha256 \(sha256.prefix(12))…). estimate, check and plan use it for matching hardware with 3 or more runs.")
    }
    return lines.joined(separator: "\n") + "\n"
  }
}
