import Foundation

/// One named source of uncertainty, as multiplicative 90% bounds around a central figure.
///
/// `low` ≤ 1 ≤ `high`. A factor of (0.93, 1.07) means "the true figure is within −7% and
/// +7% of the central one, 90% of the time, because of this cause alone".
public struct UncertaintyFactor: Sendable, Hashable, Codable {
  /// Multiplier for the 5th percentile, at most 1.
  public var low: Double
  /// Multiplier for the 95th percentile, at least 1.
  public var high: Double
  private var cause: Cause

  /// What a factor's words are made from: fixed text, or an assumed utilization, whose words
  /// (with its numbers) are written only when someone reads them.
  enum Cause: Sendable, Hashable {
    case text(String)
    case assumedUtilization(AcceleratorCatalogue.UtilizationPrior)
  }

  public init(_ reason: String, low: Double, high: Double) {
    self.init(cause: .text(reason), low: low, high: high)
  }

  /// The spread of a utilization the run did not state and the catalogue's prior stands in for.
  public init(assumedUtilization prior: AcceleratorCatalogue.UtilizationPrior) {
    self.init(cause: .assumedUtilization(prior), low: prior.low / prior.central, high: prior.high / prior.central)
  }

  init(cause: Cause, low: Double, high: Double) {
    self.cause = cause
    self.low = min(low, 1)
    self.high = max(high, 1)
  }

  /// What is unknown, in words a user can check.
  public var reason: String {
    switch cause {
    case .text(let text): return text
    case .assumedUtilization(let prior):
      return "utilization not stated: \(formatNumber(prior.central)) assumed, 90% range \(formatNumber(prior.low))–\(formatNumber(prior.high)) (\(prior.basis))"
    }
  }

  enum CodingKeys: String, CodingKey { case reason, low, high }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    self.init(
      try container.decode(String.self, forKey: .reason), low: try container.decode(Double.self, forKey: .low),
      high: try container.decode(Double.self, forKey: .high))
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(reason, forKey: .reason)
    try container.encode(low, forKey: .low)
    try container.encode(high, forKey: .high)
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
