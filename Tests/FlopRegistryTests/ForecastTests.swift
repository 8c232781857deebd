import FlopCore
@testable import FlopEngine
import FlopRegistry
import Foundation
import Testing
import FlopTestSupport

@Suite struct ForecastTests {
  func date(_ text: String) -> Date { Registry.parseTime(text)! }

  @Test(arguments: StorageBackend.available) func plannedCrossingIsKnownAtThePlan(backend: StorageBackend) throws {
    let fixture = try RegistryFixture(asOf: "2026-01-11", backend: backend)
    defer { fixture.remove() }
    try fixture.add(RegistryFixture.run(id: "big", params: "405B", tokens: "15.6T", start: "2026-01-01"))
    let forecast = try fixture.registry.recordProgress(
      "big", at: date("2026-01-11"), tokens: 1e12, gpuHours: nil, actor: "ops", assessor: fixture.assessor)
    // 1T tokens in 10 days from the start: 1e11 tokens/day.
    #expect(abs(try #require(forecast.ratePerDay) - 1e11) / 1e11 < 1e-9)
    let crossing = try #require(forecast.crossings.first { $0.rule == "systemic-risk-presumption" })
    // 1e25 / (6 × 405e9) = 4.115e12 tokens, reached 31.2 days after 2026-01-11.
    #expect(crossing.date == "2026-02-12")
    #expect(!crossing.crossed)
    #expect(crossing.knownOn == "2026-01-01")
    #expect(crossing.notificationDue == "2026-01-15")
  }

  @Test(arguments: StorageBackend.available) func overrunForecastStartsTheClockOnTheDayItIsKnown(backend: StorageBackend) throws {
    let fixture = try RegistryFixture(asOf: "2026-03-01", backend: backend)
    defer { fixture.remove() }
    // Planned 7.8e24 FLOP (its interval under 1e25); the run speeds up and will run to its end date.
    try fixture.add(RegistryFixture.run(id: "edge", params: "100B", tokens: "13T", start: "2026-01-01", end: "2026-04-11"))
    #expect(try fixture.registry.obligations().filter { $0.rule == "systemic-risk-presumption" }.isEmpty)
    _ = try fixture.registry.recordProgress("edge", at: date("2026-02-01"), tokens: 3e12, gpuHours: nil, actor: "ops", assessor: fixture.assessor)
    let forecast = try fixture.registry.recordProgress(
      "edge", at: date("2026-03-01"), tokens: 11.6e12, gpuHours: nil, actor: "ops", assessor: fixture.assessor)
    #expect(forecast.flopProjected > 1e25)
    let crossing = try #require(forecast.crossings.first { $0.rule == "systemic-risk-presumption" })
    #expect(crossing.knownOn == "2026-03-01")
    #expect(crossing.notificationDue == "2026-03-15")
    let notification = try #require(try fixture.registry.obligations().first { $0.path == "eu-ai-act/systemic-risk-presumption/art52-notification" })
    #expect(notification.due == "2026-03-15")
    #expect(try fixture.registry.verify().ok)
  }

  @Test(arguments: StorageBackend.available) func progressMustNotGoBackwards(backend: StorageBackend) throws {
    let fixture = try RegistryFixture(backend: backend)
    defer { fixture.remove() }
    try fixture.add(RegistryFixture.run(id: "a", params: "7B", tokens: "2T", start: "2026-01-01"))
    _ = try fixture.registry.recordProgress("a", at: date("2026-01-10"), tokens: 1e12, gpuHours: nil, actor: "ops", assessor: fixture.assessor)
    #expect(throws: RegistryError.self) {
      try fixture.registry.recordProgress("a", at: date("2026-01-11"), tokens: 5e11, gpuHours: nil, actor: "ops", assessor: fixture.assessor)
    }
  }
}

/// The one-pass first-crossing scan agrees with forecasting every prefix of the points.
@Suite struct FirstCrossingTests {
  @Test(arguments: 0..<40)
  func agreesWithForecastingEachPrefix(seed: Int) {
    var random = SplitMix64(state: UInt64(seed))
    let start = CalendarDate("2026-01-01")!
    let end = CalendarDate("2026-03-31")!
    var day = Double(start.dayNumber)
    var value = 0.0
    var points: [Forecaster.Point] = []
    for _ in 0..<(2 + Int(random.next() % 30)) {
      day += 0.25 + Double(random.next() % 400) / 100
      value += Double(random.next() % 1000) * 1e9
      points.append(Forecaster.Point(day: day, value: value))
    }
    let thresholds: [Forecaster.Threshold] = [("a", "low", 1e24, 0, 14), ("a", "mid", 5e24, 1e23, 14), ("b", "high", 1e25, 0, nil)]
    let planned = 4e12
    let plannedFLOP = 6 * 1e11 * planned
    let scanned = Forecaster.firstForecastCrossings(
      unit: "tokens", points: points, planned: planned, plannedFLOP: plannedFLOP, baseFLOP: 0, start: start, end: end,
      thresholds: thresholds)
    var expected: [String: CalendarDate] = [:]
    for count in 1...points.count {
      let today = CalendarDate(dayNumber: Int(floor(points[count - 1].day)))
      let forecast = Forecaster.forecast(
        unit: "tokens", points: Array(points[..<count]), planned: planned, plannedFLOP: plannedFLOP, baseFLOP: 0, start: start,
        end: end, thresholds: thresholds, today: today)
      for crossing in forecast.crossings where expected["\(crossing.regime)/\(crossing.rule)"] == nil {
        expected["\(crossing.regime)/\(crossing.rule)"] = today
      }
    }
    #expect(scanned == expected, "seed \(seed)")
  }
}

/// The forecast's directly written JSON is byte for byte what Foundation's `JSONEncoder` gives
/// with the same settings, on random forecasts (escapes, non-ASCII, every size of number, absent
/// fields, empty and full lists).
@Suite struct ForecastJSONTests {
  @Test func directJSONIsFoundations() throws {
    var random = SplitMix64(state: 52)
    let pieces = ["eu-ai-act", "systemic-risk", "2026-11-18", "a\"b", "back\\slash", "line\nbreak", "tab\t", "\u{8}\u{c}\r", "\u{1}\u{1f}", "é 日本", "/path/", "", "\u{7f}\u{2028}"]
    func text() -> String { (0..<Int(random.next() % 3 + 1)).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined() }
    func number() -> Double {
      switch random.next() % 6 {
      case 0: return Double(random.next() % 1_000_000) * 1e9
      case 1: return Double(random.next() % 1000) / 7
      case 2: return pow(10, Double(random.next() % 60) - 20) * Double(random.next() % 9 + 1)
      case 3: return 0
      case 4: return -Double(random.next() % 100) / 3
      default: return Double(bitPattern: random.next() & 0x7FEF_FFFF_FFFF_FFFF)
      }
    }
    func maybe<T>(_ value: @autoclosure () -> T) -> T? { random.next() % 2 == 0 ? value() : nil }
    for _ in 0..<1500 {
      let crossings = (0..<Int(random.next() % 4)).map { _ in
        ProgressForecast.Crossing(
          regime: text(), rule: text(), threshold: number(), crossed: random.next() % 2 == 0, date: maybe(text()), knownOn: text(),
          notificationDue: maybe(text()))
      }
      let forecast = ProgressForecast(
        unit: text(), done: number(), planned: maybe(number()), ratePerDay: maybe(number()), flopPerUnit: number(), flopNow: number(),
        flopProjected: number(), projectedEnd: maybe(text()), crossings: crossings, notes: (0..<Int(random.next() % 3)).map { _ in text() })
      let direct = try JSONOutput.encode(forecast)
      let foundation = try JSONOutput.encodeWithFoundation(forecast)
      #expect(direct == foundation)
      if direct != foundation { return }
    }
  }
}
