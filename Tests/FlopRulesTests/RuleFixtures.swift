import FlopCore
import FlopFiles
import FlopRules
import FlopTestSupport

/// Runs with exact compute figures, so boundary tests hit the threshold exactly.
enum RuleFixtures {
  static let shipped: ThresholdSet = {
    do { return try ThresholdSet.load(directories: [Paths.thresholds], label: "shipped") } catch {
      preconditionFailure("shipped thresholds do not load: \(error)")
    }
  }()

  static func run(
    markets: [String] = ["EU", "US-CA", "US-NY", "US-IL", "KR"], revenue: Double? = nil, cost: Double? = nil,
    modalities: [String] = ["text"], domain: String? = nil, base: BaseModel? = nil, start: String? = "2026-01-05",
    risk: Run.Risk? = Run.Risk(stateOfTheArt: true, broadSeriousRisk: true), licence: Run.Licence? = nil, release: String? = nil
  ) -> Run {
    Run(
      id: "test", developer: .init(name: "Lab", annualRevenueUSD: revenue),
      model: ModelSpec(parameters: 1e9, modalities: modalities, domain: domain), baseModel: base,
      stages: [Stage(kind: base == nil ? .preTraining : .fineTuning, tokens: 1e9)],
      schedule: .init(start: start.flatMap(CalendarDate.init), release: release.flatMap(CalendarDate.init)), costUSD: cost,
      markets: markets, risk: risk, licence: licence)
  }

  /// An estimate whose own compute is exactly `flop` (no interval) unless low/high are given.
  static func estimate(_ flop: Double, low: Double? = nil, high: Double? = nil, base: Double? = nil, modification: Bool = false) -> RunEstimate {
    let interval = FLOPInterval(central: flop, low: low ?? flop, high: high ?? flop)
    let stage = StageEstimate(
      kind: modification ? .fineTuning : .preTraining, name: nil, counted: true, countingReason: "test", flop: interval,
      method: .declared, estimates: [])
    return RunEstimate(
      flop: interval, method: .declared, estimates: [], stages: [stage], countingAssumptions: [], findings: [],
      baseFLOP: base, modificationFLOP: modification ? interval : nil)
  }

  static func result(
    _ id: String, run: Run, estimate: RunEstimate, asOf: String = "2026-11-26", set: ThresholdSet = shipped
  ) -> RuleResult? {
    let parts = id.split(separator: "/").map(String.init)
    guard let regime = set.regime(parts[0])?.regime, let rule = regime.rules.first(where: { $0.id == parts[1] }),
      let date = CalendarDate(asOf)
    else { return nil }
    return RuleEvaluator(run: run, estimate: estimate, asOf: date).evaluate(rule, in: regime)
  }
}
