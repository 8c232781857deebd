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

  /// Estimates training compute from the hardware a stage used.
  public static func estimate(
    _ spec: HardwareSpec, catalogue: AcceleratorCatalogue, field: String = "hardware",
    calibration: UtilizationCalibration? = nil, tags: [String: String] = [:]
  ) throws(FlopCoreError) -> Result {
    let accelerator = try catalogue.require(spec.accelerator, field: "\(field).accelerator")
    let precision = spec.precision ?? accelerator.defaultPrecision
    let peak = try accelerator.peak(at: precision)
    let chipHours: Double
    let duration: EstimateBasis.HardwareBasis.Duration
    switch spec.duration {
    case .chipHours(let hours):
      chipHours = hours
      duration = .chipHours(hours)
    case .days(let days):
      guard let count = spec.count else {
        throw .insufficientInputs(stage: field, missing: "\(field).count (number of chips) is required with days")
      }
      chipHours = count * days * 24
      duration = .days(count: count, days: days)
    case .hours(let hours):
      guard let count = spec.count else {
        throw .insufficientInputs(stage: field, missing: "\(field).count (number of chips) is required with hours")
      }
      chipHours = count * hours
      duration = .hours(count: count, hours: hours)
    }
    var factors: [UncertaintyFactor] = []
    let utilization: Double
    var prior: AcceleratorCatalogue.UtilizationPrior?
    var calibrationVersion: Int?
    if let stated = spec.utilization {
      utilization = stated
      factors.append(UncertaintyFactor("stated utilization is an average that varies over the run", low: 0.85, high: 1.1))
    } else {
      // A lab's own history for this hardware, when it has enough runs, replaces the catalogue's guess.
      let calibrated = calibration?.prior(accelerator: accelerator.id, precision: precision, tags: tags)
      let assumed = calibrated ?? catalogue.utilizationPrior(for: precision)
      if calibrated != nil { calibrationVersion = calibration?.version }
      utilization = assumed.central
      prior = assumed
      factors.append(UncertaintyFactor(assumedUtilization: assumed))
    }
    var central = chipHours * 3600 * peak * utilization
    let fromHFU = spec.utilizationBasis == .hfu
    if fromHFU {
      // Activation recomputation does not count (EU Annex A.1): full recompute runs 8N per token for 6N useful.
      central *= 0.75
      factors.append(UncertaintyFactor("HFU converted assuming full recomputation; selective recomputation recomputes less", low: 1.0, high: 1.33))
    }
    let basis = EstimateBasis.HardwareBasis(
      accelerator: accelerator.id, precision: precision, peak: peak, duration: duration, utilization: utilization, prior: prior,
      fromHFU: fromHFU, calibrationVersion: calibrationVersion)
    return Result(
      estimate: MethodEstimate(
        method: .hardware, flop: UncertaintyFactor.interval(central: central, factors: factors), uncertainty: factors,
        basis: .hardware(basis)),
      chipHours: chipHours,
      accelerator: accelerator)
  }
}
