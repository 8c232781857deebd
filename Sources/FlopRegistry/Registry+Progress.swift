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
    _ id: String, at date: Date, tokens: Double?, gpuHours: Double?, actor: String, assessor: RunAssessor, now: Date = Date()
  ) throws -> ProgressForecast {
    guard tokens != nil || gpuHours != nil else { throw RegistryError("give --tokens or --gpu-hours") }
    // A job's clock may run a little ahead of this machine's; more than that is a mistyped date.
    guard date.timeIntervalSince(now) <= 600 else {
      throw RegistryError("--at \(Self.timestamp(date)) is in the future (now \(Self.timestamp(now))); progress records what has happened")
    }
    return try pool.write { db in
      guard let document = try String.fetchOne(
        db, sql: "SELECT document FROM run_versions WHERE run_id = ? ORDER BY version DESC LIMIT 1", arguments: [id])
      else { throw RegistryError("run '\(id)' is not in the registry") }
      let parsed = try RunFileParser.parse(document, file: "registry:\(id)")
      let baseFLOP = try parsed.run.baseModel?.run.flatMap { try Self.cumulativeFLOP(db, of: $0) }
      let assessment = try assessor.assess(parsed, baseFLOP: baseFLOP)
      let at = Self.timestamp(date)
      if let start = assessment.run.schedule?.start, Self.timestamp(date) < start.description {
        throw RegistryError("--at \(at) is before the run's start \(start) (schedule.start)")
      }
      try Self.checkMonotonic(db, runID: id, at: at, tokens: tokens, gpuHours: gpuHours)
      try db.execute(
        sql: "INSERT INTO progress (run_id, at, tokens, gpu_hours, recorded_at) VALUES (?, ?, ?, ?, ?)",
        arguments: [id, at, tokens, gpuHours, Self.timestamp(Date())])

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
      let thresholds = Self.computeThresholds(assessor: assessor, estimate: estimate)
      let plannedUnits = (planned ?? 0) > 0 ? planned : nil
      let crossings = Forecaster.firstForecastCrossings(
        unit: useTokens ? "tokens" : "gpu_hours", points: points, planned: plannedUnits, plannedFLOP: estimate.flop.central,
        baseFLOP: estimate.baseFLOP ?? 0, start: run.schedule?.start, end: run.schedule?.end, thresholds: thresholds)
      // What was known before (the plan, the registry's record) and what the forecasts show, earliest first.
      var known = try Self.knownDates(db, runID: id)
      let plan = RuleEvaluator(run: run, estimate: estimate, asOf: assessor.asOf).planKnown()
      for result in assessment.results where result.status == .met || result.status == .mayBeMet {
        let key = "\(result.regime)/\(result.rule)"
        if known[key].map({ plan.date < $0.date }) ?? true { known[key] = plan }
      }
      for (key, day) in crossings where known[key].map({ day < $0.date }) ?? true {
        known[key] = KnownDate(date: day, basis: "\(day), when the progress forecast first showed the threshold would be met")
      }
      let forecast = Forecaster.forecast(
        unit: useTokens ? "tokens" : "gpu_hours", points: points, planned: plannedUnits,
        plannedFLOP: estimate.flop.central, baseFLOP: estimate.baseFLOP ?? 0, start: run.schedule?.start,
        end: run.schedule?.end, thresholds: thresholds, knownOn: known.mapValues(\.date), today: today)
      // Re-check with the projected compute; each rule's clock runs from its first-known day.
      let scale = estimate.flop.central > 0 ? max(1, (forecast.flopProjected - (estimate.baseFLOP ?? 0)) / estimate.flop.central) : 1
      var projected = estimate
      projected.flop = estimate.flop.scaled(by: scale)
      projected.cumulativeFLOP = estimate.baseFLOP.map { projected.flop + .exact($0) } ?? projected.flop
      projected.modificationFLOP = estimate.modificationFLOP.map { _ in projected.flop }
      let plannedMet = Set(assessment.results.filter { $0.status == .met }.map { "\($0.regime)/\($0.rule)" })
      let planResults = RuleEvaluator(run: run, estimate: estimate, asOf: assessor.asOf, knownDates: known).check(assessor.thresholds)
      let forecastResults = RuleEvaluator(run: run, estimate: projected, asOf: assessor.asOf, knownDates: known).check(assessor.thresholds)
      let merged = forecastResults.map { result in
        plannedMet.contains("\(result.regime)/\(result.rule)")
          ? planResults.first { $0.regime == result.regime && $0.rule == result.rule } ?? result : result
      }
      try Self.recordObligations(db, runID: id, results: merged)
      // The entry comes last so that it records the obligations this point moved.
      var change: [String: JSONValue] = ["at": .string(at), "derived": try Self.derivedState(db, id).json]
      if let tokens { change["tokens"] = .number(tokens) }
      if let gpuHours { change["gpu_hours"] = .number(gpuHours) }
      try Self.appendAudit(db, at: Self.timestamp(Date()), actor: actor, action: "progress", runID: id, change: .object(change))
      return forecast
    }
  }

  /// Refuses a point that would make cumulative progress go down: fewer units than a point
  /// recorded earlier in time, or more than one recorded later.
  static func checkMonotonic(_ db: Database, runID: String, at: String, tokens: Double?, gpuHours: Double?) throws {
    for (column, flag, value) in [("tokens", "--tokens", tokens), ("gpu_hours", "--gpu-hours", gpuHours)] {
      guard let value else { continue }
      let before = try Row.fetchOne(
        db, sql: "SELECT at, \(column) AS v FROM progress WHERE run_id = ? AND at <= ? AND \(column) > ? ORDER BY at DESC LIMIT 1",
        arguments: [runID, at, value])
      if let before {
        throw RegistryError(
          "\(flag) \(formatScientific(value, significantFigures: 3)) at \(at) is less than the \(formatScientific(before["v"] as Double, significantFigures: 3)) recorded at \(before["at"] as String); progress is cumulative (retract a wrong point with `registry progress RUN --retract AT`)")
      }
      let after = try Row.fetchOne(
        db, sql: "SELECT at, \(column) AS v FROM progress WHERE run_id = ? AND at > ? AND \(column) < ? ORDER BY at LIMIT 1",
        arguments: [runID, at, value])
      if let after {
        throw RegistryError(
          "\(flag) \(formatScientific(value, significantFigures: 3)) at \(at) is more than the \(formatScientific(after["v"] as Double, significantFigures: 3)) recorded later, at \(after["at"] as String); progress is cumulative")
      }
    }
  }

  /// Removes a wrongly recorded progress point (audited); obligations whose clock has started keep it.
  public func retractProgress(_ id: String, at date: Date, actor: String, reason: String) throws {
    guard !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
      throw RegistryError("--reason must say why the progress point is retracted")
    }
    let at = Self.timestamp(date)
    try pool.write { db in
      guard try Self.exists(db, id) else { throw RegistryError("run '\(id)' is not in the registry") }
      guard let row = try Row.fetchOne(db, sql: "SELECT id, tokens, gpu_hours FROM progress WHERE run_id = ? AND at = ?", arguments: [id, at]) else {
        let recorded = try String.fetchAll(db, sql: "SELECT at FROM progress WHERE run_id = ? ORDER BY at", arguments: [id])
        throw RegistryError("run '\(id)' has no progress point at \(at) (recorded: \(recorded.isEmpty ? "none" : recorded.joined(separator: ", ")))")
      }
      try db.execute(sql: "DELETE FROM progress WHERE id = ?", arguments: [row["id"] as Int64])
      var change: [String: JSONValue] = ["at": .string(at), "reason": .string(reason)]
      if let tokens = row["tokens"] as Double? { change["tokens"] = .number(tokens) }
      if let gpuHours = row["gpu_hours"] as Double? { change["gpu_hours"] = .number(gpuHours) }
      try Self.appendAudit(db, at: Self.timestamp(Date()), actor: actor, action: "progress-retract", runID: id, change: .object(change))
    }
  }

  /// Compute thresholds of the form `FLOP > value` that a forecast can cross.
  static func computeThresholds(assessor: RunAssessor, estimate: RunEstimate) -> [Forecaster.Threshold] {
    var items: [Forecaster.Threshold] = []
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
