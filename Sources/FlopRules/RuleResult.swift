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

/// The result of checking one rule.
public struct RuleResult: Sendable, Hashable, Codable {
  public var regime: String
  public var rule: String
  public var title: String
  public var status: RuleStatus
  /// The headline metric and threshold, for the margin.
  public var metric: String?
  public var threshold: Double?
  /// Central ÷ threshold.
  public var margin: Double?
  /// Why the status is what it is, in words.
  public var reason: String
  /// Run-file inputs that would decide an insufficient-data result.
  public var missing: [String]
  public var obligations: [DueObligation]
  /// What the rule would give if it were in force (for not-in-force results).
  public var ifInForce: RuleStatus?
  public var notes: [String]
  /// Whether the run is placed in none of the rule's markets (so the rule is out of its scope).
  public var outOfMarket: Bool = false
}
