/// The compute of one stage, whether it counts, and the estimates behind it.
public struct StageEstimate: Sendable, Hashable, Encodable {
  public var kind: StageKind
  public var name: String?
  /// Whether the stage counts toward training compute under the EU guidelines.
  public var counted: Bool
  /// Why it counts or not, citing the guidelines.
  public var countingReason: String
  /// The stage's compute; nil when a stage that does not count gave too little to estimate.
  public var flop: FLOPInterval?
  public var method: EstimationMethod?
  public var estimates: [MethodEstimate]
  /// What a reader should check (words rendered on request).
  public var warnings: [EstimateWarning]
  /// Chip-hours, when the stage gave hardware.
  public var chipHours: Double?
  /// Board energy in kWh (chip-hours × board power), excluding host and cooling overheads.
  public var energyKWh: Double?
  /// Cost at the catalogue's typical cloud price, when the run states no cost.
  public var estimatedCostUSD: Double?

  public init(
    kind: StageKind, name: String?, counted: Bool, countingReason: String, flop: FLOPInterval?,
    method: EstimationMethod?, estimates: [MethodEstimate], warnings: [EstimateWarning] = [],
    chipHours: Double? = nil, energyKWh: Double? = nil, estimatedCostUSD: Double? = nil
  ) {
    self.kind = kind
    self.name = name
    self.counted = counted
    self.countingReason = countingReason
    self.flop = flop
    self.method = method
    self.estimates = estimates
    self.warnings = warnings
    self.chipHours = chipHours
    self.energyKWh = energyKWh
    self.estimatedCostUSD = estimatedCostUSD
  }
}
