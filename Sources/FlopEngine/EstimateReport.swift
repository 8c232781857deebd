import FlopCore
import FlopFiles

/// The JSON document of `flopwatch estimate --format json` (CONTRACT.md §4).
public struct EstimateReport: Encodable, Sendable {
  public struct MethodEntry: Encodable, Sendable {
    public var method: String
    public var flop: FLOPInterval
    public var formula: String
    public var inputs: [String: InputValue]
    public var uncertainty: [UncertaintyFactor]
  }

  public struct StageEntry: Encodable, Sendable {
    public var kind: String
    public var name: String?
    public var counted: Bool
    public var countingReason: String
    public var flop: FLOPInterval?
    public var method: String?
    public var estimates: [MethodEntry]
    public var chipHours: Double?
    public var energyKwh: Double?
  }

  public var run: String?
  public var flop: FLOPInterval
  public var method: String
  public var withinEuMargin: Bool
  public var estimates: [MethodEntry]
  public var stages: [StageEntry]
  public var baseFlop: Double?
  public var cumulativeFlop: FLOPInterval
  public var modificationFlop: FLOPInterval?
  public var chipHours: Double?
  public var energyKwh: Double?
  public var estimatedCostUsd: Double?
  public var assumptions: [String]
  public var warnings: [String]
  public var provenance: [Provenance]

  public init(run: Run, estimate: RunEstimate, provenance: [Provenance]) {
    func entry(_ m: MethodEstimate) -> MethodEntry {
      MethodEntry(method: m.method.rawValue, flop: m.flop, formula: m.formula, inputs: m.inputs, uncertainty: m.uncertainty)
    }
    self.run = run.id ?? run.name
    flop = estimate.flop
    method = estimate.method.rawValue
    withinEuMargin = estimate.withinEUMargin
    estimates = estimate.estimates.map(entry)
    stages = estimate.stages.map { stage in
      StageEntry(
        kind: stage.kind.rawValue, name: stage.name, counted: stage.counted, countingReason: stage.countingReason,
        flop: stage.flop, method: stage.method?.rawValue, estimates: stage.estimates.map(entry),
        chipHours: stage.chipHours, energyKwh: stage.energyKWh)
    }
    baseFlop = estimate.baseFLOP
    cumulativeFlop = estimate.cumulativeFLOP
    modificationFlop = estimate.modificationFLOP
    chipHours = estimate.chipHours
    energyKwh = estimate.energyKWh
    estimatedCostUsd = run.costUSD == nil ? estimate.estimatedCostUSD : nil
    assumptions = estimate.assumptions
    warnings = estimate.warnings
    self.provenance = provenance
  }
}
