import FlopEngine
import ArgumentParser
import FlopCore
import FlopFiles

/// `flopwatch estimate`: training compute from a run file or from flags.
public struct EstimateCommand: ParsableCommand, ResultCommand {
  public static let configuration = CommandConfiguration(
    commandName: "estimate",
    _superCommandName: "flopwatch",
    abstract: "Estimate the training compute of a run, with a 90% interval.",
    discussion: """
      From a run file (YAML or JSON), or from flags describing one pre-training stage:

        flopwatch estimate Fixtures/runs/atlas-2.yaml
        flopwatch estimate --params 175B --tokens 300B
        flopwatch estimate --architecture moe --params 671B --active-params 37B --tokens 14.8T
        flopwatch estimate --accelerator H100-SXM --chips 16384 --days 54 --utilization 0.4
        flopwatch estimate --accelerator A100 --gpu-hours 1.72M

      Methods: parameters (6·N·D; active parameters for MoE; ≈3·N·D encoder-decoder), architecture (per-layer count with the attention term), hardware (chips × time × dense peak × utilization), declared (--flop), combined (several reconciled; a warning when they disagree by more than 2×).
      """)

  @Argument(help: "A run file (YAML or JSON, see Fixtures/runs). Omit to describe the run with flags.")
  public var runFile: String?

  @OptionGroup(title: "Model and data")
  public var model: ModelOptions

  @OptionGroup(title: "Hardware")
  public var hardware: HardwareOptions

  @Option(help: "A measured compute figure in FLOP; it wins over estimation.")
  public var flop: String?

  @Option(help: "Accelerator catalogue file (default: the installed set's, else the shipped Thresholds/accelerators.yaml).")
  public var catalogue: String?

  @Option(help: "FlopWatch home, for an installed catalogue (default $FLOPWATCH_HOME, else ~/.flopwatch).")
  public var home: String?

  @OptionGroup(title: "Calibration")
  public var calibration: CalibrationOptions

  @Option(help: "Output format: text or json.")
  public var format: OutputFormat = .text

  public init() {}

  public func execute() throws -> CommandResult {
    let loaded = try ThresholdOptions.loadCatalogue(path: catalogue, home: home)
    let calibrated = try calibration.load()
    let estimator = Estimator(catalogue: loaded.catalogue, calibration: calibrated)
    let run: Run
    var document: RunDocument?
    if let runFile {
      guard !model.isSet, !hardware.isSet, flop == nil else {
        throw CommandError("give either a run file or flags describing the run, not both")
      }
      guard calibration.tags.isEmpty else { throw CommandError("--tag is for a run given by flags; a run file has its own tags:") }
      let parsed = try RunDocument.load(path: runFile)
      document = parsed
      run = parsed.run
    } else {
      var made = try RunFromFlags.make(model: model, hardware: hardware, flop: flop)
      made.tags = try calibration.tagMap()
      run = made
    }
    let estimate: RunEstimate
    do {
      estimate = try estimator.estimate(run)
    } catch {
      if let document { throw document.locate(error) }
      throw CommandError(RunFromFlags.flagMessage(for: error))
    }
    let provenance = EstimateReport.provenance(of: estimate, catalogue: loaded, calibration: calibrated)
    switch format {
    case .json:
      let report = EstimateReport(run: run, estimate: estimate, provenance: provenance)
      return CommandResult(output: try JSONOutput.encode(report))
    case .text:
      return CommandResult(output: EstimateTextRenderer.render(run: run, estimate: estimate, provenance: provenance))
    }
  }
}
