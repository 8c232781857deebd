import ArgumentParser
import FlopCore
import FlopFiles
import Foundation

/// `flopwatch validate`: the estimator against a dataset of runs with known compute.
public struct ValidateCommand: ParsableCommand, ResultCommand {
  public static let configuration = CommandConfiguration(
    commandName: "validate",
    _superCommandName: "flopwatch",
    abstract: "Check the estimator against runs with known compute (a CSV like models-dev.csv).",
    discussion: """
      Parameter rows (params or active_params, and tokens) and hardware rows (accelerator with chips and days, or gpu_hours) are estimated separately. For each row it prints the error |log10(estimate / reference)|, whether the 90% interval covers the reference, and the interval width (high ÷ low); then a summary per method.

        flopwatch validate --dataset Fixtures/datasets/models-dev.csv
      """)

  @Option(help: "CSV with columns name, architecture, params, active_params, tokens, accelerator, chips, days, gpu_hours, reference_flop.")
  public var dataset: String

  @Option(help: "Accelerator catalogue file (default: the installed set's, else the shipped one).")
  public var catalogue: String?

  @Option(help: "FlopWatch home, for an installed catalogue (default $FLOPWATCH_HOME, else ~/.flopwatch).")
  public var home: String?

  @Option(help: "Exit 1 when the median parameters-method error (log10) exceeds this value.")
  public var maxMedianError: Double?

  @Option(help: "Output format: text or json.")
  public var format: OutputFormat = .text

  public init() {}


  public func execute() throws -> CommandResult {
    let loaded = try ThresholdOptions.loadCatalogue(path: catalogue, home: home)
    let data = try ValidationDataset.load(path: dataset)
    let report = try ValidationReport.build(data, catalogue: loaded.catalogue, provenance: loaded.provenance)
    var exitCode: Int32 = 0
    if let limit = maxMedianError, let median = report.parameters.summary.medianError, median > limit {
      exitCode = 1
    }
    switch format {
    case .json: return CommandResult(output: try JSONOutput.encode(report), exitCode: exitCode)
    case .text: return CommandResult(output: report.text(), exitCode: exitCode)
    }
  }
}
