import FlopCore
import FlopFiles
import FlopRules
import Foundation
import GRDB

extension Registry {
  /// Records progress, forecasts the threshold crossings from the observed rate, and updates the
  /// obligations: a deadline that runs from when the threshold "becomes known" starts on the day a
  /// forecast first shows it will be met (EU Art. 52(1)), unless the plan already showed it.
  public func recordProgress(
    _ id: String, at date: Date, tokens: Double?, gpuHours: Double?, actor: String, assessor: RunAssessor
  ) throws -> ProgressForecast {
    guard tokens != nil || gpuHours != nil else { throw RegistryError("give --tokens or --gpu-hours") }
    return try pool.write { db in
      guard let document = try String.fetchOne(
        db, sql: "SELECT document FROM run_versions WHERE run_id = ? ORDER BY version DESC LIMIT 1", arguments: [id])
      else { throw RegistryError("run '\(id)' is not in the registry") }
      let parsed = try RunFileParser.parse(document, file: "registry:\(id)")
      let baseFLOP = try parsed.run.baseModel?.run.flatMap {
        try Double.fetchOne(db, sql: "SELECT cumulative_central FROM runs WHERE id = ?", arguments: [$0])
      }
      let assessment = try assessor.assess(parsed, baseFLOP: baseFLOP)
      let at = Self.timestamp(date)
      let lastPoint = try Row.fetchOne(db, sql: "SELECT at, tokens, gpu_hours FROM progress WHERE run_id = ? ORDER BY at DESC LIMIT 1", arguments: [id])
      if let lastPoint, let previous = lastPoint["tokens"] as Double?, let tokens, tokens < previous, (lastPoint["at"] as String) <= at {
        throw RegistryError("--tokens \(formatScientific(tokens, significantFigures: 3)) is less than the \(formatScientific(previous, significantFigures: 3)) already recorded; progress is cumulative")
      }
      try db.execute(
        sql: "INSERT INTO progress (run_id, at, tokens, gpu_hours, recorded_at) VALUES (?, ?, ?, ?, ?)",
        arguments: [id, at, tokens, gpuHours, Self.timestamp(Date())])
      var change: [String: JSONValue] = ["at": .string(at)]
      if let tokens { change["tokens"] = .number(tokens) }
      if let gpuHours { change["gpu_hours"] = .number(gpuHours) }
      try Self.appendAudit(db, at: Self.timestamp(Date()), actor: actor, action: "progress", runID: id, change: .object(change))

      let useTokens = tokens != nil
      let rows = try Row.fetchAll(db, sql: "SELECT at, tokens, gpu_hours FROM progress WHERE run_id = ? ORDER BY at", arguments: [id])
      let points: [Forecaster.Point] = rows.compactMap { row in
        guard let value = (useTokens ? row["tokens"] : row["gpu_hours"]) as Double?, let day = Self.day(of: row["at"]) else { return nil }
        return Forecaster.Point(day: day, value: value)
      }
      let run = assessment.run
      let estimate = assessment.estimate
      let planned: Double? = useTokens
        ? run.stages.filter { CountingPolicy.decide($0).counted && $0.kind.updatesParameters }.compactMap(\.tokens).reduce(0, +)
        : estimate.chipHours
      let today = CalendarDate(dayNumber: Int(floor(date.timeIntervalSince1970 / 86400)))
      let plannedMet = Set(assessment.results.filter { $0.status == .met }.map { "\($0.regime)/\($0.rule)" })
      let thresholds = Self.computeThresholds(assessor: assessor, estimate: estimate)
      let forecast = Forecaster.forecast(
        unit: useTokens ? "tokens" : "gpu_hours", points: points, planned: (planned ?? 0) > 0 ? planned : nil,
        plannedFLOP: estimate.flop.central, baseFLOP: estimate.baseFLOP ?? 0, start: run.schedule?.start,
        end: run.schedule?.end, thresholds: thresholds, knownAtPlan: plannedMet, today: today)
      // Re-check with the projected compute; newly crossed thresholds count from today.
      let scale = estimate.flop.central > 0 ? max(1, (forecast.flopProjected - (estimate.baseFLOP ?? 0)) / estimate.flop.central) : 1
      var projected = estimate
      projected.flop = estimate.flop.scaled(by: scale)
      projected.cumulativeFLOP = estimate.baseFLOP.map { projected.flop + .exact($0) } ?? projected.flop
      projected.modificationFLOP = estimate.modificationFLOP.map { _ in projected.flop }
      let planResults = assessment.results
      let forecastResults = RuleEvaluator(run: run, estimate: projected, asOf: assessor.asOf, foreseenOn: today).check(assessor.thresholds)
      let merged = forecastResults.map { result in
        plannedMet.contains("\(result.regime)/\(result.rule)")
          ? planResults.first { $0.regime == result.regime && $0.rule == result.rule } ?? result : result
      }
      try Self.recordObligations(db, runID: id, results: merged)
      return forecast
    }
  }

  /// Compute thresholds of the form `FLOP > value` that a forecast can cross.
  static func computeThresholds(assessor: RunAssessor, estimate: RunEstimate) -> [(regime: String, rule: String, threshold: Double, offset: Double, days: Int?)] {
    var items: [(regime: String, rule: String, threshold: Double, offset: Double, days: Int?)] = []
    for loaded in assessor.thresholds.regimes {
      for rule in loaded.regime.rules where loaded.regime.status.canBeInForce && rule.isEffective(on: assessor.asOf) {
        guard let primary = rule.when.primaryComparison, case .number(let threshold) = primary.value,
          primary.op == .greater || primary.op == .greaterOrEqual
        else { continue }
        let offset: Double
        switch primary.metric {
        case .trainingFLOP, .parameterUpdateFLOP: offset = estimate.baseFLOP ?? 0
        case .ownTrainingFLOP: offset = 0
        default: continue
        }
        let days = rule.obligations.first { $0.deadline?.after == .thresholdMetOrForeseen }?.deadline?.days
        items.append((loaded.regime.id, rule.id, threshold, offset, days))
      }
    }
    return items
  }

  /// Days since 1970 of a stored timestamp or date.
  static func day(of text: String) -> Double? {
    if let date = try? Date(text, strategy: .iso8601) { return date.timeIntervalSince1970 / 86400 }
    if let date = CalendarDate(text) { return Double(date.dayNumber) }
    return nil
  }

  /// Reads `--at`: an ISO 8601 time or a `YYYY-MM-DD` day (taken at 00:00 UTC).
  public static func parseTime(_ text: String) -> Date? {
    if let date = try? Date(text, strategy: .iso8601) { return date }
    if let day = CalendarDate(text) { return Date(timeIntervalSince1970: Double(day.dayNumber) * 86400) }
    return nil
  }
}
