import FlopCore

/// Why a rule has its status, in the evaluation's own terms (figures, dates, markets, conditions):
/// what `RuleResult.reason`, `notes` and `ifInForce` are worked out from when someone reads them.
///
/// Checking computes statuses and figures only; a bulk import, which stores no words, never pays
/// for them, and no flag has to be passed through the evaluator to say so. Kept small and flat
/// (no boxes, a shared reference to the run's values) because every rule of every run has one.
public struct RuleExplanation: Sendable, Hashable {
  /// The status's cause.
  public var cause: Cause
  /// Notes the rule's file carries.
  public var ruleNotes: [String]
  /// The metrics the rule uses, whose notes about the run's figures (a base model's unknown
  /// compute, an estimated cost) are shown with it.
  public var metricsUsed: Set<Metric>
  /// The rule's markets, when the run states none and is assumed to be placed in them.
  public var assumedMarkets: [String]?
  /// The regime's enactment or wording is unconfirmed.
  public var unconfirmed: Bool
  /// The rule's condition, kept where the words need it evaluated again: a rule not in force
  /// (what it would give) or an `all` that does not hold (which items fail).
  public var condition: Condition?
  /// The run's values, shared by all its results.
  public var values: RuleValues?

  public init(
    cause: Cause, ruleNotes: [String], metricsUsed: Set<Metric>, assumedMarkets: [String]?, unconfirmed: Bool,
    condition: Condition? = nil, values: RuleValues? = nil
  ) {
    self.cause = cause
    self.ruleNotes = ruleNotes
    self.metricsUsed = metricsUsed
    self.assumedMarkets = assumedMarkets
    self.unconfirmed = unconfirmed
    self.condition = condition
    self.values = values
  }

  /// A headline figure against its threshold.
  public struct Headline: Sendable, Hashable {
    public var metric: Metric
    public var op: ComparisonOperator
    public var central: Double
    public var threshold: Double

    func text(met: Bool) -> String {
      met
        ? "\(metric.rawValue) \(formatFLOP(central)) \(op.rawValue) \(formatFLOP(threshold))"
        : "\(metric.rawValue) \(formatFLOP(central)) is not \(op.rawValue) \(formatFLOP(threshold))"
    }
  }

  public enum Cause: Sendable, Hashable {
    case none
    case neverInForce(instrument: String, status: Regime.Status)
    case notYetInForce(from: CalendarDate, asOf: CalendarDate)
    case ended(until: CalendarDate, status: Regime.Status, asOf: CalendarDate)
    case outOfMarket(ruleMarkets: [String], runMarkets: [String])
    /// The headline figure against its threshold.
    case threshold(Headline, met: Bool)
    /// Met or not, without a headline figure to show.
    case conditions(hold: Bool)
    /// An `all` that does not hold (its items in `condition`): which fail is found from the
    /// values when read; when the one failing item compares the headline metric, that says it.
    case failing(primary: Metric?, headline: Headline?)
    case insideInterval
    case missing([Metric])
  }

  /// The status the rule would have if it were in force (for rules not in force).
  public var ifInForce: RuleStatus? {
    switch cause {
    case .neverInForce, .notYetInForce, .ended:
      guard let condition, let values else { return nil }
      return RuleStatus(values.metrics.evaluate(condition))
    default: return nil
    }
  }

  /// Why the status is what it is, in words.
  public var reason: String {
    switch cause {
    case .none: return ""
    case .neverInForce(let instrument, let status):
      return status == .neverEnforced
        ? "\(instrument) was never enforced: compliance was suspended before it was due"
        : "\(instrument) is \(status.rawValue); never in force"
    case .notYetInForce(let from, let asOf): return "in force from \(from) (as of \(asOf))"
    case .ended(let until, let status, let asOf):
      let ended = [Regime.Status.revoked, .rescinded, .superseded].contains(status) ? " (\(status.rawValue))" : ""
      return "in force until \(until)\(ended) (as of \(asOf))"
    case .outOfMarket(let ruleMarkets, let runMarkets):
      return "the run is not placed in \(ruleMarkets.joined(separator: ", ")) (markets: \(runMarkets.joined(separator: ", ")))"
    case .threshold(let headline, let met): return headline.text(met: met)
    case .conditions(let hold): return hold ? "all conditions hold" : "a condition does not hold"
    case .failing(let primary, let headline):
      guard case .all(let items)? = condition, let values else { return "a condition does not hold" }
      let failing = items.filter { values.metrics.evaluate($0) == .no }
      if failing.count == 1, case .compare(let metric, _, _) = failing[0], metric == primary {
        return headline?.text(met: false) ?? "a condition does not hold"
      }
      return "does not hold: " + failing.map { condition -> String in
        if case .known(let metric, true) = condition { return "\(metric.rawValue) is not known (\(metric.inputHint))" }
        return condition.description
      }.joined(separator: "; ")
    case .insideInterval: return "the threshold lies inside the estimate's 90% interval"
    case .missing(let metrics): return "missing " + metrics.map { "\($0.rawValue) (give \($0.inputHint))" }.joined(separator: ", ")
    }
  }

  /// Notes a reader should see beside the status.
  public var notes: [String] {
    var notes: [String] = []
    if unconfirmed { notes.append("regime status unconfirmed: its enactment or exact wording was not confirmed in a primary text") }
    notes += ruleNotes
    if let values, !values.metrics.notes.isEmpty {
      notes += metricsUsed.sorted { $0.rawValue < $1.rawValue }.compactMap { values.metrics.notes[$0] }
    }
    if let assumedMarkets { notes.append("run states no markets: assumed placed in \(assumedMarkets.joined(separator: ", "))") }
    return notes
  }
}

/// A run's metric values, made once per evaluation and shared by every result that may need to
/// evaluate a condition again for its words. A reference so that the results of a run's twenty
/// rules hold one pointer each rather than twenty copies of the tables; immutable, so sharing is safe.
public final class RuleValues: Sendable, Hashable {
  public let metrics: RunMetrics

  public init(_ metrics: RunMetrics) { self.metrics = metrics }

  public static func == (a: RuleValues, b: RuleValues) -> Bool { a === b || a.metrics == b.metrics }
  public func hash(into hasher: inout Hasher) { hasher.combine(metrics) }
}
