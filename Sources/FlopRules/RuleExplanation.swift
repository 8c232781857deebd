import FlopCore

/// Why a rule has its status, in the evaluation's own terms (figures, dates, markets, conditions):
/// what `RuleResult.reason` and `notes` are rendered from when someone reads them.
///
/// Checking computes statuses and figures only; a bulk import, which stores no words, never pays
/// for them, and no flag has to be passed through the evaluator to say so.
public struct RuleExplanation: Sendable, Hashable {
  /// The status's cause.
  public var cause: Cause
  /// Notes the rule's file carries.
  public var ruleNotes: [String]
  /// Notes about the run's figures that the rule uses (a base model's unknown compute, an estimated cost).
  public var metricNotes: [String]
  /// The rule's markets, when the run states none and is assumed to be placed in them.
  public var assumedMarkets: [String]?
  /// The regime's enactment or wording is unconfirmed.
  public var unconfirmed: Bool

  public enum Cause: Sendable, Hashable {
    case none
    case neverInForce(instrument: String, status: Regime.Status)
    case notYetInForce(from: CalendarDate, asOf: CalendarDate)
    case ended(until: CalendarDate, status: Regime.Status, asOf: CalendarDate)
    case outOfMarket(ruleMarkets: [String], runMarkets: [String])
    /// The headline figure against its threshold.
    case threshold(metric: Metric, op: ComparisonOperator, central: Double, threshold: Double, met: Bool)
    /// Met or not, without a headline figure to show.
    case conditions(hold: Bool)
    /// The conditions of an `all` that fail.
    case failing([Condition])
    case insideInterval
    case missing([Metric])
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
    case .threshold(let metric, let op, let central, let threshold, let met):
      return met
        ? "\(metric.rawValue) \(formatFLOP(central)) \(op.rawValue) \(formatFLOP(threshold))"
        : "\(metric.rawValue) \(formatFLOP(central)) is not \(op.rawValue) \(formatFLOP(threshold))"
    case .conditions(let hold): return hold ? "all conditions hold" : "a condition does not hold"
    case .failing(let conditions):
      return "does not hold: " + conditions.map { condition -> String in
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
    notes += ruleNotes + metricNotes
    if let assumedMarkets { notes.append("run states no markets: assumed placed in \(assumedMarkets.joined(separator: ", "))") }
    return notes
  }
}
