import FlopCore
import FlopRegistry
import Foundation

/// A run's recorded progress as compute over time, with the forecast its latest point gives.
public struct ProgressView: Sendable {
  /// One recorded point: when, and the cumulative compute then (base model included).
  public struct Observed: Sendable {
    public var at: String
    public var flop: Double
  }

  public var observed: [Observed]
  public var forecast: ProgressForecast
}

extension Registry {
  /// The forecast as of the run's latest progress point, and its points as compute; nil for a run
  /// with no progress. Nothing is written: the latest point is judged again exactly as a repeated
  /// report of it would be (the same forecast the report got, without recording anything).
  public func progressView(_ id: String, assessor: RunAssessor) throws -> ProgressView? {
    try read { tx in
      var entry = try Self.progressEntry(id, in: tx, assessor: assessor)
      guard let last = entry.points.last, let date = Registry.parseTime(last.at) else { return nil }
      let report = ProgressReport(runID: id, at: date, tokens: last.tokens, gpuHours: last.gpuHours, actor: "page")
      let forecast = try Self.evaluate(report, entry: &entry, assessor: assessor).forecast
      let base = entry.assessment.estimate.baseFLOP ?? 0
      let observed = entry.points.compactMap { point -> ProgressView.Observed? in
        guard let value = forecast.unit == "tokens" ? point.tokens : point.gpuHours else { return nil }
        return ProgressView.Observed(at: point.at, flop: base + value * forecast.flopPerUnit)
      }
      return ProgressView(observed: observed, forecast: forecast)
    }
  }
}

extension Registry {
  /// The compute thresholds a forecast of this estimate can cross (`regime/rule` and the total
  /// compute at which it is crossed, a base model's compute included where the metric counts it).
  public static func forecastThresholds(assessor: RunAssessor, estimate: RunEstimate) -> [(label: String, flop: Double)] {
    computeThresholds(assessor: assessor, estimate: estimate).map { ("\($0.regime)/\($0.rule)", $0.threshold) }
  }
}
