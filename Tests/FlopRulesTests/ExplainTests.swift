import FlopCore
import FlopFiles
import FlopRules
import Testing

@Suite struct ExplainTests {
  /// Runs across the statuses: over and under each threshold, straddling, missing revenue, no markets,
  /// outside the markets, a fine-tune with and without its base's compute.
  static let cases: [(Run, RunEstimate)] = [
    (RuleFixtures.run(revenue: 1e9), RuleFixtures.estimate(3.8e25, low: 3.4e25, high: 4.6e25)),
    (RuleFixtures.run(revenue: 1e8), RuleFixtures.estimate(2e26, low: 1.5e26, high: 3e26)),
    (RuleFixtures.run(), RuleFixtures.estimate(1e25, low: 0.7e25, high: 1.4e25)),
    (RuleFixtures.run(markets: []), RuleFixtures.estimate(5e23)),
    (RuleFixtures.run(markets: ["JP"]), RuleFixtures.estimate(5e26)),
    (RuleFixtures.run(base: BaseModel(name: "other", trainingFLOP: 3e25, sameProvider: false)),
     RuleFixtures.estimate(2e25, base: 3e25, modification: true)),
    (RuleFixtures.run(base: BaseModel(name: "other", sameProvider: false)), RuleFixtures.estimate(4e24, modification: true)),
  ]

  /// Checking computes statuses and figures; the words come from each result's explanation when
  /// read. Every result must be able to say why, in words that carry its figures.
  @Test(arguments: ["2024-06-01", "2025-06-01", "2026-01-10", "2027-06-01"])
  func everyVerdictExplainsItself(asOf: String) throws {
    let date = try #require(CalendarDate(asOf))
    var seen = Set<RuleStatus>()
    defer { if asOf == "2026-01-10" { #expect(seen == Set(RuleStatus.allCases)) } }
    for (run, estimate) in Self.cases {
      let results = RuleEvaluator(run: run, estimate: estimate, asOf: date).check(RuleFixtures.shipped)
      seen.formUnion(results.map(\.status))
      for result in results {
        let label = "\(result.regime)/\(result.rule) as of \(asOf)"
        #expect(!result.reason.isEmpty || result.status == .notInForce, "\(label)")
        switch result.explanation.cause {
        case .threshold(let headline, let met):
          let (central, threshold) = (headline.central, headline.threshold)
          #expect(result.reason.contains(formatFLOP(central)) && result.reason.contains(formatFLOP(threshold)), "\(label)")
          #expect(met == (result.status == .met), "\(label)")
        case .missing(let metrics):
          #expect(result.status == .insufficientData && metrics.allSatisfy { result.reason.contains($0.rawValue) }, "\(label)")
        case .outOfMarket:
          #expect(result.outOfMarket && result.status == .notMet, "\(label)")
        case .neverInForce, .notYetInForce, .ended:
          #expect(result.status == .notInForce && result.ifInForce != nil, "\(label)")
        case .insideInterval:
          #expect(result.status == .mayBeMet, "\(label)")
        case .none, .conditions, .failing:
          break
        }
        if run.markets.isEmpty, !result.outOfMarket, result.status != .notInForce {
          #expect(result.notes.contains { $0.hasPrefix("run states no markets") } || result.reason.isEmpty == false)
        }
      }
    }
  }
}
