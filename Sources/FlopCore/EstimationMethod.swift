/// How a compute figure was obtained.
public enum EstimationMethod: String, Sendable, Hashable, Codable, CaseIterable {
  /// k·N·D from parameters and tokens (6·N·D for dense decoders).
  case parameters
  /// The per-layer operation count (Chinchilla appendix F with the attention term).
  case architecture
  /// Chips × time × dense peak FLOP/s × utilization.
  case hardware
  /// Several estimates reconciled into one.
  case combined
  /// A measured figure supplied by the user.
  case declared
}
