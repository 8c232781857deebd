import FlopCore
import FlopFiles
import FlopRules
import FlopRegistry
import Foundation

extension Registry {
  /// Records progress, forecasts the threshold crossings from the observed rate, and updates the
  /// obligations: a deadline that runs from when the threshold "becomes known" starts on the day a
  /// forecast first shows it will be met (EU Art. 52(1)), unless the plan already showed it.
  public func recordProgress(
    _ id: String, at date: Date, tokens: Double?, gpuHours: Double?, actor: String, assessor: RunAssessor, now: Date = Date()
  ) throws -> ProgressForecast {
    let report = ProgressReport(runID: id, at: date, tokens: tokens, gpuHours: gpuHours, actor: actor)
    try report.check(now: now)
    return try write { tx in try Self.record(report, in: tx, assessor: assessor) }
  }

  /// Records several reports in one write transaction (one durable commit, one turn of the
  /// writers' lock), each exactly as `recordProgress` would, in order; a report that is refused
  /// is answered with its error and the others are recorded (the transaction is run again without
  /// it). For a server taking many reporters' points at once.
  public func recordProgress(batch reports: [ProgressReport], assessor: RunAssessor, now: Date = Date()) throws -> [Result<ProgressForecast, any Error>] {
    var results = [Result<ProgressForecast, any Error>?](repeating: nil, count: reports.count)
    var pending: [Int] = []
    for (index, report) in reports.enumerated() {
      do { try report.check(now: now); pending.append(index) } catch { results[index] = .failure(error) }
    }
    struct Refused: Error { var index: Int; var error: any Error }
    while !pending.isEmpty {
      do {
        let forecasts = try write { tx in
          try pending.map { index in
            do { return (index, try Self.record(reports[index], in: tx, assessor: assessor)) } catch { throw Refused(index: index, error: error) }
          }
        }
        for (index, forecast) in forecasts { results[index] = .success(forecast) }
        pending = []
      } catch let refused as Refused {
        results[refused.index] = .failure(refused.error)
        pending.removeAll { $0 == refused.index }
      }
    }
    return results.map { $0 ?? .failure(EngineError("not recorded")) }
  }

  /// One report, inside a write transaction.
  static func record(_ report: ProgressReport, in tx: RegistryTransaction, assessor: RunAssessor) throws -> ProgressForecast {
    let id = report.runID, date = report.at, tokens = report.tokens, gpuHours = report.gpuHours, actor = report.actor
    guard let document = try tx.currentDocument(of: id)?.document else { throw RegistryError.unknownRun(id) }
    let parsed = try RunFileParser.parse(document, file: "registry:\(id)")
    let baseFLOP = try parsed.run.baseModel?.run.flatMap { try tx.cumulativeFLOP(of: $0) }
    let assessment = try assessor.assess(parsed, baseFLOP: baseFLOP)
    let at = Registry.timestamp(date)
    if let start = assessment.run.schedule?.start, at < start.description {
      throw RegistryError("--at \(at) is before the run's start \(start) (schedule.start)")
    }
    // Idempotent by (run, at): several reporters of one job, or a retried request, may send the
    // same point again; it is recorded once. The same time with another figure is a conflict.
    var recorded = try tx.progressPoints(of: id)
    let repeated = recorded.first { $0.at == at }
    if let repeated, repeated.tokens != tokens || repeated.gpuHours != gpuHours {
      func text(_ value: Double?, _ unit: String) -> String? { value.map { "\(formatScientific($0, significantFigures: 3)) \(unit)" } }
      let recorded = [text(repeated.tokens, "tokens"), text(repeated.gpuHours, "GPU-hours")].compactMap { $0 }.joined(separator: ", ")
      throw RegistryError(
        "progress at \(at) is already recorded as \(recorded); a report for the same time must agree (retract the recorded point with `registry progress \(id) --retract \(at)` if it is wrong)", kind: .conflict)
    }
    if repeated == nil {
      try Registry.checkMonotonic(recorded, at: at, tokens: tokens, gpuHours: gpuHours)
      try tx.insertProgress(runID: id, at: at, tokens: tokens, gpuHours: gpuHours, recordedAt: Registry.timestamp(Date()))
      recorded.append(ProgressPoint(at: at, tokens: tokens, gpuHours: gpuHours))
      recorded.sort { $0.at < $1.at }
    }

    let useTokens = tokens != nil
    let points: [Forecaster.Point] = recorded.compactMap { point in
      guard let value = useTokens ? point.tokens : point.gpuHours else { return nil }
      return Registry.day(of: point.at).map { Forecaster.Point(day: $0, value: value) }
    }
    let run = assessment.run
    let estimate = assessment.estimate
    let planned: Double? = useTokens
      ? run.stages.filter { CountingPolicy.decide($0).counted && $0.kind.updatesParameters }.compactMap(\.tokens).reduce(0, +)
      : estimate.chipHours
    let today = CalendarDate.today(now: date)
    let thresholds = Self.computeThresholds(assessor: assessor, estimate: estimate)
    let plannedUnits = (planned ?? 0) > 0 ? planned : nil
    let crossings = Forecaster.firstForecastCrossings(
      unit: useTokens ? "tokens" : "gpu_hours", points: points, planned: plannedUnits, plannedFLOP: estimate.flop.central,
      baseFLOP: estimate.baseFLOP ?? 0, start: run.schedule?.start, end: run.schedule?.end, thresholds: thresholds)
    // What was known before (the plan, the registry's record) and what the forecasts show, earliest first.
    var known = Self.knownDates(try tx.knownDays(of: id))
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
    // A repeated point changes nothing: no obligation moves and nothing is audited.
    guard repeated == nil else { return forecast }
    try tx.recordObligations(runID: id, obligations: RunRow.obligationRows(merged))
    // The entry comes last so that it records the obligations this point moved.
    var change: [String: JSONValue] = ["at": .string(at)]
    if let tokens { change["tokens"] = .number(tokens) }
    if let gpuHours { change["gpu_hours"] = .number(gpuHours) }
    try tx.appendAudit(action: "progress", actor: actor, at: Registry.timestamp(Date()), runID: id, change: change)
    return forecast
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

}
