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

  /// What one report does, worked out without writing: its forecast, the point to record (nil
  /// for a repeat) and the run's obligations with it.
  struct ProgressEvaluation {
    var forecast: ProgressForecast
    var point: ProgressPoint?
    var obligations: [RunRow.ObligationRow]
  }

  /// One report, inside a write transaction.
  static func record(_ report: ProgressReport, in tx: RegistryTransaction, assessor: RunAssessor) throws -> ProgressForecast {
    var entry = try progressEntry(report.runID, in: tx, assessor: assessor)
    let evaluation = try evaluate(report, entry: &entry, assessor: assessor)
    // A repeated point changes nothing: no obligation moves and nothing is audited.
    guard let point = evaluation.point else { return evaluation.forecast }
    try tx.insertProgress(runID: report.runID, at: point.at, tokens: point.tokens, gpuHours: point.gpuHours, recordedAt: Registry.timestamp(Date()))
    try tx.recordObligations(runID: report.runID, obligations: evaluation.obligations)
    // The entry comes last so that it records the obligations this point moved.
    try tx.appendAudit(action: "progress", actor: report.actor, at: Registry.timestamp(Date()), runID: report.runID, change: progressChange(point))
    return evaluation.forecast
  }

  static func progressChange(_ point: ProgressPoint) -> [String: JSONValue] {
    var change: [String: JSONValue] = ["at": .string(point.at)]
    if let tokens = point.tokens { change["tokens"] = .number(tokens) }
    if let gpuHours = point.gpuHours { change["gpu_hours"] = .number(gpuHours) }
    return change
  }

  /// Reads what recording progress needs of a run.
  static func progressEntry(_ id: String, in tx: RegistryTransaction, assessor: RunAssessor) throws -> ProgressCache.Entry {
    guard let state = try tx.progressStates(of: [id])[id] else { throw RegistryError.unknownRun(id) }
    return try progressEntry(id, state: state, in: tx, assessor: assessor)
  }

  /// Assesses a run's stored document and keeps what recording progress needs with its state.
  static func progressEntry(_ id: String, state: RunProgressState, in tx: RegistryTransaction, assessor: RunAssessor) throws -> ProgressCache.Entry {
    let parsed = try RunFileParser.parse(state.document, file: "registry:\(id)")
    let baseFLOP = try parsed.run.baseModel?.run.flatMap { try tx.cumulativeFLOP(of: $0) }
    let assessment = try assessor.assess(parsed, baseFLOP: baseFLOP)
    var entry = ProgressCache.Entry(
      assessment: assessment, thresholds: computeThresholds(assessor: assessor, estimate: assessment.estimate),
      planKnown: RuleEvaluator(run: assessment.run, estimate: assessment.estimate, asOf: assessor.asOf).planKnown(),
      plannedMet: Set(assessment.results.filter { $0.status == .met }.map { "\($0.regime)/\($0.rule)" }),
      points: state.points, known: state.known, loaded: (state.obligations, state.derived))
    for point in state.points {
      if let tokens = point.tokens { entry.largest.tokens = max(entry.largest.tokens, tokens) }
      if let gpuHours = point.gpuHours { entry.largest.gpuHours = max(entry.largest.gpuHours, gpuHours) }
    }
    return entry
  }

  /// Checks a report against the run's points and forecasts with it; `entry` gains the point
  /// only when the report is accepted.
  static func evaluate(_ report: ProgressReport, entry: inout ProgressCache.Entry, assessor: RunAssessor) throws -> ProgressEvaluation {
    let id = report.runID, date = report.at, tokens = report.tokens, gpuHours = report.gpuHours
    let assessment = entry.assessment
    let at = Registry.timestamp(date)
    if let start = assessment.run.schedule?.start, at < start.description {
      throw RegistryError("--at \(at) is before the run's start \(start) (schedule.start)")
    }
    // Idempotent by (run, at): several reporters of one job, or a retried request, may send the
    // same point again; it is recorded once. The same time with another figure is a conflict.
    // Most points come after all others: then there is no repeat to look for, and only the
    // largest recorded figures to compare with.
    let afterAll = entry.points.last.map { $0.at < at } ?? true
    let repeated = afterAll ? nil : entry.points.first { $0.at == at }
    if let repeated, repeated.tokens != tokens || repeated.gpuHours != gpuHours {
      func text(_ value: Double?, _ unit: String) -> String? { value.map { "\(formatScientific($0, significantFigures: 3)) \(unit)" } }
      let recorded = [text(repeated.tokens, "tokens"), text(repeated.gpuHours, "GPU-hours")].compactMap { $0 }.joined(separator: ", ")
      throw RegistryError(
        "progress at \(at) is already recorded as \(recorded); a report for the same time must agree (retract the recorded point with `registry progress \(id) --retract \(at)` if it is wrong)", kind: .conflict)
    }
    var point: ProgressPoint?
    if repeated == nil {
      let belowLargest = (tokens.map { $0 < entry.largest.tokens } ?? false) || (gpuHours.map { $0 < entry.largest.gpuHours } ?? false)
      if !afterAll || belowLargest { try Registry.checkMonotonic(entry.points, at: at, tokens: tokens, gpuHours: gpuHours) }
      let new = ProgressPoint(at: at, tokens: tokens, gpuHours: gpuHours)
      point = new
      // Nothing below throws: the entry takes the point now.
      if afterAll {
        entry.points.append(new)
        if let value = entry.seriesInTokens ? tokens : gpuHours, let day = Registry.day(of: at) {
          entry.series?.append(Forecaster.Point(day: day, value: value))
        }
      } else {
        entry.points.insert(new, at: entry.points.lastIndex { $0.at <= at }.map { $0 + 1 } ?? 0)
        entry.series = nil
      }
      if let tokens { entry.largest.tokens = max(entry.largest.tokens, tokens) }
      if let gpuHours { entry.largest.gpuHours = max(entry.largest.gpuHours, gpuHours) }
    }

    let useTokens = tokens != nil
    let run = assessment.run
    let estimate = assessment.estimate
    let planned: Double? = useTokens
      ? run.stages.filter { CountingPolicy.decide($0).counted && $0.kind.updatesParameters }.compactMap(\.tokens).reduce(0, +)
      : estimate.chipHours
    let today = CalendarDate.today(now: date)
    let thresholds = entry.thresholds
    let plannedUnits = (planned ?? 0) > 0 ? planned : nil
    if entry.series == nil || entry.seriesInTokens != useTokens {
      var series = Forecaster.Series(
        scan: Forecaster.CrossingScan(
          planned: plannedUnits, plannedFLOP: estimate.flop.central, start: run.schedule?.start, end: run.schedule?.end, thresholds: thresholds))
      for point in entry.points {
        guard let value = useTokens ? point.tokens : point.gpuHours, let day = Registry.day(of: point.at) else { continue }
        series.append(Forecaster.Point(day: day, value: value))
      }
      entry.series = series
      entry.seriesInTokens = useTokens
    }
    let points = entry.series!.points
    let crossings = entry.series!.scan.crossings
    // What was known before (the plan, the registry's record) and what the forecasts show, earliest first.
    var known = Self.knownDates(entry.known)
    let plan = entry.planKnown
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
    // A repeat changes nothing, so its obligations are not worked out.
    guard point != nil else { return ProgressEvaluation(forecast: forecast, point: nil, obligations: []) }
    // Re-check with the projected compute; each rule's clock runs from its first-known day.
    let scale = estimate.flop.central > 0 ? max(1, (forecast.flopProjected - (estimate.baseFLOP ?? 0)) / estimate.flop.central) : 1
    var projected = estimate
    projected.flop = estimate.flop.scaled(by: scale)
    projected.cumulativeFLOP = estimate.baseFLOP.map { projected.flop + .exact($0) } ?? projected.flop
    projected.modificationFLOP = estimate.modificationFLOP.map { _ in projected.flop }
    let plannedMet = entry.plannedMet
    let forecastResults = RuleEvaluator(run: run, estimate: projected, asOf: assessor.asOf, knownDates: known).check(assessor.thresholds)
    var merged = forecastResults
    if !plannedMet.isEmpty {
      let planResults = RuleEvaluator(run: run, estimate: estimate, asOf: assessor.asOf, knownDates: known).check(assessor.thresholds)
      merged = forecastResults.map { result in
        plannedMet.contains("\(result.regime)/\(result.rule)")
          ? planResults.first { $0.regime == result.regime && $0.rule == result.rule } ?? result : result
      }
    }
    return ProgressEvaluation(forecast: forecast, point: point, obligations: RunRow.obligationRows(merged))
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
