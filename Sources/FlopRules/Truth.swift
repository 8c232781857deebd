/// The outcome of a condition under uncertainty.
public enum Truth: Sendable, Hashable {
  case yes
  case no
  /// The threshold lies inside the estimate's interval.
  case maybe
  /// An input is missing; the names say which.
  case unknown(Set<Metric>)

  var negated: Truth {
    switch self {
    case .yes: return .no
    case .no: return .yes
    case .maybe, .unknown: return self
    }
  }
}

extension RuleStatus {
  /// The status a rule's condition gives.
  public init(_ truth: Truth) {
    switch truth {
    case .yes: self = .met
    case .no: self = .notMet
    case .maybe: self = .mayBeMet
    case .unknown: self = .insufficientData
    }
  }
}
