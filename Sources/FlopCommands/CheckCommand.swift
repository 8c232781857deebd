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


  /// The thresholds, the catalogue and the run: prefetched while the arguments were parsed when
  /// the command asks for the defaults, else read now (threshold files not in the parsed-file
  /// cache are parsed on all cores).
  func loadInputs() throws -> (ThresholdSet, LoadedCatalogue, RunDocument) {
    if thresholds.directories.isEmpty, thresholds.catalogue == nil, thresholds.home == nil, let prefetch = InputPrefetch.current {
      let document = try prefetch.runDocument(at: runFile)
      let (set, catalogue) = try prefetch.wait()
      return (set, catalogue, document)
    }
    let (set, catalogue) = try thresholds.loadAll()
    return (set, catalogue, try RunDocument.load(path: runFile))
  }

  public func execute() throws -> CommandResult {
    let date = try parseAsOf(asOf)
    let (set, catalogue, document) = try loadInputs()
    for id in regimes { _ = try set.requireRegime(id, option: "--regime") }
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
