/// How an estimate was reached, in numbers: what its formula, inputs and assumptions are rendered
/// from when someone asks (`EstimateBasis+Text.swift`).
///
/// Estimating computes figures only; the words that explain them cost more than the figures
/// (a bulk import needs none of them), so they are made from this on request instead of being
/// switched on and off by a flag passed through every method. (Indirect as a whole: with only
/// some cases indirect, debug builds of Swift 6.3 crashed destroying a copy of this enum.)
public indirect enum EstimateBasis: Sendable, Hashable {
  /// A figure the run file states, with its stated bounds when given.
  case declared(flop: Double, low: Double?, high: Double?)
  /// k·N·D over the parameters used per token.
  case parameters(architecture: Architecture, parametersPerToken: Double, tokens: Double)
  /// 2·N per generated token.
  case generation(generatorActiveParameters: Double, tokensGenerated: Double)
  /// The per-layer operation count.
  case architecture(ArchitectureBasis)
  /// Chips × time × peak × utilization.
  case hardware(HardwareBasis)
  /// Several estimates reconciled; `birge` > 1 when they disagreed beyond their intervals.
  case combined(parts: [Part], birge: Double)
  /// An RL stage: its training count plus the rollouts' generation.
  case withRollouts(training: [EstimateBasis], rollouts: [EstimateBasis])
  /// A whole-run figure: the counted stages' estimates summed.
  case sum([EstimateBasis])

  /// One estimate inside a combination.
  public struct Part: Sendable, Hashable {
    public var method: EstimationMethod
    public var central: Double
  }

  /// The per-layer count's numbers.
  public struct ArchitectureBasis: Sendable, Hashable {
    public var layers: Double
    public var dModel: Double
    public var contextLength: Double
    public var tokens: Double
    public var matrixParameters: Double
    public var attentionShare: Double
    public var vocabSize: Double?
    public var heads: Double?
    /// The feed-forward width was assumed (4·d_model), not given.
    public var ffnAssumed: Bool
  }

  /// The hardware method's numbers.
  public struct HardwareBasis: Sendable, Hashable {
    public var accelerator: String
    public var precision: Precision
    public var peak: Double
    public var duration: Duration
    public var utilization: Double
    /// The catalogue's prior, when the run stated no utilization.
    public var prior: AcceleratorCatalogue.UtilizationPrior?
    /// Hardware FLOP utilization converted to model FLOP (× 3/4).
    public var fromHFU: Bool
    /// The registry calibration whose fit stood in for the prior, when one did.
    public var calibrationVersion: Int? = nil

    /// How the run gave its time.
    public enum Duration: Sendable, Hashable {
      case chipHours(Double)
      case days(count: Double, days: Double)
      case hours(count: Double, hours: Double)
    }
  }
}
