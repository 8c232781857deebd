import Foundation

/// A log-normal fit of utilizations a lab's own runs achieved, with its leave-one-out error.
///
/// Utilization is a ratio bounded by 0 and 1 whose spread is multiplicative (a cluster at 0.2
/// varies by ±0.05 where one at 0.45 varies by ±0.1), so it is fitted in log space: the median is
/// the geometric mean, and the 90% range is a prediction interval for the next run,
/// `m ± t(0.95, n−1) · s · √(1 + 1/n)`, which is wide with few runs and narrows as history grows.
public struct UtilizationFit: Sendable, Hashable, Codable {
  /// Runs the fit used.
  public var runs: Int
  /// The median utilization (geometric mean).
  public var median: Double
  /// Standard deviation of ln(utilization), at least `minimumLogSpread`.
  public var logSpread: Double
  /// The 90% prediction interval for one more run.
  public var low: Double
  public var high: Double
  /// Median of |log10(actual ÷ predicted)| when each run is predicted from the others; nil under 3 runs.
  public var leaveOneOutError: Double?
  /// Share of runs inside the interval fitted on the others; nil under 3 runs.
  public var leaveOneOutCoverage: Double?

  /// Below this spread (0.5% in ln) a handful of identical figures would claim an impossible precision.
  public static let minimumLogSpread = 0.005

  /// Fits `utilizations` (each in (0, 1]); nil when there are fewer than 2.
  public static func fit(_ utilizations: [Double]) -> UtilizationFit? {
    guard let base = fitWithoutValidation(utilizations) else { return nil }
    var fit = base
    guard utilizations.count >= 3 else { return fit }
    var errors: [Double] = []
    var covered = 0
    for index in utilizations.indices {
      var others = utilizations
      others.remove(at: index)
      guard let held = fitWithoutValidation(others) else { continue }
      errors.append(abs(log10(utilizations[index] / held.median)))
      if utilizations[index] >= held.low && utilizations[index] <= held.high { covered += 1 }
    }
    fit.leaveOneOutError = Statistics.median(errors)
    fit.leaveOneOutCoverage = Double(covered) / Double(utilizations.count)
    return fit
  }

  /// The fit alone, without the leave-one-out pass (each of those is itself a fit).
  public static func fitWithoutValidation(_ utilizations: [Double]) -> UtilizationFit? {
    let logs = utilizations.filter { $0 > 0 && $0.isFinite }.map { Foundation.log($0) }
    guard logs.count >= 2, logs.count == utilizations.count else { return nil }
    let n = Double(logs.count)
    let mean = logs.reduce(0, +) / n
    let variance = logs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
    let spread = max(variance.squareRoot(), minimumLogSpread)
    let half = studentT95(degreesOfFreedom: logs.count - 1) * spread * (1 + 1 / n).squareRoot()
    return UtilizationFit(
      runs: logs.count, median: exp(mean), logSpread: spread, low: exp(mean - half), high: min(1, exp(mean + half)),
      leaveOneOutError: nil, leaveOneOutCoverage: nil)
  }

  /// The 95th percentile of Student's t (one-sided), so ± it holds 90%.
  static func studentT95(degreesOfFreedom df: Int) -> Double {
    let table: [Double] = [6.314, 2.920, 2.353, 2.132, 2.015, 1.943, 1.895, 1.860, 1.833, 1.812,
                           1.796, 1.782, 1.771, 1.761, 1.753, 1.746, 1.740, 1.734, 1.729, 1.725]
    if df >= 1 && df <= table.count { return table[df - 1] }
    if df <= 30 { return 1.725 - (1.725 - 1.697) * Double(df - 20) / 10 }
    return 1.645 + 1.6 / Double(df)
  }
}
