/// The right-hand side of a comparison.
public indirect enum ThresholdValue: Sendable, Hashable, Codable {
  /// A number (FLOP, USD, …).
  case number(Double)
  /// A fraction of a metric or of a number, such as one third of the base model's compute.
  case fraction(Double, of: FractionBase)
  case text(String)
  case texts([String])
  case flag(Bool)

  /// What a fraction is taken of.
  public enum FractionBase: Sendable, Hashable, Codable {
    case metric(Metric)
    case number(Double)
  }
}
