import ArgumentParser
import FlopCore
import FlopFiles
import FlopRules

/// `flopwatch check`: which thresholds a run crosses, with obligations and due dates.
public struct CheckCommand: ParsableCommand, ResultCommand {
  public static let configuration = CommandConfiguration(
    commandName: "check",
    _superCommandName: "flopwatch",
    abstract: "Check a run against every compute threshold in force on a date.",
    discussion: """
      Statuses: met, may-be-met (the threshold lies inside the estimate's 90% interval), not-met,
      not-in-force (outside the rule's dates on --as-of, or a vetoed instrument), insufficient-data
      (names the missing input). Use --fail-on in CI: exit 1 when any rule reaches that status.
        flopwatch check Fixtures/runs/atlas-2.yaml
        flopwatch check Fixtures/runs/atlas-2.yaml --as-of 2025-06-01 --regime eu-ai-act
        flopwatch check Fixtures/runs/wren-1b.yaml --thresholds Fixtures/thresholds --fail-on may-be-met
      """)

  /// The status at which `--fail-on` trips.
  public enum FailOn: String, ExpressibleByArgument, CaseIterable, Sendable {
    case met
    case mayBeMet = "may-be-met"
  }

  @Argument(help: "The run file (YAML or JSON).")
  public var runFile: String

  @Option(help: "Check the law in force on this date (YYYY-MM-DD; default today).")
  public var asOf: String?

  @OptionGroup public var thresholds: ThresholdOptions

  @Option(name: .customLong("regime"), help: "Only this regime id (repeatable).")
  public var regimes: [String] = []

  @Option(help: "Exit 1 when a rule is met (met) or may be met (may-be-met).")
  public var failOn: FailOn?

  @Option(help: "Output format: text or json.")
  public var format: OutputFormat = .text

  public init() {}


  /// Reads the thresholds, the catalogue and the run at the same time: start-up is most of a check.
  func loadInputs() throws -> (ThresholdSet, LoadedCatalogue, RunDocument) {
    enum Loaded: Sendable {
      case thresholds(ThresholdSet)
      case catalogue(LoadedCatalogue)
      case run(RunDocument)
    }
    let directories = thresholds.directories
    let cataloguePath = thresholds.catalogue
    let home = thresholds.home
    let path = runFile
    if directories.isEmpty, cataloguePath == nil, home == nil, let prefetch = InputPrefetch.current {
      let document = try prefetch.runDocument(at: path)
      let (set, catalogue) = try prefetch.wait()
      return (set, catalogue, document)
    }
    let loaded = try ParallelMap.map([0, 1, 2]) { (job: Int) throws -> Loaded in
      switch job {
      case 0: return .thresholds(try ThresholdOptions.load(directories: directories, home: home))
      case 1: return .catalogue(try ThresholdOptions.loadCatalogue(path: cataloguePath, home: home))
      default: return .run(try RunDocument.load(path: path))
      }
    }
    guard case .thresholds(let set) = loaded[0], case .catalogue(let catalogue) = loaded[1], case .run(let document) = loaded[2]
    else { throw CommandError("internal error: inputs loaded out of order") }
    return (set, catalogue, document)
  }

  public func execute() throws -> CommandResult {
    let date = try parseAsOf(asOf)
    let (set, catalogue, document) = try loadInputs()
    for id in regimes where set.regime(id) == nil {
      throw CommandError("--regime: unknown regime '\(id)' (known: \(set.regimes.map(\.regime.id).joined(separator: ", ")))")
    }
    let estimate: RunEstimate
    do {
      estimate = try Estimator(catalogue: catalogue.catalogue).estimate(document.run)
    } catch {
      throw document.locate(error)
    }
    let results = RuleEvaluator(run: document.run, estimate: estimate, asOf: date).check(set, regimes: Set(regimes))
    let used = set.regimes.filter { regimes.isEmpty || regimes.contains($0.regime.id) }
    let report = CheckReport(
      asOf: date, run: document.run, estimate: estimate, thresholdSet: set.label,
      thresholds: used.map(\.provenance) + [catalogue.provenance], results: results)
    var exitCode: Int32 = 0
    if let failOn {
      let tripping: Set<RuleStatus> = failOn == .met ? [.met] : [.met, .mayBeMet]
      if results.contains(where: { tripping.contains($0.status) }) { exitCode = 1 }
    }
    switch format {
    case .json: return CommandResult(output: try JSONOutput.encode(report), exitCode: exitCode)
    case .text: return CommandResult(output: report.text(color: Terminal.colorEnabled), exitCode: exitCode)
    }
  }
}
