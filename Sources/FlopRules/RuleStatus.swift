/// The outcome of checking one rule against a run.
public enum RuleStatus: String, Sendable, Hashable, Codable, CaseIterable {
  case met
  /// The threshold lies inside the estimate's 90% interval.
  case mayBeMet = "may-be-met"
  case notMet = "not-met"
  /// Outside its effective dates on the as-of date, or from a vetoed or proposed instrument.
  case notInForce = "not-in-force"
  /// An input the rule needs is missing; `missing` names it.
  case insufficientData = "insufficient-data"
}
