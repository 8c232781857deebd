import FlopEngine
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
        flopwatch validate --dataset epoch Fixtures/datasets/epoch-models.csv

      With `--dataset epoch FILE`, FILE is a download of Epoch AI's models database: every row with Epoch's training compute is estimated from its parameters and dataset size (language models) and from its hardware (with the default utilization prior, and apart, with the utilization Epoch records), fine-tunes left out.
      """)

  @Option(help: "A CSV with columns name, architecture, params, active_params, tokens, accelerator, chips, days, gpu_hours, reference_flop; or `epoch` followed by an Epoch AI models CSV.")
  public var dataset: String

  @Argument(help: "With --dataset epoch: the Epoch AI CSV file.")
  public var file: String?

  @Option(help: "Accelerator catalogue file (default: the installed set's, else the shipped one).")
  public var catalogue: String?

  @Option(help: "FlopWatch home, for an installed catalogue (default $FLOPWATCH_HOME, else ~/.flopwatch).")
  public var home: String?

  @Option(help: "Exit 1 when any method's median error (log10) exceeds this value; the methods that tripped are printed on stderr.")
  public var maxMedianError: Double?

  @Option(help: "Output format: text or json.")
  public var format: OutputFormat = .text

  public init() {}


  public func execute() throws -> CommandResult {
    let loaded = try ThresholdOptions.loadCatalogue(path: catalogue, home: home)
    let report: ValidationReport
    switch (dataset.lowercased(), file) {
    case ("epoch", let file?):
      report = try ValidationReport.build(epoch: try EpochCSV.load(path: file), catalogue: loaded.catalogue, provenance: loaded.provenance)
    case ("epoch", nil):
      throw CommandError("--dataset epoch: give the Epoch AI CSV file after it (flopwatch validate --dataset epoch FILE.csv)")
    case (_, let file?):
      throw CommandError("--dataset \(dataset) \(file): only `epoch` takes a file argument; give a models-dev-style CSV as --dataset PATH")
    case (_, nil):
      report = try ValidationReport.build(try ValidationDataset.load(path: dataset), catalogue: loaded.catalogue, provenance: loaded.provenance)
    }
    var tripped: [String] = []
    if let limit = maxMedianError {
      guard limit.isFinite, limit >= 0 else { throw CommandError("--max-median-error: \(limit) is not a log10 error (expected 0 or more, such as 0.05)") }
      for (method, section) in [("parameters", report.parameters), ("hardware", report.hardware)] {
        if let median = section.summary.medianError, median > limit {
          tripped.append(String(format: "tripped: %@ median error %.4f (log10) exceeds --max-median-error %.4f", method, median, limit))
        }
      }
    }
    let exitCode: Int32 = tripped.isEmpty ? 0 : 1
    let diagnostics = tripped.map { $0 + "\n" }.joined()
    switch format {
    case .json: return CommandResult(output: try JSONOutput.encode(report), exitCode: exitCode, diagnostics: diagnostics)
    case .text: return CommandResult(output: report.text(), exitCode: exitCode, diagnostics: diagnostics)
    }
  }
}
