import FlopCore

/// Checks rules against a run's metrics on a date.
public struct RuleEvaluator: Sendable {
  public var run: Run
  public let metrics: RunMetrics
  /// The same values, shared by the results that keep them for their words.
  let values: RuleValues
  public var asOf: CalendarDate
  /// When it first became known that a rule is (or may be) met, by `regime/rule`: the registry's
  /// record, or a progress forecast. Overrides the plan's date for `threshold-met-or-foreseen`
  /// deadlines, so a clock started once is never restarted later.
  public var knownDates: [String: KnownDate]

  public init(run: Run, estimate: RunEstimate, asOf: CalendarDate, knownDates: [String: KnownDate] = [:]) {
    self.run = run
    self.metrics = RunMetrics(run: run, estimate: estimate)
    self.values = RuleValues(metrics)
    self.asOf = asOf
    self.knownDates = knownDates
  }

  /// Checks every rule of every regime in the set, in file order.
  ///
  /// Results carry statuses, figures, obligations and what explains them; their words are
  /// rendered only when read (`RuleExplanation`).
  public func check(_ set: ThresholdSet, regimes: Set<String> = []) -> [RuleResult] {
    var results: [RuleResult] = []
    // Through buffer pointers, regimes and rules are lent to `evaluate` rather than copied:
    // copying a rule retained every one of its fields, and all cores check the same rules.
    set.regimes.withUnsafeBufferPointer { loaded in
      for r in loaded.indices where regimes.isEmpty || regimes.contains(loaded[r].regime.id) {
        withUnsafePointer(to: loaded[r].regime) { regime in
          regime.pointee.rules.withUnsafeBufferPointer { rules in
            for k in rules.indices { results.append(evaluate(rules[k], in: regime.pointee)) }
          }
        }
      }
    }
    return results
  }

  /// Checks one rule.
  public func evaluate(_ rule: borrowing Rule, in regime: borrowing Regime) -> RuleResult {
    let primary = rule.when.primaryComparison
    let threshold = primary.flatMap { try? resolve($0.value) }.flatMap { value -> Double? in
      if case .number(let n) = value { return n }
      return nil
    }
    let central = primary.flatMap { metrics.central($0.metric) }
    var result = RuleResult(
      regime: regime.id, rule: rule.id, title: rule.title, status: .notMet, metric: primary?.metric.rawValue,
      threshold: threshold, margin: threshold.flatMap { t in central.map { $0 / t } }, missing: [],
      obligations: [],
      explanation: RuleExplanation(
        cause: .none, ruleNotes: rule.notes, metricsUsed: rule.metricsUsed, assumedMarkets: nil, unconfirmed: false, values: values))
    if !regime.status.canBeInForce {
      result.status = .notInForce
      result.explanation.condition = rule.when
      result.explanation.cause = .neverInForce(instrument: regime.instrument, status: regime.status)
      return result
    }
    if !rule.isEffective(on: asOf) {
      result.status = .notInForce
      result.explanation.condition = rule.when
      if let from = rule.effectiveFrom, asOf < from {
        result.explanation.cause = .notYetInForce(from: from, asOf: asOf)
      } else if let until = rule.effectiveUntil {
        result.explanation.cause = .ended(until: until, status: regime.status, asOf: asOf)
      }
      return result
    }
    if !rule.markets.isEmpty {
      if run.markets.isEmpty {
        result.explanation.assumedMarkets = rule.markets
      } else if !rule.markets.contains(where: { ruleMarket in run.markets.contains { MarketCode.covers($0, ruleMarket) } }) {
        result.status = .notMet
        result.outOfMarket = true
        result.explanation.cause = .outOfMarket(ruleMarkets: rule.markets, runMarkets: run.markets)
        return result
      }
    }
    result.explanation.unconfirmed = regime.status == .unconfirmed
    let truth = evaluate(rule.when)
    result.status = RuleStatus(truth)
    result.explanation.cause = cause(of: rule.when, truth: truth, primary: primary, threshold: threshold)
    switch result.explanation.cause {
    case .missing(let metrics): result.missing = metrics.map(\.inputHint)
    case .failing: result.explanation.condition = rule.when
    default: break
    }
    if result.status == .met || result.status == .mayBeMet {
      let known = knownDates.isEmpty ? nil : knownDates[regime.id + "/" + rule.id]
      result.obligations = rule.obligations.map { due($0, rule: rule, conditional: result.status == .mayBeMet, known: known) }
    }
    return result
  }

  /// What explains a rule in force: which figure crossed which threshold, which conditions fail,
  /// or what is missing (figures and conditions; the words come later).
  func cause(
    of condition: Condition, truth: Truth, primary: (metric: Metric, op: ComparisonOperator, value: ThresholdValue)?, threshold: Double?
  ) -> RuleExplanation.Cause {
    switch truth {
    case .yes:
      return thresholdCause(primary, threshold: threshold, met: true)
    case .no:
      if case .all = condition {
        // Which items fail is worked out when the reason is read.
        return .failing(primary: primary?.metric, headline: headline(primary, threshold: threshold))
      }
      return thresholdCause(primary, threshold: threshold, met: false)
    case .maybe:
      return .insideInterval
    case .unknown(let missing):
      return .missing(missing.sorted { $0.rawValue < $1.rawValue })
    }
  }

  func thresholdCause(
    _ primary: (metric: Metric, op: ComparisonOperator, value: ThresholdValue)?, threshold: Double?, met: Bool
  ) -> RuleExplanation.Cause {
    headline(primary, threshold: threshold).map { .threshold($0, met: met) } ?? .conditions(hold: met)
  }

  func headline(_ primary: (metric: Metric, op: ComparisonOperator, value: ThresholdValue)?, threshold: Double?) -> RuleExplanation.Headline? {
    guard let primary, let threshold, let central = metrics.central(primary.metric) else { return nil }
    return RuleExplanation.Headline(metric: primary.metric, op: primary.op, central: central, threshold: threshold)
  }


  // MARK: - Conditions

  func evaluate(_ condition: Condition) -> Truth { metrics.evaluate(condition) }

  /// Turns a fraction of a metric into a number.
  func resolve(_ value: ThresholdValue) throws(RunMetrics.MissingMetric) -> ThresholdValue { try metrics.resolve(value) }

  // MARK: - Deadlines

  /// The day the plan shows a rule met, and why: `schedule.planned` when the run file says when
  /// the plan was made; else the start of training, when it is past (the estimate is made before
  /// the run, EU guidelines §2.3.2); else the as-of date, which is then only an assumption.
  public func planKnown() -> KnownDate {
    if let planned = run.schedule?.planned, planned <= asOf {
      return KnownDate(date: planned, basis: "\(planned), when the plan was made (schedule.planned)")
    }
    if let start = run.schedule?.start, start < asOf {
      return KnownDate(date: start, basis: "training start \(start): the threshold is foreseen before training")
    }
    return KnownDate(
      date: asOf, basis: "\(asOf), assumed to be when the plan became known (the as-of date; give schedule.planned to date the plan)")
  }

  func due(_ obligation: Obligation, rule: Rule, conditional: Bool, known recorded: KnownDate? = nil) -> DueObligation {
    var result = DueObligation(
      id: obligation.id, title: obligation.title, citation: obligation.citation, due: nil, basis: "",
      overdue: false, conditional: conditional, repeatDays: obligation.deadline?.repeatDays)
    guard let deadline = obligation.deadline else {
      result.basis = obligation.note ?? "ongoing"
      return result
    }
    let days = deadline.days
    switch deadline.after {
    case .thresholdMetOrForeseen:
      // A recorded first-known date wins (the registry's record or a forecast, which already
      // weigh the plan); otherwise the plan's. Never before the rule applies.
      var known = recorded ?? planKnown()
      if let from = rule.effectiveFrom, known.date < from {
        known = KnownDate(date: from, basis: "the rule's effective date \(from)")
      }
      result.knownOn = known.date
      result.due = known.date.adding(days: days)
      result.basis = "\(days) days after \(known.basis)"
    case .trainingStart:
      if let start = run.schedule?.start {
        result.due = start.adding(days: days)
        result.basis = "\(days) days after training start \(start)"
      } else {
        result.basis = "\(days) days after training start (schedule.start not given)"
      }
    case .deployment:
      if let release = run.schedule?.release, let transition = deadline.transition, release < transition.placedBefore {
        result.due = max(release.adding(days: days), transition.until)
        result.basis = "by \(transition.until): placed on the market \(release), before \(transition.placedBefore) (transitional period)"
      } else if let release = run.schedule?.release {
        result.due = release.adding(days: days)
        result.basis = days == 0 ? "before or at release \(release)" : "\(days) days after release \(release)"
      } else {
        result.basis = days == 0 ? "before or at deployment (schedule.release not given)" : "\(days) days after deployment (schedule.release not given)"
      }
    case .incident:
      result.basis = days == 0 ? "without undue delay after a reportable incident" : "within \(days) days of a reportable incident"
    case .incidentDiscovery:
      result.basis = "within \(Self.span(days)) of discovering a reportable incident"
    case .incidentDetermination:
      result.basis = "within \(Self.span(days)) of determining that a reportable incident occurred"
    case .materialChange:
      result.basis = "within \(days) days of a material change"
    case .effectiveDate:
      if let from = rule.effectiveFrom {
        result.due = from.adding(days: days)
        result.basis = "\(days) days after the rule took effect \(from)"
      } else {
        result.basis = "\(days) days after the rule took effect"
      }
    }
    if let repeatDays = deadline.repeatDays { result.basis += ", then every \(repeatDays) days" }
    if let due = result.due { result.overdue = due < asOf }
    return result
  }
}

extension RuleEvaluator {
  /// A short span in words: "24 hours", "72 hours", "15 days".
  static func span(_ days: Int) -> String { days <= 3 ? "\(days * 24) hours" : "\(days) days" }
}

extension FLOPInterval {
  /// The interval with bounds within 1e-12 (relative) of `value` set to it exactly.
  func snapped(to value: Double) -> FLOPInterval {
    func snap(_ x: Double) -> Double { abs(x - value) <= 1e-12 * abs(value) ? value : x }
    return FLOPInterval(central: snap(central), low: snap(low), high: snap(high))
  }
}
