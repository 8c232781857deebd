/// The result of one estimation method: a figure, its interval, and how it was reached.
///
/// Computed as figures only; `formula`, `inputs` and `assumptions` are rendered from `basis` when
/// asked for (output, reports), so a bulk import that never shows them never pays for them.
public struct MethodEstimate: Sendable, Hashable, Encodable {
  public var method: EstimationMethod
  public var flop: FLOPInterval
  /// The named sources of uncertainty behind the interval.
  public var uncertainty: [UncertaintyFactor]
  /// The numbers the estimate was made from.
  public var basis: EstimateBasis

  public init(method: EstimationMethod, flop: FLOPInterval, uncertainty: [UncertaintyFactor] = [], basis: EstimateBasis) {
    self.method = method
    self.flop = flop
    self.uncertainty = uncertainty
    self.basis = basis
  }

  /// The formula with the numbers put in, for people to check.
  public var formula: String { basis.formula }
  public var inputs: [String: InputValue] { basis.inputs }
  public var assumptions: [String] { basis.assumptions }

  enum CodingKeys: String, CodingKey { case method, flop, formula, inputs, uncertainty, assumptions }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(method, forKey: .method)
    try container.encode(flop, forKey: .flop)
    try container.encode(formula, forKey: .formula)
    try container.encode(inputs, forKey: .inputs)
    try container.encode(uncertainty, forKey: .uncertainty)
    try container.encode(assumptions, forKey: .assumptions)
  }
}
