import FlopCore
import FlopFiles

/// The JSON document of `flopwatch estimate --format json` (CONTRACT.md §4).
struct EstimateReport: Encodable {
  struct MethodEntry: Encodable {
    var method: String
    var flop: FLOPInterval
    var formula: String
    var inputs: [String: InputValue]
    var uncertainty: [UncertaintyFactor]
  }

  struct StageEntry: Encodable {
    var kind: String
    var name: String?
    var counted: Bool
    var countingReason: String
    var flop: FLOPInterval?
    var method: String?
    var estimates: [MethodEntry]
    var chipHours: Double?
    var energyKwh: Double?
  }

  var run: String?
  var flop: FLOPInterval
  var method: String
  var withinEuMargin: Bool
  var estimates: [MethodEntry]
  var stages: [StageEntry]
  var baseFlop: Double?
  var cumulativeFlop: FLOPInterval
  var modificationFlop: FLOPInterval?
  var chipHours: Double?
  var energyKwh: Double?
  var estimatedCostUsd: Double?
  var assumptions: [String]
  var warnings: [String]
  var provenance: [Provenance]

  init(run: Run, estimate: RunEstimate, provenance: [Provenance]) {
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
