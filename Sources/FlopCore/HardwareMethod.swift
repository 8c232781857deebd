/// Compute from hardware: chips × seconds × dense peak FLOP/s × utilization.
///
/// The EU guidelines' hardware-based approach, C = N · L · H · U (Annex A.2), with H the
/// dense (no sparsity) peak at the precision the run used. GPU-hours stand for N · L.
public enum HardwareMethod {
  /// The estimate with the chip-hours and accelerator it used.
  public struct Result: Sendable, Hashable {
    public var estimate: MethodEstimate
    public var chipHours: Double
    public var accelerator: Accelerator
  }

  /// With `explain` false the estimate has its figures and bounds but no formula, inputs,
  /// assumptions or factor texts.
  public static func estimate(
    _ spec: HardwareSpec, catalogue: AcceleratorCatalogue, field: String = "hardware", explain: Bool = true
  ) throws(FlopCoreError) -> Result {
    let accelerator = try catalogue.require(spec.accelerator, field: "\(field).accelerator")
    let precision = spec.precision ?? accelerator.defaultPrecision
    let peak = try accelerator.peak(at: precision)
    let chipHours: Double
    var inputs: [String: InputValue] = [:]
    if explain {
      inputs = ["accelerator": .text(accelerator.id), "precision": .text(precision.rawValue), "peak_flop_per_s": .number(peak)]
    }
    var timeText = ""
    switch spec.duration {
    case .chipHours(let hours):
      chipHours = hours
      guard explain else { break }
      inputs["chip_hours"] = .number(hours)
      timeText = "\(formatScientific(hours, significantFigures: 3)) chip-h × 3600 s"
    case .days(let days):
      guard let count = spec.count else {
        throw .insufficientInputs(stage: field, missing: "\(field).count (number of chips) is required with days")
      }
      chipHours = count * days * 24
      guard explain else { break }
      inputs["count"] = .number(count)
      inputs["days"] = .number(days)
      timeText = "\(formatNumber(count)) chips × \(formatNumber(days)) d × 86400 s"
    case .hours(let hours):
      guard let count = spec.count else {
        throw .insufficientInputs(stage: field, missing: "\(field).count (number of chips) is required with hours")
      }
      chipHours = count * hours
      guard explain else { break }
      inputs["count"] = .number(count)
      inputs["hours"] = .number(hours)
      timeText = "\(formatNumber(count)) chips × \(formatNumber(hours)) h × 3600 s"
    }
    var factors: [UncertaintyFactor] = []
    var assumptions: [String] = []
    if explain { assumptions.append("\(accelerator.id) dense \(precision.rawValue) peak \(formatScientific(peak, significantFigures: 4)) FLOP/s (no sparsity)") }
    let utilization: Double
    if let stated = spec.utilization {
      utilization = stated
      factors.append(UncertaintyFactor("stated utilization is an average that varies over the run", low: 0.85, high: 1.1))
    } else {
      let prior = catalogue.utilizationPrior(for: precision)
      utilization = prior.central
      factors.append(UncertaintyFactor(
        explain ? "utilization not stated: \(formatNumber(prior.central)) assumed, 90% range \(formatNumber(prior.low))–\(formatNumber(prior.high)) (\(prior.basis))" : "",
        low: prior.low / prior.central, high: prior.high / prior.central))
      if explain { assumptions.append("utilization not stated: default \(formatNumber(prior.central)) (90% range \(formatNumber(prior.low))–\(formatNumber(prior.high)))") }
    }
    var central = chipHours * 3600 * peak * utilization
    var formula = ""
    if explain {
      inputs["utilization"] = .number(utilization)
      formula = "\(timeText) × \(formatScientific(peak, significantFigures: 3)) FLOP/s × \(formatNumber(utilization))"
    }
    if spec.utilizationBasis == .hfu {
      // Activation recomputation does not count (EU Annex A.1): full recompute runs 8N per token for 6N useful.
      central *= 0.75
      factors.append(UncertaintyFactor("HFU converted assuming full recomputation; selective recomputation recomputes less", low: 1.0, high: 1.33))
      if explain {
        formula += " × 3/4 (HFU to model FLOP)"
        inputs["utilization_basis"] = .text("hfu")
        assumptions.append("hardware FLOP utilization converted to model FLOP (× 3/4): activation recomputation does not count")
      }
    }
    return Result(
      estimate: MethodEstimate(
        method: .hardware,
        flop: UncertaintyFactor.interval(central: central, factors: factors),
        formula: formula,
        inputs: inputs,
        uncertainty: factors,
        assumptions: assumptions),
      chipHours: chipHours,
      accelerator: accelerator)
  }
}
