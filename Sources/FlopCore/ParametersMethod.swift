/// Compute from parameters and tokens: k·N·D.
///
/// Forward pass ≈ 2 FLOP per parameter per token (one multiply-add), backward ≈ 2× forward,
/// so training ≈ 6·N·D (Kaplan et al. 2020; EU guidelines Annex A.2). Mixture-of-experts
/// models use active parameters (Epoch: DBRX 6 × 36B × 12T). Encoder-decoder models send each
/// token through about half the parameters, so ≈ 3·N·D (FLAN's T5 figures; estimation.md §3.2).
public enum ParametersMethod {
  /// FLOP per parameter per token: 6 (2 forward, 4 backward), 3 for encoder-decoder models.
  static func factor(_ architecture: Architecture) -> Double { architecture == .encoderDecoder ? 3 : 6 }

  /// Estimates training compute for `tokens` processed through `parametersPerToken`.
  public static func estimate(architecture: Architecture, parametersPerToken: Double, tokens: Double) -> MethodEstimate {
    let central = factor(architecture) * parametersPerToken * tokens
    var factors = [
      UncertaintyFactor("whether the parameter count includes embeddings (±5–10% for small or large-vocabulary models)", low: 0.93, high: 1.07),
      UncertaintyFactor("restarts and lost work that some developers include in reported figures", low: 1.0, high: 1.15),
    ]
    switch architecture {
    case .dense:
      factors.append(UncertaintyFactor("attention-score FLOP omitted by 6·N·D (small when d_model ≫ context/12)", low: 1.0, high: 1.10))
    case .moe:
      factors.append(UncertaintyFactor("attention-score FLOP omitted by 6·N·D (small when d_model ≫ context/12)", low: 1.0, high: 1.10))
      factors.append(UncertaintyFactor("what the published active-parameter count includes (shared experts, attention)", low: 0.93, high: 1.08))
    case .encoderDecoder:
      factors.append(UncertaintyFactor("3·N·D assumes tokens split about evenly between encoder and decoder", low: 0.8, high: 1.3))
    case .diffusion, .other:
      factors.append(UncertaintyFactor("6·N·D is a rough guide outside transformers; per-sample counting or hardware is better", low: 0.5, high: 2.0))
    }
    return MethodEstimate(
      method: .parameters, flop: UncertaintyFactor.interval(central: central, factors: factors), uncertainty: factors,
      basis: .parameters(architecture: architecture, parametersPerToken: parametersPerToken, tokens: tokens))
  }
}
