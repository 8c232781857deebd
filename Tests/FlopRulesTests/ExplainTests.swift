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

  @Test(arguments: ["2024-06-01", "2025-06-01", "2026-01-10", "2027-06-01"])
  func withoutTextTheVerdictsAreTheSame(asOf: String) throws {
    let date = try #require(CalendarDate(asOf))
    var seen = Set<RuleStatus>()
    defer { if asOf == "2026-01-10" { #expect(seen == Set(RuleStatus.allCases)) } }
    for (run, estimate) in Self.cases {
      let evaluator = RuleEvaluator(run: run, estimate: estimate, asOf: date)
      let full = evaluator.check(RuleFixtures.shipped)
      let brief = evaluator.check(RuleFixtures.shipped, explain: false)
      seen.formUnion(brief.map(\.status))
      #expect(brief.count == full.count)
      for (a, b) in zip(full, brief) {
        var stripped = a
        stripped.reason = ""
        stripped.notes = []
        stripped.ifInForce = nil
        #expect(b == stripped, "\(a.regime)/\(a.rule) as of \(asOf)")
      }
      // The full results do explain themselves.
      #expect(full.allSatisfy { !$0.reason.isEmpty || $0.status == .notInForce })
    }
  }
}
