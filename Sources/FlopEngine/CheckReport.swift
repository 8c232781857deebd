import FlopCore
import FlopFiles
import FlopRules

/// The result of `flopwatch check` (CONTRACT.md §4), for JSON and text.
public struct CheckReport: Encodable, Sendable {
  public struct EstimateSummary: Encodable, Sendable {
    public var method: String
    public var ownTrainingFlop: FLOPInterval
    public var withinEuMargin: Bool
    public var assumptions: [String]
    public var warnings: [String]
  }

  public var asOf: String
  public var run: String?
  public var trainingFlop: FLOPInterval
  public var estimate: EstimateSummary
  public var thresholdSet: String
  public var thresholds: [Provenance]
  public var results: [RuleResult]
  /// The run file and the SHA-256 of its exact bytes.
  public var runFile: RunFileProvenance?
  /// How inputs were read (market names mapped to codes).
  public var inputNotes: [String] = []
  /// The rules that tripped a `--fail-on` or `--fail-on-rule` gate.
  public var tripped: [Tripped] = []

  public struct Tripped: Encodable, Sendable {
    public var regime: String
    public var rule: String
    public var status: RuleStatus
    public var gate: String

    public init(regime: String, rule: String, status: RuleStatus, gate: String) {
      self.regime = regime
      self.rule = rule
      self.status = status
      self.gate = gate
    }
  }

  init(asOf: CalendarDate, run: Run, estimate: RunEstimate, thresholdSet: String, thresholds: [Provenance], results: [RuleResult]) {
    self.asOf = asOf.description
    self.run = run.id ?? run.name
    trainingFlop = estimate.cumulativeFLOP
    self.estimate = EstimateSummary(
      method: estimate.method.rawValue, ownTrainingFlop: estimate.flop, withinEuMargin: estimate.withinEUMargin,
      assumptions: estimate.assumptions, warnings: estimate.warnings)
    self.thresholdSet = thresholdSet
    self.thresholds = thresholds
    self.results = results
  }
}
