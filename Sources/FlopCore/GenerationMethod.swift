/// Compute of generating tokens with a model (synthetic data, RL rollouts): 2·N per token.
///
/// Generation is forward passes only: one multiply-add (2 FLOP) per active parameter per
/// token. The EU guidelines count every generated sample of non-public synthetic data,
/// discarded ones included (Annex A.1).
public enum GenerationMethod {
  /// Estimates the compute of generating `tokensGenerated` tokens.
  public static func estimate(generatorActiveParameters: Double, tokensGenerated: Double) -> MethodEstimate {
    let central = 2 * generatorActiveParameters * tokensGenerated
    let factors = [
      UncertaintyFactor("prompt prefill (2·N per prompt token) not given separately", low: 1.0, high: 1.2),
      UncertaintyFactor("attention over the KV cache not counted by 2·N", low: 1.0, high: 1.08),
    ]
    return MethodEstimate(
      method: .parameters, flop: UncertaintyFactor.interval(central: central, factors: factors), uncertainty: factors,
      basis: .generation(generatorActiveParameters: generatorActiveParameters, tokensGenerated: tokensGenerated))
  }
}
