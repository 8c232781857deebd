import Foundation

/// An amount of compute in FLOP (a count, not a rate) with a 90% interval.
///
/// `low` and `high` bound the interval in which the true figure lies with about 90%
/// probability, given what is unknown about the run.
public struct FLOPInterval: Sendable, Hashable, Codable {
  /// The best single figure, in FLOP.
  public var central: Double
  /// The 5th percentile, in FLOP.
  public var low: Double
  /// The 95th percentile, in FLOP.
  public var high: Double

  public init(central: Double, low: Double, high: Double) {
    self.central = central
    self.low = min(low, central)
    self.high = max(high, central)
  }

  /// A figure with no uncertainty.
  public static func exact(_ value: Double) -> FLOPInterval {
    FLOPInterval(central: value, low: value, high: value)
  }

  /// No compute.
  public static let zero = FLOPInterval.exact(0)

  /// Scales central, low and high by a known factor.
  public func scaled(by factor: Double) -> FLOPInterval {
    FLOPInterval(central: central * factor, low: low * factor, high: high * factor)
  }

  /// Adds two amounts whose errors move together (the conservative choice: bounds add).
  ///
  /// Stages of one run share assumptions (the same utilization guess, the same parameter
  /// count), so their errors are treated as fully correlated rather than averaging out.
  public static func + (lhs: FLOPInterval, rhs: FLOPInterval) -> FLOPInterval {
    FLOPInterval(central: lhs.central + rhs.central, low: lhs.low + rhs.low, high: lhs.high + rhs.high)
  }

  /// Whether the interval stays within the EU guidelines' overall error margin of 30%
  /// (Annex A.2) around the central figure.
  public var isWithinEUMargin: Bool {
    guard central > 0 else { return true }
    return low >= central * (1 - Self.euMargin) - central * 1e-9
      && high <= central * (1 + Self.euMargin) + central * 1e-9
  }

  /// The EU guidelines' accepted error margin: 30% of the reported estimate.
  public static let euMargin = 0.30

  /// high ÷ low, a scale-free width.
  public var widthRatio: Double { low > 0 ? high / low : .infinity }

  /// Whether `value` lies inside [low, high].
  public func contains(_ value: Double) -> Bool { value >= low && value <= high }
}
