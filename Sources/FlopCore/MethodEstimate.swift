/// The result of one estimation method: a figure, its interval, and how it was reached.
public struct MethodEstimate: Sendable, Hashable, Codable {
  public var method: EstimationMethod
  public var flop: FLOPInterval
  /// The formula with the numbers put in, for people to check.
  public var formula: String
  public var inputs: [String: InputValue]
  /// The named sources of uncertainty behind the interval.
  public var uncertainty: [UncertaintyFactor]
  public var assumptions: [String]

  public init(
    method: EstimationMethod, flop: FLOPInterval, formula: String, inputs: [String: InputValue],
    uncertainty: [UncertaintyFactor] = [], assumptions: [String] = []
  ) {
    self.method = method
    self.flop = flop
    self.formula = formula
    self.inputs = inputs
    self.uncertainty = uncertainty
    self.assumptions = assumptions
  }

  /// An estimate with its figures and uncertainty but no formula, inputs or assumptions, as the
  /// methods give it when asked not to explain themselves (`Estimator.explains`).
  static func unexplained(_ method: EstimationMethod, flop: FLOPInterval, uncertainty: [UncertaintyFactor]) -> MethodEstimate {
    MethodEstimate(method: method, flop: flop, formula: "", inputs: [:], uncertainty: uncertainty)
  }
}
