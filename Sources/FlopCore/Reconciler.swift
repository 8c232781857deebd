import Foundation

/// Reconciles several estimates of the same compute into one.
///
/// Each estimate is treated as log-normal; they are averaged in log space, weighted by the
/// inverse of their variance, so a tight operation count outweighs a hardware estimate with an
/// unknown utilization (Epoch takes a plain geometric mean; weighting generalises it). When
/// the estimates disagree more than their intervals allow, the interval is widened by the
/// Birge ratio, so disagreement shows as uncertainty rather than false confidence.
public enum Reconciler {
  /// z of the 95th percentile: the interval is 90%.
  static let z = 1.6448536269514722
  /// The ratio between estimates above which a warning is raised.
  public static let disagreementRatio = 2.0

  /// The estimates reconciled into one.
  public static func combine(_ estimates: [MethodEstimate]) -> MethodEstimate {
    precondition(!estimates.isEmpty, "nothing to combine")
    if estimates.count == 1 { return estimates[0] }
    struct Term {
      var mu: Double
      var sigmaLow: Double
      var sigmaHigh: Double
      var weight: Double
    }
    let terms = estimates.map { estimate -> Term in
      let c = estimate.flop.central
      let sLow = max(log(c / estimate.flop.low) / z, 0.01)
      let sHigh = max(log(estimate.flop.high / c) / z, 0.01)
      let s = (sLow + sHigh) / 2
      return Term(mu: log(c), sigmaLow: sLow, sigmaHigh: sHigh, weight: 1 / (s * s))
    }
    let totalWeight = terms.reduce(0) { $0 + $1.weight }
    let mu = terms.reduce(0) { $0 + $1.weight * $1.mu } / totalWeight
    var sigmaLow = 1 / terms.reduce(0) { $0 + 1 / ($1.sigmaLow * $1.sigmaLow) }.squareRoot()
    var sigmaHigh = 1 / terms.reduce(0) { $0 + 1 / ($1.sigmaHigh * $1.sigmaHigh) }.squareRoot()
    let chiSquare = terms.reduce(0) { $0 + $1.weight * pow($1.mu - mu, 2) }
    let birge = (chiSquare / Double(terms.count - 1)).squareRoot()
    if birge > 1 {
      sigmaLow *= birge
      sigmaHigh *= birge
    }
    let flop = FLOPInterval(central: exp(mu), low: exp(mu - z * sigmaLow), high: exp(mu + z * sigmaHigh))
    return MethodEstimate(
      method: .combined, flop: flop,
      basis: .combined(parts: estimates.map { .init(method: $0.method, central: $0.flop.central) }, birge: birge))
  }

  /// A warning when the largest and smallest central figures differ by more than 2×.
  public static func disagreement(_ estimates: [MethodEstimate], context: String) -> EstimateWarning? {
    guard let low = estimates.min(by: { $0.flop.central < $1.flop.central }),
      let high = estimates.max(by: { $0.flop.central < $1.flop.central }),
      low.flop.central > 0, high.flop.central / low.flop.central > disagreementRatio
    else { return nil }
    return .disagreement(
      context: context, high: .init(method: high.method, central: high.flop.central), low: .init(method: low.method, central: low.flop.central))
  }
}
