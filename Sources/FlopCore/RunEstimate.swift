/// The training compute of a whole run: counted stages summed, with lineage.
public struct RunEstimate: Sendable, Hashable, Encodable {
  /// The run's own counted compute.
  public var flop: FLOPInterval
  public var method: EstimationMethod
  /// Whole-run figures per method, for methods that cover every counted stage.
  public var estimates: [MethodEstimate]
  public var stages: [StageEstimate]
  /// Assumptions about which stages count (the EU guidelines' reading), made while estimating.
  public var countingAssumptions: [String]
  /// What a reader should check, as found; `warnings` renders them.
  public var findings: [EstimateWarning]
  /// Whether the interval is within the EU guidelines' ±30% error margin.
  public var withinEUMargin: Bool
  /// Compute of the base model, when the run names one with a known figure.
  public var baseFLOP: Double?
  /// The base model's compute with its interval (exact when only a figure is known).
  public var baseInterval: FLOPInterval?
  /// Own plus base compute: the cumulative figure the EU systemic-risk test uses.
  public var cumulativeFLOP: FLOPInterval
  /// Compute of the stages that modify an existing model (fine-tuning, RL, continued pre-training,
  /// synthetic data), for the EU one-third rule.
  public var modificationFLOP: FLOPInterval?
  public var chipHours: Double?
  public var energyKWh: Double?
  public var estimatedCostUSD: Double?

  public init(
    flop: FLOPInterval, method: EstimationMethod, estimates: [MethodEstimate], stages: [StageEstimate],
    countingAssumptions: [String], findings: [EstimateWarning], baseFLOP: Double?, modificationFLOP: FLOPInterval?,
    chipHours: Double? = nil, energyKWh: Double? = nil, estimatedCostUSD: Double? = nil, baseInterval: FLOPInterval? = nil
  ) {
    self.flop = flop
    self.method = method
    self.estimates = estimates
    self.stages = stages
    self.countingAssumptions = countingAssumptions
    self.findings = findings
    self.withinEUMargin = flop.isWithinEUMargin
    self.baseFLOP = baseFLOP
    self.baseInterval = baseInterval ?? baseFLOP.map { .exact($0) }
    // The base's interval is carried: a fine-tune of an uncertain base is as uncertain.
    self.cumulativeFLOP = self.baseInterval.map { flop + $0 } ?? flop
    self.modificationFLOP = modificationFLOP
    self.chipHours = chipHours
    self.energyKWh = energyKWh
    self.estimatedCostUSD = estimatedCostUSD
  }

  /// Every assumption behind the figure, in words: which stages count, then what each counted
  /// stage's chosen estimates assumed (rendered on request, see `EstimateBasis`).
  public var assumptions: [String] {
    var all = countingAssumptions
    for stage in stages {
      for estimate in stage.estimates where estimate.method == stage.method || stage.method == .combined {
        all += estimate.assumptions
      }
    }
    return Estimator.unique(all)
  }

  /// What a reader should check, in words, without repeats.
  public var warnings: [String] { Estimator.unique(findings.map(\.description)) }

  enum CodingKeys: String, CodingKey {
    case flop, method, estimates, stages, assumptions, warnings, withinEUMargin, baseFLOP, baseInterval, cumulativeFLOP
    case modificationFLOP, chipHours, energyKWh, estimatedCostUSD
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(flop, forKey: .flop)
    try c.encode(method, forKey: .method)
    try c.encode(estimates, forKey: .estimates)
    try c.encode(stages, forKey: .stages)
    try c.encode(assumptions, forKey: .assumptions)
    try c.encode(warnings, forKey: .warnings)
    try c.encode(withinEUMargin, forKey: .withinEUMargin)
    try c.encodeIfPresent(baseFLOP, forKey: .baseFLOP)
    try c.encodeIfPresent(baseInterval, forKey: .baseInterval)
    try c.encode(cumulativeFLOP, forKey: .cumulativeFLOP)
    try c.encodeIfPresent(modificationFLOP, forKey: .modificationFLOP)
    try c.encodeIfPresent(chipHours, forKey: .chipHours)
    try c.encodeIfPresent(energyKWh, forKey: .energyKWh)
    try c.encodeIfPresent(estimatedCostUSD, forKey: .estimatedCostUSD)
  }
}
