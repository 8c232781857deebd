import ArgumentParser
import FlopCore
import FlopEngine
import FlopFiles
import FlopRules

/// `flopwatch check`: which thresholds a run crosses, with obligations and due dates.
public struct CheckCommand: ParsableCommand, ResultCommand {
  public static let configuration = CommandConfiguration(
    commandName: "check",
    _superCommandName: "flopwatch",
    abstract: "Check a run against every compute threshold in force on a date.",
    discussion: """
      Statuses: met, may-be-met (the threshold lies inside the estimate's 90% interval), not-met, not-in-force (outside the rule's dates on --as-of, or a vetoed instrument), insufficient-data (names the missing input). In CI, --fail-on exits 1 when any rule reaches that status, and --fail-on-rule when the named rule or regime does; the rules that tripped are printed on stderr and listed under "tripped" in the JSON.

        flopwatch check Fixtures/runs/atlas-2.yaml
        flopwatch check Fixtures/runs/atlas-2.yaml --as-of 2025-06-01 --regime eu-ai-act
        flopwatch check Fixtures/runs/atlas-2.yaml --fail-on-rule eu-ai-act/systemic-risk-presumption=may-be-met
        flopwatch check Fixtures/runs/wren-1b.yaml --thresholds Fixtures/thresholds --fail-on may-be-met
      """)

  /// One `--fail-on` or `--fail-on-rule` gate.
  struct Gate {
    var regime: String?
    var rule: String?
    var level: FailOn
    var text: String

    /// Reads `REGIME/RULE=STATUS` or `REGIME=STATUS`, checking the regime and rule exist.
    init(parsing text: String, set: ThresholdSet) throws {
      let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
      guard parts.count == 2, let level = FailOn(rawValue: parts[1]) else {
        throw CommandError("--fail-on-rule: '\(text)' is not REGIME/RULE=STATUS or REGIME=STATUS (STATUS: met or may-be-met)")
      }
      let target = parts[0].split(separator: "/", maxSplits: 1).map(String.init)
      let loaded = try set.requireRegime(target[0], option: "--fail-on-rule")
      if target.count == 2, !loaded.regime.rules.contains(where: { $0.id == target[1] }) {
        throw CommandError(
          "--fail-on-rule: regime \(target[0]) has no rule '\(target[1])' (rules: \(loaded.regime.rules.map(\.id).joined(separator: ", ")))")
      }
      self.init(regime: target[0], rule: target.count == 2 ? target[1] : nil, level: level, text: "--fail-on-rule \(text)")
    }

    init(regime: String?, rule: String?, level: FailOn, text: String) {
      self.regime = regime
      self.rule = rule
      self.level = level
      self.text = text
    }

    func trips(_ result: RuleResult) -> Bool {
      if let regime, regime != result.regime { return false }
      if let rule, rule != result.rule { return false }
      return result.status == .met || (level == .mayBeMet && result.status == .mayBeMet)
    }
  }

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

  @OptionGroup(title: "Calibration") public var calibration: CalibrationOptions

  @Option(name: .customLong("regime"), help: "Only this regime id (repeatable).")
  public var regimes: [String] = []

  @Option(help: "Exit 1 when a rule is met (met) or may be met (may-be-met).")
  public var failOn: FailOn?

  @Option(
    name: .customLong("fail-on-rule"),
    help: "Exit 1 when this rule or regime reaches the status: REGIME/RULE=met|may-be-met or REGIME=met|may-be-met (repeatable).")
  public var failOnRules: [String] = []

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
    var gates = try failOnRules.map { try Gate(parsing: $0, set: set) }
    if let failOn { gates.insert(Gate(regime: nil, rule: nil, level: failOn, text: "--fail-on \(failOn.rawValue)"), at: 0) }
    var report = try CheckReport.assess(
      document, thresholds: set, catalogue: catalogue, asOf: date, regimes: Set(regimes), calibration: try calibration.load())
    let results = report.results
    report.tripped = results.compactMap { result in
      gates.first { $0.trips(result) }.map { CheckReport.Tripped(regime: result.regime, rule: result.rule, status: result.status, gate: $0.text) }
    }
    let exitCode: Int32 = report.tripped.isEmpty ? 0 : 1
    let diagnostics = report.tripped.map { "tripped: \($0.regime)/\($0.rule) is \($0.status.rawValue) (\($0.gate))\n" }.joined()
    switch format {
    case .json: return CommandResult(output: try JSONOutput.encode(report), exitCode: exitCode, diagnostics: diagnostics)
    case .text: return CommandResult(output: report.text(color: Terminal.colorEnabled), exitCode: exitCode, diagnostics: diagnostics)
    }
  }
}
