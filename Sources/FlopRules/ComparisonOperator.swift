/// A comparison in a rule condition. Comparators are exact: `>` 1e25 is not met at 1e25.
public enum ComparisonOperator: String, Sendable, Hashable, Codable, CaseIterable {
  case greater = ">"
  case greaterOrEqual = ">="
  case less = "<"
  case lessOrEqual = "<="
  case equal = "=="
  case isIn = "in"

  /// Whether the operator orders quantities.
  public var isOrdering: Bool {
    switch self {
    case .greater, .greaterOrEqual, .less, .lessOrEqual: return true
    case .equal, .isIn: return false
    }
  }
}
