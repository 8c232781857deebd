/// The words of an estimate, rendered from its numbers on request.
extension EstimateBasis {
  /// The formula with the numbers put in, for people to check.
  public var formula: String {
    switch self {
    case .declared(let flop, _, _):
      return "declared \(formatFLOP(flop))"
    case .parameters(let architecture, let n, let d):
      let symbol = architecture == .moe ? "N_active" : "N"
      return "\(formatNumber(ParametersMethod.factor(architecture))) × \(symbol) \(formatScientific(n, significantFigures: 3)) × D \(formatScientific(d, significantFigures: 3))"
    case .generation(let n, let d):
      return "2 × N_gen \(formatScientific(n, significantFigures: 3)) × tokens generated \(formatScientific(d, significantFigures: 3))"
    case .architecture(let a):
      return "D \(formatScientific(a.tokens, significantFigures: 3)) × (6 × \(formatScientific(a.matrixParameters, significantFigures: 3)) + 12 × L \(formatNumber(a.layers)) × S \(formatNumber(a.contextLength)) × d \(formatNumber(a.dModel)))"
    case .hardware(let h):
      let time: String
      switch h.duration {
      case .chipHours(let hours): time = "\(formatScientific(hours, significantFigures: 3)) chip-h × 3600 s"
      case .days(let count, let days): time = "\(formatNumber(count)) chips × \(formatNumber(days)) d × 86400 s"
      case .hours(let count, let hours): time = "\(formatNumber(count)) chips × \(formatNumber(hours)) h × 3600 s"
      }
      return "\(time) × \(formatScientific(h.peak, significantFigures: 3)) FLOP/s × \(formatNumber(h.utilization))"
        + (h.fromHFU ? " × 3/4 (HFU to model FLOP)" : "")
    case .combined(let parts, _):
      return "weighted geometric mean of " + parts.map { "\($0.method.rawValue) \(formatFLOP($0.central))" }.joined(separator: ", ")
    case .withRollouts(let training, let rollouts):
      return (training + rollouts).map(\.formula).joined(separator: " + ")
    case .sum(let parts):
      return parts.map(\.formula).joined(separator: " + ")
    }
  }

  /// The inputs the formula used, by name.
  public var inputs: [String: InputValue] {
    switch self {
    case .declared(let flop, let low, let high):
      var inputs: [String: InputValue] = ["flop": .number(flop)]
      if let low, let high {
        inputs["flop_low"] = .number(low)
        inputs["flop_high"] = .number(high)
      }
      return inputs
    case .parameters(let architecture, let n, let d):
      return ["k": .number(ParametersMethod.factor(architecture)), "parameters_per_token": .number(n), "tokens": .number(d)]
    case .generation(let n, let d):
      return ["generator_active_parameters": .number(n), "tokens_generated": .number(d)]
    case .architecture(let a):
      var inputs: [String: InputValue] = [
        "layers": .number(a.layers), "d_model": .number(a.dModel), "context_length": .number(a.contextLength),
        "tokens": .number(a.tokens), "matrix_parameters": .number(a.matrixParameters), "attention_share": .number(a.attentionShare),
      ]
      if let v = a.vocabSize { inputs["vocab_size"] = .number(v) }
      if let h = a.heads { inputs["heads"] = .number(h) }
      return inputs
    case .hardware(let h):
      var inputs: [String: InputValue] = [
        "accelerator": .text(h.accelerator), "precision": .text(h.precision.rawValue), "peak_flop_per_s": .number(h.peak),
        "utilization": .number(h.utilization),
      ]
      switch h.duration {
      case .chipHours(let hours): inputs["chip_hours"] = .number(hours)
      case .days(let count, let days): (inputs["count"], inputs["days"]) = (.number(count), .number(days))
      case .hours(let count, let hours): (inputs["count"], inputs["hours"]) = (.number(count), .number(hours))
      }
      if h.fromHFU { inputs["utilization_basis"] = .text("hfu") }
      return inputs
    case .combined(let parts, _):
      var inputs: [String: InputValue] = [:]
      for part in parts { inputs[part.method.rawValue] = .number(part.central) }
      return inputs
    case .withRollouts(let training, let rollouts):
      var inputs: [String: InputValue] = [:]
      for part in training { inputs.merge(part.inputs) { _, new in new } }
      for part in rollouts { for (key, value) in part.inputs { inputs["rollout_" + key] = value } }
      return inputs
    case .sum(let parts):
      return parts.count == 1 ? parts[0].inputs : [:]
    }
  }

  /// What the estimate assumed, in words.
  public var assumptions: [String] {
    switch self {
    case .declared:
      return ["declared figure supplied by the user wins over estimation"]
    case .parameters(let architecture, _, _):
      switch architecture {
      case .dense: return ["6·N·D: 2 FLOP per parameter per token forward, backward twice the forward"]
      case .moe: return ["mixture-of-experts: 6·N_active·D with the parameters used per token; router FLOP negligible"]
      case .encoderDecoder: return ["encoder-decoder: ≈3·N·D, each token passes through about half the parameters"]
      case .diffusion, .other: return ["\(architecture.rawValue): 6·N·D per token-equivalent, a rough guide only"]
      }
    case .generation:
      return ["generation: 2·N FLOP per generated token (forward pass only), discarded samples included"]
    case .architecture(let a):
      var assumptions = ["per-layer count (Chinchilla appendix F): 3 × forward; attention scores 4·L·S·d per token forward, full (not causal-halved)"]
      if a.ffnAssumed { assumptions.append("ffn_dim not given: 4·d_model with two matrices") }
      assumptions.append("attention-score term is \(formatNumber((a.attentionShare * 1000).rounded() / 10))% of the total, the difference from 6·N·D")
      return assumptions
    case .hardware(let h):
      var assumptions = ["\(h.accelerator) dense \(h.precision.rawValue) peak \(formatScientific(h.peak, significantFigures: 4)) FLOP/s (no sparsity)"]
      if let prior = h.prior, h.calibrationVersion != nil {
        assumptions.append("utilization not stated: \(formatNumber(prior.central)) (90% range \(formatNumber(prior.low))–\(formatNumber(prior.high))) \(prior.basis)")
      } else if let prior = h.prior {
        assumptions.append("utilization not stated: default \(formatNumber(prior.central)) (90% range \(formatNumber(prior.low))–\(formatNumber(prior.high)))")
      }
      if h.fromHFU {
        assumptions.append("hardware FLOP utilization converted to model FLOP (× 3/4): activation recomputation does not count")
      }
      return assumptions
    case .combined(let parts, let birge):
      var assumptions = ["combined: inverse-variance weighted geometric mean of \(parts.map(\.method.rawValue).joined(separator: " and "))"]
      if birge > 1 {
        assumptions.append("estimates disagree beyond their intervals: interval widened × \(formatNumber((birge * 100).rounded() / 100))")
      }
      return assumptions
    case .withRollouts(let training, let rollouts):
      return (training + rollouts).flatMap(\.assumptions)
    case .sum(let parts):
      return Estimator.unique(parts.flatMap(\.assumptions))
    }
  }
}
