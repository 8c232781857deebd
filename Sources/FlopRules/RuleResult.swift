import FlopCore

/// An obligation with its due date for one run.
public struct DueObligation: Sendable, Hashable, Codable {
  public var id: String
  public var title: String
  public var citation: String?
  /// The due date, when it can be computed.
  public var due: CalendarDate?
  /// How the date was reached, or when it falls due when no date can be given.
  public var basis: String
  /// Whether the due date is before the as-of date.
  public var overdue: Bool
  /// Whether it applies only if the rule turns out to be met (status may-be-met).
  public var conditional: Bool
  public var repeatDays: Int?
  /// For a clock that runs from knowledge: the day it became known that the rule is met.
  public var knownOn: CalendarDate? = nil
}

/// The result of checking one rule: its status and figures, with the words that explain them
/// rendered on request from `explanation`.
public struct RuleResult: Sendable, Hashable, Encodable {
  public var regime: String
  public var rule: String
  public var title: String
  public var status: RuleStatus
  /// The headline metric and threshold, for the margin.
  public var metric: String?
  public var threshold: Double?
  /// Central ÷ threshold.
  public var margin: Double?
  /// Run-file inputs that would decide an insufficient-data result.
  public var missing: [String]
  public var obligations: [DueObligation]
  /// Whether the run is placed in none of the rule's markets (so the rule is out of its scope).
  public var outOfMarket: Bool = false
  /// Why the status is what it is, as the evaluation found it.
  public var explanation: RuleExplanation

  /// Why the status is what it is, in words.
  public var reason: String { explanation.reason }
  /// Notes a reader should see beside the status.
  public var notes: [String] { explanation.notes }
  /// What the rule would give if it were in force (for not-in-force results), worked out when asked.
  public var ifInForce: RuleStatus? { explanation.ifInForce }

  enum CodingKeys: String, CodingKey {
    case regime, rule, title, status, metric, threshold, margin, reason, missing, obligations, ifInForce, notes, outOfMarket
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(regime, forKey: .regime)
    try c.encode(rule, forKey: .rule)
    try c.encode(title, forKey: .title)
    try c.encode(status, forKey: .status)
    try c.encodeIfPresent(metric, forKey: .metric)
    try c.encodeIfPresent(threshold, forKey: .threshold)
    try c.encodeIfPresent(margin, forKey: .margin)
    try c.encode(reason, forKey: .reason)
    try c.encode(missing, forKey: .missing)
    try c.encode(obligations, forKey: .obligations)
    try c.encodeIfPresent(ifInForce, forKey: .ifInForce)
    try c.encode(notes, forKey: .notes)
    try c.encode(outOfMarket, forKey: .outOfMarket)
  }
}
