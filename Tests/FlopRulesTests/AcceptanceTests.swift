import FlopCore
import FlopFiles
import FlopRules
import Foundation
import Testing
import FlopTestSupport

@Suite struct AcceptanceTests {
  @Test func denseRunOverTenToTheTwentyFiveIsMetWithNotificationDue() throws {
    let run = RuleFixtures.run(markets: ["EU"], start: "2026-01-05")
    let result = try #require(RuleFixtures.result(
      "eu-ai-act/systemic-risk-presumption", run: run, estimate: RuleFixtures.estimate(3.8e25, low: 3.4e25, high: 4.6e25)))
    #expect(result.status == .met)
    #expect(abs(try #require(result.margin) - 3.8) < 1e-9)
    let notification = try #require(result.obligations.first { $0.id == "art52-notification" })
    let due = try #require(notification.due)
    #expect(due <= CalendarDate("2026-01-19")!)
    #expect(due == CalendarDate("2026-01-19"))
  }

  @Test func plannedRunIsDueFourteenDaysAfterItIsForeseen() throws {
    let run = RuleFixtures.run(markets: ["EU"], start: "2027-03-01")
    let result = try #require(RuleFixtures.result(
      "eu-ai-act/systemic-risk-presumption", run: run, estimate: RuleFixtures.estimate(3.8e25), asOf: "2026-11-26"))
    #expect(result.obligations.first?.due == CalendarDate("2026-12-10"))
    #expect(result.obligations.first?.overdue == false)
  }

  @Test func transitionalRunIsDueTwoWeeksAfterTheRuleApplies() throws {
    let run = RuleFixtures.run(markets: ["EU"], start: "2025-03-01")
    let result = try #require(RuleFixtures.result(
      "eu-ai-act/systemic-risk-presumption", run: run, estimate: RuleFixtures.estimate(3.8e25), asOf: "2026-01-01"))
    #expect(result.obligations.first?.due == CalendarDate("2025-08-16"))
  }

  @Test func beforeTheActAppliesItIsNotInForce() throws {
    let run = RuleFixtures.run(markets: ["EU"])
    let result = try #require(RuleFixtures.result(
      "eu-ai-act/systemic-risk-presumption", run: run, estimate: RuleFixtures.estimate(3.8e25), asOf: "2025-06-01"))
    #expect(result.status == .notInForce)
  }

  @Test func hardwareOnlyRunStraddlingTheThresholdMayBeMet() throws {
    let catalogue = try LoadedCatalogue.load(path: Paths.thresholds + "/accelerators.yaml").catalogue
    // 10,000 H100 for 30 days at an unstated utilization: 0.15-0.55 of peak spans 1e25.
    let run = Run(
      model: ModelSpec(modalities: ["text"]),
      stages: [Stage(kind: .preTraining, hardware: .init(accelerator: "H100-SXM", count: 10_000, duration: .days(30)))],
      markets: ["EU"])
    let estimate = try Estimator(catalogue: catalogue).estimate(run)
    #expect(estimate.flop.low < 1e25 && estimate.flop.high > 1e25)
    let result = try #require(RuleFixtures.result("eu-ai-act/systemic-risk-presumption", run: run, estimate: estimate))
    #expect(result.status == .mayBeMet)
    #expect(!result.obligations.isEmpty && result.obligations.allSatisfy { $0.conditional })
  }

  @Test(arguments: [(1e9, RuleStatus.met), (1e8, .notMet), (5e8, .notMet)])
  func sb53SeparatesDevelopersByRevenue(revenue: Double, expected: RuleStatus) throws {
    let run = RuleFixtures.run(revenue: revenue)
    let result = try #require(RuleFixtures.result("us-ca-sb53/large-frontier-developer", run: run, estimate: RuleFixtures.estimate(2e26)))
    #expect(result.status == expected)
    #expect(RuleFixtures.result("us-ca-sb53/frontier-model", run: run, estimate: RuleFixtures.estimate(2e26))?.status == .met)
  }

  @Test func missingRevenueIsInsufficientData() throws {
    let run = RuleFixtures.run(revenue: nil)
    let result = try #require(RuleFixtures.result("us-ca-sb53/large-frontier-developer", run: run, estimate: RuleFixtures.estimate(2e26)))
    #expect(result.status == .insufficientData)
    #expect(result.missing == ["developer.annual_revenue_usd"])
  }

  static let base = BaseModel(name: "Atlas 2", trainingFLOP: 3.8e25, systemicRisk: true, sameProvider: false)

  @Test(arguments: [(1.3e25, RuleStatus.met), (3.8e25 / 3, .notMet), (1.2e25, .notMet)])
  func downstreamModificationAtOneThird(modification: Double, expected: RuleStatus) throws {
    let run = RuleFixtures.run(markets: ["EU"], base: Self.base)
    let estimate = RuleFixtures.estimate(modification, base: 3.8e25, modification: true)
    #expect(RuleFixtures.result("eu-ai-act/downstream-modification", run: run, estimate: estimate)?.status == expected)
    #expect(RuleFixtures.result("eu-ai-act/downstream-modification-systemic", run: run, estimate: estimate)?.status == expected)
    // A downstream modifier is not the provider of the original: the presumption itself is not its rule.
    #expect(RuleFixtures.result("eu-ai-act/systemic-risk-presumption", run: run, estimate: estimate)?.status == .notMet)
  }

  @Test func sameProviderIsNotADownstreamModifier() throws {
    var base = Self.base
    base.sameProvider = true
    let run = RuleFixtures.run(markets: ["EU"], base: base)
    let estimate = RuleFixtures.estimate(2e25, base: 3.8e25, modification: true)
    #expect(RuleFixtures.result("eu-ai-act/downstream-modification", run: run, estimate: estimate)?.status == .notMet)
    #expect(RuleFixtures.result("eu-ai-act/systemic-risk-presumption", run: run, estimate: estimate)?.status == .met)
  }

  @Test(arguments: [
    (true, 1e25 / 3 * 1.001, RuleStatus.met), (true, 1e25 / 3 * 0.999, .notMet),
    (false, 1e23 / 3 * 1.001, .met), (false, 1e23 / 3 * 0.999, .notMet),
  ])
  func fallbackThresholdsWhenTheOriginalComputeIsUnknown(systemic: Bool, modification: Double, expected: RuleStatus) throws {
    let base = BaseModel(name: "Closed model", trainingFLOP: nil, systemicRisk: systemic, sameProvider: false)
    let run = RuleFixtures.run(markets: ["EU"], base: base)
    let estimate = RuleFixtures.estimate(modification, modification: true)
    #expect(RuleFixtures.result("eu-ai-act/downstream-modification", run: run, estimate: estimate)?.status == expected)
  }

  @Test func runOutsideTheRulesMarketsIsNotMet() throws {
    let run = RuleFixtures.run(markets: ["US-CA"])
    let result = try #require(RuleFixtures.result("eu-ai-act/systemic-risk-presumption", run: run, estimate: RuleFixtures.estimate(5e25)))
    #expect(result.status == .notMet)
    #expect(result.reason.contains("not placed in EU"))
  }

  @Test func gpaiIndicativeNeedsAGenerativeModality() throws {
    let text = RuleFixtures.run(markets: ["EU"], modalities: ["text"])
    let other = RuleFixtures.run(markets: ["EU"], modalities: ["other"])
    #expect(RuleFixtures.result("eu-ai-act/gpai-indicative", run: text, estimate: RuleFixtures.estimate(2e23))?.status == .met)
    #expect(RuleFixtures.result("eu-ai-act/gpai-indicative", run: other, estimate: RuleFixtures.estimate(2e23))?.status == .notMet)
  }
}
