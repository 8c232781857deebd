import FlopCore
import FlopRules
import Testing

/// The rules as the primary texts read them (issue 11 §2): each case failed with the 2026.11.26 files.
@Suite struct LawCorrectionTests {
  static let daysToCheck = ["2025-01-13", "2025-03-01", "2025-05-12", "2025-05-15", "2026-11-26", "2030-01-01"]

  @Test(arguments: daysToCheck)
  func bisDiffusionRuleIsNeverMet(_ day: String) throws {
    let result = try #require(RuleFixtures.result(
      "us-bis-ai-diffusion/closed-weight-model", run: RuleFixtures.run(), estimate: RuleFixtures.estimate(1e27), asOf: day))
    #expect(result.status == .notInForce)
    #expect(result.reason.contains("never enforced"))
    #expect(result.ifInForce == .met)
  }

  @Test func newYorkHasNoCostReading() {
    #expect(RuleFixtures.shipped.regime("us-ny-raise")?.regime.rules.contains { $0.id == "frontier-model-cost-reading" } == false)
  }

  /// Korea's decree needs all three: compute, state-of-the-art technology and a broad, serious risk.
  @Test(arguments: [
    (Run.Risk(stateOfTheArt: true, broadSeriousRisk: true), RuleStatus.met),
    (Run.Risk(stateOfTheArt: true, broadSeriousRisk: false), .notMet),
    (Run.Risk(stateOfTheArt: false, broadSeriousRisk: true), .notMet),
    (Run.Risk(stateOfTheArt: true, broadSeriousRisk: nil), .insufficientData),
    (Run.Risk(stateOfTheArt: nil, broadSeriousRisk: nil), .insufficientData),
  ])
  func koreaNeedsAllThreeConditions(risk: Run.Risk, expected: RuleStatus) throws {
    let result = try #require(RuleFixtures.result(
      "kr-ai-basic-act/high-performance-ai", run: RuleFixtures.run(risk: risk), estimate: RuleFixtures.estimate(2e26)))
    #expect(result.status == expected)
    if expected == .insufficientData { #expect(result.missing.contains { $0.hasPrefix("risk.") }) }
  }

  @Test func koreaBelowTheComputeThresholdIsNotMetWhateverIsDeclared() throws {
    let result = try #require(RuleFixtures.result(
      "kr-ai-basic-act/high-performance-ai", run: RuleFixtures.run(risk: nil), estimate: RuleFixtures.estimate(5e25)))
    #expect(result.status == .notMet)
  }

  @Test func illinoisIsMarkedUnconfirmed() throws {
    let result = try #require(RuleFixtures.result(
      "us-il-sb315/frontier-model", run: RuleFixtures.run(markets: ["US-IL"]), estimate: RuleFixtures.estimate(2e26), asOf: "2027-02-01"))
    #expect(result.status == .met)
    #expect(result.notes.first?.contains("unconfirmed") == true)
  }

  /// Art. 53(2): open weights under a free and open-source licence, without systemic risk, drop (a) and (b).
  @Test(arguments: [
    (Run.Licence?.some(Run.Licence(name: "Apache-2.0", openSource: true, weightsPublic: true)), 5e24, RuleStatus.notMet),
    (Run.Licence(name: "Apache-2.0", openSource: true, weightsPublic: true), 2e25, .met),
    (Run.Licence(name: "custom", openSource: false, weightsPublic: true), 5e24, .met),
    (Run.Licence?.none, 5e24, .met),
  ])
  func openSourceExemption(licence: Run.Licence?, flop: Double, expected: RuleStatus) throws {
    let run = RuleFixtures.run(licence: licence)
    let documentation = try #require(RuleFixtures.result("eu-ai-act/gpai-documentation", run: run, estimate: RuleFixtures.estimate(flop)))
    #expect(documentation.status == expected)
    // The copyright policy and training summary are never exempt.
    #expect(RuleFixtures.result("eu-ai-act/gpai-indicative", run: run, estimate: RuleFixtures.estimate(flop))?.status == .met)
  }

  /// Art. 111(3): a model placed on the market before 2025-08-02 has until 2027-08-02.
  @Test(arguments: [("2025-03-01", "2027-08-02"), ("2026-02-01", "2026-02-01")])
  func legacyModelsHaveUntil2027(release: String, due: String) throws {
    let run = RuleFixtures.run(release: release)
    let result = try #require(RuleFixtures.result("eu-ai-act/systemic-risk-presumption", run: run, estimate: RuleFixtures.estimate(2e25)))
    let evaluation = try #require(result.obligations.first { $0.id == "art55-evaluation" })
    #expect(evaluation.due?.description == due)
    let notification = try #require(result.obligations.first { $0.id == "art52-notification" })
    #expect(notification.due?.description != "2027-08-16")
  }

  @Test(arguments: [
    ("us-ca-sb53/frontier-model", "critical-safety-incident-report", "within 15 days of discovering"),
    ("us-ny-raise/frontier-model", "critical-safety-incident-report", "within 72 hours of determining"),
    ("us-ny-raise/frontier-model", "imminent-risk-notice", "within 24 hours of determining"),
  ])
  func incidentClocksRunFromDiscoveryOrDetermination(rule: String, obligation: String, basis: String) throws {
    let result = try #require(RuleFixtures.result(rule, run: RuleFixtures.run(), estimate: RuleFixtures.estimate(2e26), asOf: "2027-02-01"))
    let due = try #require(result.obligations.first { $0.id == obligation })
    #expect(due.basis.hasPrefix(basis), "\(due.basis)")
  }

  @Test func differentProviderPushingANonSystemicBasePast1e25IsFlagged() throws {
    let base = BaseModel(name: "Open 8e24", trainingFLOP: 8e24, systemicRisk: false, sameProvider: false)
    let run = RuleFixtures.run(base: base)
    // 3e24 of modification: more than a third of 8e24, and 1.1e25 cumulatively.
    let estimate = RuleFixtures.estimate(3e24, base: 8e24, modification: true)
    #expect(RuleFixtures.result("eu-ai-act/downstream-modification-cumulative", run: run, estimate: estimate)?.status == .met)
    #expect(RuleFixtures.result("eu-ai-act/systemic-risk-presumption", run: run, estimate: estimate)?.status == .notMet)
    // A small fine-tune (under a third) leaves the original's provider responsible.
    let small = RuleFixtures.estimate(2.1e24, base: 9e24, modification: true)
    let smallRun = RuleFixtures.run(base: BaseModel(name: "Open 9e24", trainingFLOP: 9e24, systemicRisk: false, sameProvider: false))
    #expect(RuleFixtures.result("eu-ai-act/downstream-modification-cumulative", run: smallRun, estimate: small)?.status == .notMet)
  }
}
