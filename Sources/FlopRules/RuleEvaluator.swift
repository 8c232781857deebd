import FlopCore

/// Checks rules against a run's metrics on a date.
public struct RuleEvaluator: Sendable {
  public var run: Run
  public var metrics: RunMetrics
  public var asOf: CalendarDate
  /// When it first became known that a rule is (or may be) met, by `regime/rule`: the registry's
  /// record, or a progress forecast. Overrides the plan's date for `threshold-met-or-foreseen`
  /// deadlines, so a clock started once is never restarted later.
  public var knownDates: [String: KnownDate]

  public init(run: Run, estimate: RunEstimate, asOf: CalendarDate, knownDates: [String: KnownDate] = [:]) {
    self.run = run
    self.metrics = RunMetrics(run: run, estimate: estimate)
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
    let metricNotes = metrics.notes.isEmpty
      ? [] : rule.metricsUsed.sorted { $0.rawValue < $1.rawValue }.compactMap { metrics.notes[$0] }
    var result = RuleResult(
      regime: regime.id, rule: rule.id, title: rule.title, status: .notMet, metric: primary?.metric.rawValue,
      threshold: threshold, margin: threshold.flatMap { t in central.map { $0 / t } }, missing: [],
      obligations: [], ifInForce: nil,
      explanation: RuleExplanation(cause: .none, ruleNotes: rule.notes, metricNotes: metricNotes, assumedMarkets: nil, unconfirmed: false))
    if !regime.status.canBeInForce {
      result.status = .notInForce
      result.ifInForce = status(of: evaluate(rule.when))
      result.explanation.cause = .neverInForce(instrument: regime.instrument, status: regime.status)
      return result
    }
    if !rule.isEffective(on: asOf) {
      result.status = .notInForce
      result.ifInForce = status(of: evaluate(rule.when))
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
    result.status = status(of: truth)
    if case .unknown(let missing) = truth { result.missing = missing.sorted { $0.rawValue < $1.rawValue }.map(\.inputHint) }
    result.explanation.cause = cause(of: rule, truth: truth, primary: primary, threshold: threshold)
    if result.status == .met || result.status == .mayBeMet {
      let known = knownDates.isEmpty ? nil : knownDates[regime.id + "/" + rule.id]
      result.obligations = rule.obligations.map { due($0, rule: rule, conditional: result.status == .mayBeMet, known: known) }
    }
    return result
  }

  /// What explains a rule in force: which figure crossed which threshold, which conditions fail,
  /// or what is missing (figures and conditions; the words come later).
  func cause(
    of rule: borrowing Rule, truth: Truth, primary: (metric: Metric, op: ComparisonOperator, value: ThresholdValue)?, threshold: Double?
  ) -> RuleExplanation.Cause {
    switch truth {
    case .yes:
      return thresholdCause(primary, threshold: threshold, met: true)
    case .no:
      if case .all(let items) = rule.when {
        let failing = items.filter { evaluate($0) == .no }
        if failing.count == 1, case .compare(let metric, _, _) = failing[0], metric == primary?.metric {
          return thresholdCause(primary, threshold: threshold, met: false)
        }
        return .failing(failing)
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
    guard let primary, let threshold, let central = metrics.central(primary.metric) else { return .conditions(hold: met) }
    return .threshold(metric: primary.metric, op: primary.op, central: central, threshold: threshold, met: met)
  }

  func status(of truth: Truth) -> RuleStatus {
    switch truth {
    case .yes: return .met
    case .no: return .notMet
    case .maybe: return .mayBeMet
    case .unknown: return .insufficientData
    }
  }

  // MARK: - Conditions

  func evaluate(_ condition: Condition) -> Truth {
    switch condition {
    case .all(let items): return combine(items, decidedBy: .no, otherwise: .yes)
    case .any(let items): return combine(items, decidedBy: .yes, otherwise: .no)
    case .not(let inner): return evaluate(inner).negated
    case .known(let metric, let expected):
      return (metrics.values[metric] != nil) == expected ? .yes : .no
    case .compare(let metric, let op, let value):
      guard let actual = metrics.values[metric] else { return .unknown([metric]) }
      let rhs: ThresholdValue
      do { rhs = try resolve(value) } catch let missing { return .unknown([missing.metric]) }
      if case .fraction = value, case .quantity(let interval) = actual, case .number(let t) = rhs {
        // A fraction such as 1/3 has no exact binary value: a figure within rounding of it is at it.
        return Self.compare(interval.snapped(to: t), op, t)
      }
      return compare(actual, op, rhs)
    }
  }

  /// Kleene conjunction (decided by `no`) or disjunction (decided by `yes`) of the items: a
  /// deciding value ends the walk; otherwise missing data, then doubt, then the other value.
  func combine(_ items: [Condition], decidedBy decisive: Truth, otherwise: Truth) -> Truth {
    var missing = Set<Metric>()
    var doubt = false
    for item in items {
      let value = evaluate(item)
      switch value {
      case decisive: return decisive
      case .unknown(let metrics): missing.formUnion(metrics)
      case .maybe: doubt = true
      default: break
      }
    }
    if !missing.isEmpty { return .unknown(missing) }
    return doubt ? .maybe : otherwise
  }

  struct MissingMetric: Error { var metric: Metric }

  /// Turns a fraction of a metric into a number.
  func resolve(_ value: ThresholdValue) throws(MissingMetric) -> ThresholdValue {
    guard case .fraction(let fraction, let base) = value else { return value }
    switch base {
    case .number(let number): return .number(fraction * number)
    case .metric(let metric):
      guard case .quantity(let interval) = metrics.values[metric] else { throw MissingMetric(metric: metric) }
      return .number(fraction * interval.central)
    }
  }

  func compare(_ actual: RunMetrics.Value, _ op: ComparisonOperator, _ rhs: ThresholdValue) -> Truth {
    switch (actual, rhs) {
    case (.quantity(let interval), .number(let t)):
      return Self.compare(interval, op, t)
    case (.lowerBound(let interval, let missing), .number(let t)):
      // Only "more than" can be decided from a lower bound.
      if (op == .greater && interval.low > t) || (op == .greaterOrEqual && interval.low >= t) { return .yes }
      return .unknown([missing])
    case (.flag(let a), .flag(let b)):
      return a == b ? .yes : .no
    case (.text(let a), .text(let b)):
      return a.lowercased() == b.lowercased() ? .yes : .no
    case (.text(let a), .texts(let list)):
      return list.contains { $0.lowercased() == a.lowercased() } ? .yes : .no
    case (.list(let items), .texts(let list)):
      let wanted = Set(list.map { $0.lowercased() })
      return items.contains { wanted.contains($0.lowercased()) } ? .yes : .no
    default:
      return .no
    }
  }

  /// Compares an interval with a threshold: decided when the whole interval is on one side.
  static func compare(_ interval: FLOPInterval, _ op: ComparisonOperator, _ t: Double) -> Truth {
    switch op {
    case .greater: return interval.low > t ? .yes : (interval.high <= t ? .no : .maybe)
    case .greaterOrEqual: return interval.low >= t ? .yes : (interval.high < t ? .no : .maybe)
    case .less: return interval.high < t ? .yes : (interval.low >= t ? .no : .maybe)
    case .lessOrEqual: return interval.high <= t ? .yes : (interval.low > t ? .no : .maybe)
    case .equal: return interval.low == t && interval.high == t ? .yes : (interval.contains(t) ? .maybe : .no)
    case .isIn: return .no
    }
  }

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
