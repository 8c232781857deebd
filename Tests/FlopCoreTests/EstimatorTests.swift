import Foundation
import FlopCore
import Testing

@Suite struct EstimatorTests {
  let estimator = Estimator(catalogue: TestCatalogue.catalogue)

  @Test func declaredFigureWins() throws {
    let run = Run(
      model: ModelSpec(parameters: 7e9),
      stages: [Stage(kind: .preTraining, tokens: 2e12, flop: 9.9e22)])
    let estimate = try estimator.estimate(run)
    #expect(estimate.method == .declared)
    #expect(estimate.flop.central == 9.9e22)
    #expect(estimate.stages[0].estimates.contains { $0.method == .parameters })
  }

  @Test func declaredFigureFarFromTheEstimateWarns() throws {
    let run = Run(model: ModelSpec(parameters: 7e9), stages: [Stage(kind: .preTraining, tokens: 2e12, flop: 1e24)])
    let estimate = try estimator.estimate(run)
    #expect(estimate.warnings.contains { $0.contains("disagree") })
  }

  @Test func combinedLiesBetweenAndFavoursTheTighterEstimate() throws {
    let run = Run(
      model: ModelSpec(parameters: 70e9),
      stages: [Stage(kind: .preTraining, tokens: 15e12, hardware: .init(accelerator: "H100", duration: .chipHours(6.4e6)))])
    let estimate = try estimator.estimate(run)
    let parameters = 6 * 70e9 * 15e12
    let hardware = 6.4e6 * 3600 * 989.4e12 * 0.4
    #expect(estimate.method == .combined)
    #expect(estimate.flop.central > min(parameters, hardware) && estimate.flop.central < max(parameters, hardware))
    // The 6·N·D interval is far tighter than an unknown utilization, so it dominates.
    #expect(abs(estimate.flop.central - parameters) < abs(estimate.flop.central - hardware))
    #expect(estimate.warnings.isEmpty)
  }

  @Test func disagreementOverTwoFoldWarnsAndWidens() throws {
    let tight = Run(model: ModelSpec(parameters: 8e9), stages: [Stage(kind: .preTraining, tokens: 15e12)])
    let run = Run(
      model: ModelSpec(parameters: 8e9),
      stages: [Stage(kind: .preTraining, tokens: 15e12, hardware: .init(accelerator: "H100", duration: .chipHours(5e6), utilization: 0.5))])
    let alone = try estimator.estimate(tight)
    let combined = try estimator.estimate(run)
    #expect(combined.warnings.contains { $0.contains("disagree") })
    #expect(combined.flop.widthRatio > alone.flop.widthRatio)
  }

  @Test func countedStagesSumAndOthersDoNot() throws {
    let run = Run(
      model: ModelSpec(parameters: 8e9),
      stages: [
        Stage(kind: .preTraining, tokens: 1e12),
        Stage(kind: .syntheticData, generatorActiveParameters: 70e9, tokensGenerated: 1e12, isPublic: false),
        Stage(kind: .syntheticData, generatorActiveParameters: 70e9, tokensGenerated: 5e12, isPublic: true),
        Stage(kind: .evaluation, tokens: 1e10),
        Stage(kind: .distillationTeacher, tokens: 15e12, parameters: 405e9),
        Stage(kind: .rewardModel, tokens: 1e10, parameters: 70e9),
      ])
    let estimate = try estimator.estimate(run)
    let expected = 6 * 8e9 * 1e12 + 2 * 70e9 * 1e12
    #expect(abs(estimate.flop.central / expected - 1) < 1e-12)
    #expect(estimate.stages.map(\.counted) == [true, true, false, false, false, false])
  }

  @Test func syntheticDataWithoutPublicFlagCountsWithAnAssumption() throws {
    let run = Run(
      model: ModelSpec(parameters: 8e9),
      stages: [Stage(kind: .syntheticData, generatorActiveParameters: 70e9, tokensGenerated: 1e12)])
    let estimate = try estimator.estimate(run)
    #expect(estimate.stages[0].counted)
    #expect(estimate.assumptions.contains { $0.contains("public") })
  }

  @Test func reinforcementLearningCountsRollouts() throws {
    let run = Run(
      model: ModelSpec(parameters: 7e9),
      stages: [Stage(kind: .reinforcementLearning, tokens: 1e9, tokensGenerated: 4e9)])
    let estimate = try estimator.estimate(run)
    #expect(abs(estimate.flop.central - (6 * 7e9 * 1e9 + 2 * 7e9 * 4e9)) / estimate.flop.central < 1e-12)
  }

  @Test func baseModelAddsToCumulativeAndModification() throws {
    let run = Run(
      model: ModelSpec(parameters: 405e9), baseModel: BaseModel(trainingFLOP: 3.8e25, systemicRisk: true, sameProvider: false),
      stages: [Stage(kind: .fineTuning, tokens: 20e9)])
    let estimate = try estimator.estimate(run)
    #expect(estimate.baseFLOP == 3.8e25)
    #expect(estimate.cumulativeFLOP.central == 3.8e25 + 6 * 405e9 * 20e9)
    #expect(estimate.modificationFLOP?.central == estimate.flop.central)
  }

  @Test func countedStageWithoutInputsIsAnError() {
    let run = Run(model: ModelSpec(), stages: [Stage(kind: .preTraining, tokens: 1e12)])
    #expect(throws: FlopCoreError.self) { try estimator.estimate(run) }
  }

  @Test func uncountedStageWithoutInputsIsNotEstimated() throws {
    let run = Run(model: ModelSpec(parameters: 1e9), stages: [Stage(kind: .preTraining, tokens: 1e11), Stage(kind: .evaluation)])
    let estimate = try estimator.estimate(run)
    #expect(estimate.stages[1].flop == nil)
  }

  @Test func energyAndCostFromHardware() throws {
    let run = Run(
      model: ModelSpec(parameters: 1e9),
      stages: [Stage(kind: .preTraining, tokens: 1e11, hardware: .init(accelerator: "H100", count: 10, duration: .hours(100)))])
    let estimate = try estimator.estimate(run)
    #expect(estimate.chipHours == 1000)
    #expect(estimate.energyKWh == 700)
    #expect(estimate.estimatedCostUSD == 3780)
  }
}

@Suite struct IntervalTests {
  @Test func independentFactorsCombineInQuadrature() {
    let (low, high) = UncertaintyFactor.combine([
      UncertaintyFactor("a", low: 0.9, high: 1.2), UncertaintyFactor("b", low: 0.9, high: 1.2),
    ])
    #expect(high < 1.2 * 1.2 && high > 1.2)
    #expect(low > 0.9 * 0.9 && low < 0.9)
  }

  @Test(arguments: [
    (FLOPInterval(central: 100, low: 75, high: 125), true),
    (FLOPInterval(central: 100, low: 70, high: 130), true),
    (FLOPInterval(central: 100, low: 69, high: 110), false),
    (FLOPInterval(central: 100, low: 90, high: 131), false),
  ])
  func euMargin(interval: FLOPInterval, within: Bool) {
    #expect(interval.isWithinEUMargin == within)
  }

  @Test func sumsAddBounds() {
    let sum = FLOPInterval(central: 10, low: 8, high: 12) + FLOPInterval(central: 5, low: 4, high: 7)
    #expect(sum == FLOPInterval(central: 15, low: 12, high: 19))
  }
}

@Suite struct CountingPolicyTests {
  @Test(arguments: [
    (StageKind.preTraining, true), (.continuedPreTraining, true), (.fineTuning, true), (.reinforcementLearning, true),
    (.evaluation, false), (.distillationTeacher, false), (.rewardModel, false),
  ])
  func stageKinds(kind: StageKind, counted: Bool) {
    #expect(CountingPolicy.decide(Stage(kind: kind)).counted == counted)
  }

  @Test(arguments: [(Bool?.some(true), false), (Bool?.some(false), true), (Bool?.none, true)])
  func syntheticData(isPublic: Bool?, counted: Bool) {
    #expect(CountingPolicy.decide(Stage(kind: .syntheticData, isPublic: isPublic)).counted == counted)
  }
}

@Suite struct CalendarDateTests {
  @Test(arguments: [("2026-01-05", 14, "2026-01-19"), ("2024-02-20", 10, "2024-03-01"), ("2025-12-25", 7, "2026-01-01")])
  func addingDays(start: String, days: Int, expected: String) throws {
    let date = try #require(CalendarDate(start))
    #expect(date.adding(days: days).description == expected)
  }

  @Test(arguments: ["2026-02-30", "2026-13-01", "26-01-01", "2026-1-5", "yesterday"])
  func rejectsInvalid(text: String) {
    #expect(CalendarDate(text) == nil)
  }
}

@Suite struct TimestampTests {
  @Test(arguments: [(Int64(0), "1970-01-01T00:00:00Z"), (1_795_000_000, "2026-11-18T11:06:40Z"), (951_782_400, "2000-02-29T00:00:00Z"), (-1, "1969-12-31T23:59:59Z")])
  func isoTimestamps(seconds: Int64, expected: String) {
    #expect(CalendarDate.timestamp(unixSeconds: seconds) == expected)
  }

  /// The stored form reads back to the same second, agreeing with Foundation's ISO 8601 parser.
  @Test func storedTimestampsReadBack() throws {
    // A prime step, so the times fall at every hour, minute and second of the day.
    for seconds in stride(from: Int64(-1_000_000_000), to: 7_000_000_000, by: 3_999_971) {
      let text = CalendarDate.timestamp(unixSeconds: seconds)
      #expect(CalendarDate.unixSeconds(timestamp: text) == seconds, "\(text)")
      let foundation = try Date(text, strategy: .iso8601)
      #expect(Int64(foundation.timeIntervalSince1970) == seconds)
    }
  }

  @Test(arguments: [
    "2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z", "2026-11-04T24:00:00Z", "2026-11-04T10:60:00Z", "2026-11-04 10:00:00Z",
    "2026-11-04T10:00:00+01:00", "2026-11-04T10:00Z", "2026-11-0aT10:00:00Z", "2026-11-04T10:00:00z",
  ])
  func otherTextIsNotAStoredTimestamp(text: String) {
    #expect(CalendarDate.unixSeconds(timestamp: text) == nil)
  }
}
