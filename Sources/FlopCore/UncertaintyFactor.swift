import Foundation

/// One named source of uncertainty, as multiplicative 90% bounds around a central figure.
///
/// `low` ≤ 1 ≤ `high`. A factor of (0.93, 1.07) means "the true figure is within −7% and
/// +7% of the central one, 90% of the time, because of this cause alone".
public struct UncertaintyFactor: Sendable, Hashable, Codable {
  /// What is unknown, in words a user can check.
  public var reason: String
  /// Multiplier for the 5th percentile, at most 1.
  public var low: Double
  /// Multiplier for the 95th percentile, at least 1.
  public var high: Double

  public init(_ reason: String, low: Double, high: Double) {
    self.reason = reason
    self.low = min(low, 1)
    self.high = max(high, 1)
  }

  /// Combines independent factors into one pair of multipliers.
  ///
  /// Independent errors do not all hit their bound at once, so each side is combined as a
  /// root sum of squares in log space (the usual rule for products of log-normal errors).
  public static func combine(_ factors: [UncertaintyFactor]) -> (low: Double, high: Double) {
    let lowLog = factors.reduce(0.0) { $0 + pow(Foundation.log($1.low), 2) }.squareRoot()
    let highLog = factors.reduce(0.0) { $0 + pow(Foundation.log($1.high), 2) }.squareRoot()
    return (exp(-lowLog), exp(highLog))
  }

  /// Applies the combined factors to a central figure.
  public static func interval(central: Double, factors: [UncertaintyFactor]) -> FLOPInterval {
    let (low, high) = combine(factors)
    return FLOPInterval(central: central, low: central * low, high: central * high)
  }
}
