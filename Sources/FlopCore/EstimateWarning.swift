/// Something a reader of an estimate should check, kept as what was found; its words are
/// written when read, so estimating a million runs writes none.
public indirect enum EstimateWarning: Sendable, Hashable, CustomStringConvertible, Encodable {
  /// Two methods' central figures differ by more than `Reconciler.disagreementRatio`.
  case disagreement(context: String, high: EstimateBasis.Part, low: EstimateBasis.Part)
  case noStageCounts
  case mixtureOfExpertsWithoutActiveParameters
  /// A stage's warning, named by the stage.
  case inStage(String, EstimateWarning)

  public var description: String {
    switch self {
    case .disagreement(let context, let high, let low):
      let ratio = high.central / low.central
      return "\(context): \(high.method.rawValue) (\(formatFLOP(high.central))) and \(low.method.rawValue) "
        + "(\(formatFLOP(low.central))) disagree by \(formatNumber((ratio * 10).rounded() / 10))×; check the inputs"
    case .noStageCounts: return "no stage counts toward training compute"
    case .mixtureOfExpertsWithoutActiveParameters:
      return "mixture-of-experts model without active_parameters: the parameters method needs them"
    case .inStage(let stage, let warning): return "\(stage): \(warning)"
    }
  }

  /// Encoded as its words, as the JSON output has always given warnings.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(description)
  }
}
