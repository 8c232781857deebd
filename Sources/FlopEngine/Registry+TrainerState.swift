import FlopCore
import FlopFiles
import FlopRegistry
import Foundation

extension Registry {
  /// Records the progress a Hugging Face Trainer's state file reports (its tokens seen, at the time
  /// the file was written unless `at` says otherwise), and notes how the Trainer's own `total_flos`
  /// compares with FlopWatch's estimate of the run's own compute so far.
  ///
  /// FlopWatch's figure (the run document's estimate per token × tokens seen) drives the forecast
  /// and the clocks either way: `total_flos` omits embeddings and attention and knows nothing of
  /// a base model, so it is a check, not a source.
  public func recordProgress(
    _ id: String, from state: TrainerState, at date: Date?, actor: String, assessor: RunAssessor, now: Date = Date()
  ) throws -> ProgressForecast {
    var forecast = try recordProgress(
      id, at: date ?? state.savedAt ?? now, tokens: state.tokensSeen, gpuHours: nil, actor: actor, assessor: assessor, now: now)
    forecast.notes += TrainerStateCheck.notes(state, forecast: forecast)
    return forecast
  }
}

/// How a Trainer's own FLOP count compares with FlopWatch's estimate at the same progress.
public enum TrainerStateCheck {
  /// A ratio beyond which the two figures are said to disagree.
  public static let disagreementRatio = 2.0

  /// The run's own compute so far by FlopWatch's estimate (the forecast's figure per token × tokens).
  public static func ownFLOP(_ forecast: ProgressForecast) -> Double { forecast.done * forecast.flopPerUnit }

  /// What the Trainer reported, and a warning when its `total_flos` differs from FlopWatch's
  /// figure by more than `disagreementRatio` either way.
  public static func notes(_ state: TrainerState, forecast: ProgressForecast) -> [String] {
    var reported = "Trainer state: \(formatScientific(state.tokensSeen, significantFigures: 3)) tokens seen"
    if let step = state.globalStep { reported += " at step \(step)" }
    guard let total = state.totalFLOs, total > 0 else {
      return [reported + "; no total_flos to compare; FlopWatch's estimate used"]
    }
    let own = ownFLOP(forecast)
    reported += "; total_flos \(formatFLOP(total)) vs FlopWatch's \(formatFLOP(own)) for the run's own compute"
    guard own > 0 else { return [reported + "; FlopWatch's estimate used"] }
    let ratio = max(total / own, own / total)
    if ratio > disagreementRatio {
      return [
        reported,
        "total_flos and FlopWatch's estimate disagree by \(formatNumber((ratio * 10).rounded() / 10))×: FlopWatch's estimate (the run document's compute per token × tokens seen) was used for the forecast and the clocks; check the run file's parameters and tokens, or the Trainer's count",
      ]
    }
    return [reported + " (within \(formatNumber(disagreementRatio))×); FlopWatch's estimate used"]
  }
}
