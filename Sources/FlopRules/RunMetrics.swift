import FlopCore

/// The values of every metric for one run, computed once from the run and its estimate.
public struct RunMetrics: Sendable, Hashable {
  /// A metric's value.
  public enum Value: Sendable, Hashable {
    /// A quantity with its interval (exact figures have low = central = high).
    case quantity(FLOPInterval)
    /// Only a lower bound is known: the run's own compute, while its base model's is missing.
    case lowerBound(FLOPInterval, missing: Metric)
    case list([String])
    case text(String)
    case flag(Bool)
  }

  public var values: MetricTable<Value>
  /// How some values were obtained (estimated cost, partial lineage), shown with results of
  /// rules that use them.
  public var notes: MetricTable<String>

  public init(run: Run, estimate: RunEstimate) {
    var values = MetricTable<Value>()
    var notes = MetricTable<String>()
    values[.ownTrainingFLOP] = .quantity(estimate.flop)
    let updates = estimate.stages.filter { $0.counted && $0.kind.updatesParameters }.compactMap(\.flop)
      .reduce(FLOPInterval.zero, +)
    if let base = run.baseModel {
      if let baseInterval = estimate.baseInterval ?? base.trainingInterval {
        values[.baseTrainingFLOP] = .quantity(baseInterval)
        values[.trainingFLOP] = .quantity(estimate.cumulativeFLOP)
        values[.parameterUpdateFLOP] = .quantity(updates + baseInterval)
      } else {
        values[.trainingFLOP] = .lowerBound(estimate.flop, missing: .baseTrainingFLOP)
        values[.parameterUpdateFLOP] = .lowerBound(updates, missing: .baseTrainingFLOP)
        notes[.trainingFLOP] = "base model compute unknown: cumulative training_flop is at least the run's own \(formatFLOP(estimate.flop.central)) FLOP"
      }
      values[.modificationFLOP] = .quantity(estimate.modificationFLOP ?? estimate.flop)
      if let risk = base.systemicRisk { values[.baseSystemicRisk] = .flag(risk) }
      if let same = base.sameProvider { values[.baseSameProvider] = .flag(same) }
    } else {
      values[.trainingFLOP] = .quantity(estimate.flop)
      values[.parameterUpdateFLOP] = .quantity(updates)
    }
    if let cost = run.costUSD {
      values[.computeCostUSD] = .quantity(.exact(cost))
    } else if let cost = estimate.estimatedCostUSD {
      values[.computeCostUSD] = .quantity(.exact(cost))
      notes[.computeCostUSD] = "compute_cost_usd not stated: \(formatScientific(cost, significantFigures: 2)) USD estimated from catalogue cloud prices"
    }
    if let revenue = run.developer?.annualRevenueUSD { values[.developerRevenueUSD] = .quantity(.exact(revenue)) }
    if !run.model.modalities.isEmpty { values[.modalities] = .list(run.model.modalities) }
    if let domain = run.model.domain { values[.domain] = .text(domain) }
    if !run.markets.isEmpty { values[.markets] = .list(run.markets) }
    if let value = run.risk?.stateOfTheArt { values[.stateOfTheArt] = .flag(value) }
    if let value = run.risk?.broadSeriousRisk { values[.broadSeriousRisk] = .flag(value) }
    if let value = run.licence?.isOpenSourceRelease { values[.openSourceRelease] = .flag(value) }
    self.values = values
    self.notes = notes
  }

  /// The central figure of a quantity metric, if known.
  public func central(_ metric: Metric) -> Double? {
    switch values[metric] {
    case .quantity(let interval): return interval.central
    case .lowerBound(let interval, _): return interval.central
    default: return nil
    }
  }
}
