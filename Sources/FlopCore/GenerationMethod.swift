/// Compute of generating tokens with a model (synthetic data, RL rollouts): 2·N per token.
///
/// Generation is forward passes only: one multiply-add (2 FLOP) per active parameter per
/// token. The EU guidelines count every generated sample of non-public synthetic data,
/// discarded ones included (Annex A.1).
public enum GenerationMethod {
  /// With `explain` false the estimate has its figures and bounds but no formula, inputs or assumptions.
  public static func estimate(generatorActiveParameters: Double, tokensGenerated: Double, explain: Bool = true) -> MethodEstimate {
    let central = 2 * generatorActiveParameters * tokensGenerated
    let factors = [
      UncertaintyFactor("prompt prefill (2·N per prompt token) not given separately", low: 1.0, high: 1.2),
      UncertaintyFactor("attention over the KV cache not counted by 2·N", low: 1.0, high: 1.08),
    ]
    let flop = UncertaintyFactor.interval(central: central, factors: factors)
    guard explain else { return .unexplained(.parameters, flop: flop, uncertainty: factors) }
    return MethodEstimate(
      method: .parameters,
      flop: flop,
      formula: "2 × N_gen \(formatScientific(generatorActiveParameters, significantFigures: 3)) × tokens generated \(formatScientific(tokensGenerated, significantFigures: 3))",
      inputs: ["generator_active_parameters": .number(generatorActiveParameters), "tokens_generated": .number(tokensGenerated)],
      uncertainty: factors,
      assumptions: ["generation: 2·N FLOP per generated token (forward pass only), discarded samples included"])
  }
}
