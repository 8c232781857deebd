/// The model a run starts from, for lineage and the EU downstream-modifier rule.
public struct BaseModel: Sendable, Hashable, Codable {
  /// A registry run id, when the base was trained and recorded here.
  public var run: String?
  public var name: String?
  /// Known training compute of the original, in FLOP.
  public var trainingFLOP: Double?
  /// Its 90% interval, when known (a registered base run's, or `training_flop: {central, low, high}`);
  /// without it the figure is taken as exact.
  public var trainingFLOPBounds: ClosedRange<Double>?

  /// The original's compute as an interval, when known.
  public var trainingInterval: FLOPInterval? {
    trainingFLOP.map { central in
      FLOPInterval(central: central, low: trainingFLOPBounds?.lowerBound ?? central, high: trainingFLOPBounds?.upperBound ?? central)
    }
  }
  /// Whether the original is presumed or designated a GPAI model with systemic risk.
  public var systemicRisk: Bool?
  /// Whether the same provider made the original (false: a downstream modifier).
  public var sameProvider: Bool?

  public init(
    run: String? = nil, name: String? = nil, trainingFLOP: Double? = nil, systemicRisk: Bool? = nil,
    sameProvider: Bool? = nil
  ) {
    self.run = run
    self.name = name
    self.trainingFLOP = trainingFLOP
    self.systemicRisk = systemicRisk
    self.sameProvider = sameProvider
  }
}
