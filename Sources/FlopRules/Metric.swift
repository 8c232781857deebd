/// A quantity a rule can test, computed from a run and its estimate.
public enum Metric: String, Sendable, Hashable, Codable, CaseIterable {
  /// Cumulative training compute: the run's counted compute plus its base model's.
  case trainingFLOP = "training_flop"
  /// The run's own counted compute, without the base model.
  case ownTrainingFLOP = "own_training_flop"
  /// Compute that directly updates parameters (stages that train, not data generation), base
  /// model included: the EU guidelines' measure for the GPAI question (Annex A.1).
  case parameterUpdateFLOP = "parameter_update_flop"
  /// Compute spent modifying a base model (the whole run, when it has a base model).
  case modificationFLOP = "modification_flop"
  /// The base model's training compute, when known.
  case baseTrainingFLOP = "base_training_flop"
  /// The run's compute cost in USD: stated, else estimated from catalogue prices.
  case computeCostUSD = "compute_cost_usd"
  /// The developer's annual revenue in USD.
  case developerRevenueUSD = "developer_revenue_usd"
  /// Output modalities (a list).
  case modalities
  /// The model's domain (`general`, `biological-sequences`, …).
  case domain
  /// Markets the model is placed in (a list).
  case markets
  /// Whether the base model is presumed or designated to carry systemic risk.
  case baseSystemicRisk = "base.systemic_risk"
  /// Whether the base model comes from the same provider.
  case baseSameProvider = "base.same_provider"
  /// Declared: state-of-the-art technology is applied (Korea's decree).
  case stateOfTheArt = "state_of_the_art"
  /// Declared: the risk may broadly and seriously affect life, body or fundamental rights (Korea's decree).
  case broadSeriousRisk = "broad_serious_risk"
  /// Released under a free and open-source licence with public weights (EU Art. 53(2)).
  case openSourceRelease = "open_source_release"

  /// What kind of value the metric holds, which decides the operators it accepts.
  public enum Kind: Sendable { case quantity, list, text, flag }

  public var kind: Kind {
    switch self {
    case .trainingFLOP, .ownTrainingFLOP, .parameterUpdateFLOP, .modificationFLOP, .baseTrainingFLOP, .computeCostUSD, .developerRevenueUSD:
      return .quantity
    case .modalities, .markets: return .list
    case .domain: return .text
    case .baseSystemicRisk, .baseSameProvider, .stateOfTheArt, .broadSeriousRisk, .openSourceRelease: return .flag
    }
  }

  /// The run-file field a user fills in to supply this metric.
  public var inputHint: String {
    switch self {
    case .trainingFLOP, .ownTrainingFLOP, .parameterUpdateFLOP: return "stages (tokens and parameters, hardware, or flop)"
    case .modificationFLOP: return "the run has no base_model"
    case .baseTrainingFLOP: return "base_model.training_flop"
    case .computeCostUSD: return "cost_usd (or hardware with a catalogue price)"
    case .developerRevenueUSD: return "developer.annual_revenue_usd"
    case .modalities: return "model.modalities"
    case .domain: return "model.domain"
    case .markets: return "markets"
    case .baseSystemicRisk: return "base_model.systemic_risk"
    case .baseSameProvider: return "base_model.same_provider"
    case .stateOfTheArt: return "risk.state_of_the_art"
    case .broadSeriousRisk: return "risk.broad_serious_risk"
    case .openSourceRelease: return "licence.open_source and licence.weights_public"
    }
  }
}
