import FlopCore
import FlopRules
import Testing

/// Every compute rule at, just below and just above its threshold, on a date it is in force.
@Suite struct BoundaryTests {
  struct Case: Sendable, CustomTestStringConvertible {
    var rule: String
    var threshold: Double
    /// true for "≥" (met at the threshold), false for ">".
    var inclusive: Bool
    var asOf: String
    var revenue: Double?
    var cost: Double?
    var domain: String?
    var testDescription: String { rule }
  }

  static let cases: [Case] = [
    Case(rule: "eu-ai-act/gpai-indicative", threshold: 1e23, inclusive: false, asOf: "2026-11-26"),
    Case(rule: "eu-ai-act/systemic-risk-presumption", threshold: 1e25, inclusive: false, asOf: "2026-11-26"),
    Case(rule: "us-ca-sb53/frontier-model", threshold: 1e26, inclusive: false, asOf: "2026-11-26"),
    Case(rule: "us-ca-sb53/large-frontier-developer", threshold: 1e26, inclusive: false, asOf: "2026-11-26", revenue: 1e9),
    Case(rule: "us-ny-raise/frontier-model", threshold: 1e26, inclusive: false, asOf: "2027-02-01"),
    Case(rule: "us-ny-raise/large-frontier-developer", threshold: 1e26, inclusive: false, asOf: "2027-02-01", revenue: 1e9),
    Case(rule: "us-ny-raise/frontier-model-2025", threshold: 1e26, inclusive: false, asOf: "2026-03-20", cost: 2e8),
    Case(rule: "kr-ai-basic-act/high-performance-ai", threshold: 1e26, inclusive: true, asOf: "2026-11-26"),
    Case(rule: "us-eo-14110/dual-use-foundation-model", threshold: 1e26, inclusive: false, asOf: "2024-06-01"),
    Case(rule: "us-eo-14110/biological-sequence-model", threshold: 1e23, inclusive: false, asOf: "2024-06-01", domain: "biological-sequences"),
    Case(rule: "us-il-sb315/frontier-model", threshold: 1e26, inclusive: false, asOf: "2027-02-01"),
    Case(rule: "us-il-sb315/large-frontier-developer", threshold: 1e26, inclusive: false, asOf: "2027-02-01", revenue: 1e9),
  ]

  func status(_ c: Case, flop: Double) throws -> RuleStatus {
    let run = RuleFixtures.run(revenue: c.revenue, cost: c.cost, domain: c.domain)
    let result = try #require(RuleFixtures.result(c.rule, run: run, estimate: RuleFixtures.estimate(flop), asOf: c.asOf))
    return result.status
  }

  @Test(arguments: cases)
  func atTheThreshold(_ c: Case) throws {
    #expect(try status(c, flop: c.threshold) == (c.inclusive ? .met : .notMet))
  }

  @Test(arguments: cases)
  func justBelow(_ c: Case) throws {
    #expect(try status(c, flop: c.threshold * (1 - 1e-9)) == .notMet)
  }

  @Test(arguments: cases)
  func justAbove(_ c: Case) throws {
    #expect(try status(c, flop: c.threshold * (1 + 1e-9)) == .met)
  }

  @Test(arguments: cases)
  func straddlingIntervalMayBeMet(_ c: Case) throws {
    let run = RuleFixtures.run(revenue: c.revenue, cost: c.cost, domain: c.domain)
    let estimate = RuleFixtures.estimate(c.threshold, low: c.threshold * 0.8, high: c.threshold * 1.2)
    #expect(RuleFixtures.result(c.rule, run: run, estimate: estimate, asOf: c.asOf)?.status == .mayBeMet)
  }
}

/// Effective dates: the day before a rule starts and the day after it ends it is not in force.
@Suite struct DateTests {
  @Test(arguments: [
    ("eu-ai-act/systemic-risk-presumption", "2025-08-01", "2025-08-02"),
    ("eu-ai-act/gpai-indicative", "2025-08-01", "2025-08-02"),
    ("eu-ai-act/downstream-modification", "2025-08-01", "2025-08-02"),
    ("us-ca-sb53/frontier-model", "2025-12-31", "2026-01-01"),
    ("us-ca-sb53/large-frontier-developer", "2025-12-31", "2026-01-01"),
    ("us-ny-raise/frontier-model", "2026-12-31", "2027-01-01"),
    ("kr-ai-basic-act/high-performance-ai", "2026-01-21", "2026-01-22"),
    ("us-eo-14110/dual-use-foundation-model", "2023-10-29", "2023-10-30"),
    ("us-il-sb315/frontier-model", "2026-12-31", "2027-01-01"),
  ])
  func startDate(rule: String, before: String, on: String) throws {
    let run = RuleFixtures.run(revenue: 1e9)
    let estimate = RuleFixtures.estimate(1e27)
    #expect(RuleFixtures.result(rule, run: run, estimate: estimate, asOf: before)?.status == .notInForce)
    #expect(RuleFixtures.result(rule, run: run, estimate: estimate, asOf: on)?.status != .notInForce)
  }

  @Test(arguments: [
    ("us-eo-14110/dual-use-foundation-model", "2025-01-19", "2025-01-20"),
    ("us-ny-raise/frontier-model-2025", "2026-03-26", "2026-03-27"),
  ])
  func endDate(rule: String, last: String, after: String) throws {
    let run = RuleFixtures.run(cost: 2e8)
    let estimate = RuleFixtures.estimate(1e27)
    #expect(RuleFixtures.result(rule, run: run, estimate: estimate, asOf: last)?.status == .met)
    let ended = try #require(RuleFixtures.result(rule, run: run, estimate: estimate, asOf: after))
    #expect(ended.status == .notInForce)
    #expect(ended.ifInForce == .met)
  }

  @Test func vetoedIsNeverInForceButShowsWhatWouldApply() throws {
    let run = RuleFixtures.run(cost: 2e8)
    let result = try #require(RuleFixtures.result("us-ca-sb1047/covered-model", run: run, estimate: RuleFixtures.estimate(2e26), asOf: "2024-12-01"))
    #expect(result.status == .notInForce)
    #expect(result.ifInForce == .met)
  }
}
