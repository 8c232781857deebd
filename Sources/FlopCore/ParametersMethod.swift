/// Compute from parameters and tokens: k·N·D.
///
/// Forward pass ≈ 2 FLOP per parameter per token (one multiply-add), backward ≈ 2× forward,
/// so training ≈ 6·N·D (Kaplan et al. 2020; EU guidelines Annex A.2). Mixture-of-experts
/// models use active parameters (Epoch: DBRX 6 × 36B × 12T). Encoder-decoder models send each
/// token through about half the parameters, so ≈ 3·N·D (FLAN's T5 figures; estimation.md §3.2).
public enum ParametersMethod {
  /// Estimates training compute for `tokens` processed through `parametersPerToken`.
  /// With `explain` false the estimate has its figures and bounds but no formula, inputs or assumptions.
  public static func estimate(
    architecture: Architecture, parametersPerToken: Double, tokens: Double, explain: Bool = true
  ) -> MethodEstimate {
    let k: Double = architecture == .encoderDecoder ? 3 : 6
    let central = k * parametersPerToken * tokens
    var factors = [
      UncertaintyFactor("whether the parameter count includes embeddings (±5–10% for small or large-vocabulary models)", low: 0.93, high: 1.07),
      UncertaintyFactor("restarts and lost work that some developers include in reported figures", low: 1.0, high: 1.15),
    ]
    var assumptions: [String] = []
    switch architecture {
    case .dense:
      factors.append(UncertaintyFactor("attention-score FLOP omitted by 6·N·D (small when d_model ≫ context/12)", low: 1.0, high: 1.10))
      assumptions.append("6·N·D: 2 FLOP per parameter per token forward, backward twice the forward")
    case .moe:
      factors.append(UncertaintyFactor("attention-score FLOP omitted by 6·N·D (small when d_model ≫ context/12)", low: 1.0, high: 1.10))
      factors.append(UncertaintyFactor("what the published active-parameter count includes (shared experts, attention)", low: 0.93, high: 1.08))
      assumptions.append("mixture-of-experts: 6·N_active·D with the parameters used per token; router FLOP negligible")
    case .encoderDecoder:
      factors.append(UncertaintyFactor("3·N·D assumes tokens split about evenly between encoder and decoder", low: 0.8, high: 1.3))
      assumptions.append("encoder-decoder: ≈3·N·D, each token passes through about half the parameters")
    case .diffusion, .other:
      factors.append(UncertaintyFactor("6·N·D is a rough guide outside transformers; per-sample counting or hardware is better", low: 0.5, high: 2.0))
      assumptions.append("\(architecture.rawValue): 6·N·D per token-equivalent, a rough guide only")
    }
    let flop = UncertaintyFactor.interval(central: central, factors: factors)
    guard explain else { return .unexplained(.parameters, flop: flop, uncertainty: factors) }
    let symbol = architecture == .moe ? "N_active" : "N"
    return MethodEstimate(
      method: .parameters,
      flop: flop,
      formula: "\(formatNumber(k)) × \(symbol) \(formatScientific(parametersPerToken, significantFigures: 3)) × D \(formatScientific(tokens, significantFigures: 3))",
      inputs: ["k": .number(k), "parameters_per_token": .number(parametersPerToken), "tokens": .number(tokens)],
      uncertainty: factors,
      assumptions: assumptions)
  }
}
