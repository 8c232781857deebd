/// The outcome of a condition under uncertainty.
public enum Truth: Sendable, Hashable {
  case yes
  case no
  /// The threshold lies inside the estimate's interval.
  case maybe
  /// An input is missing; the names say which.
  case unknown(Set<Metric>)

  /// Kleene conjunction: any `no` decides; then missing data; then doubt.
  static func all(_ values: [Truth]) -> Truth {
    if values.contains(.no) { return .no }
    let missing = values.reduce(into: Set<Metric>()) { if case .unknown(let m) = $1 { $0.formUnion(m) } }
    if !missing.isEmpty { return .unknown(missing) }
    return values.contains(.maybe) ? .maybe : .yes
  }

  /// Kleene disjunction: any `yes` decides; then missing data; then doubt.
  static func any(_ values: [Truth]) -> Truth {
    if values.contains(.yes) { return .yes }
    let missing = values.reduce(into: Set<Metric>()) { if case .unknown(let m) = $1 { $0.formUnion(m) } }
    if !missing.isEmpty { return .unknown(missing) }
    return values.contains(.maybe) ? .maybe : .no
  }

  var negated: Truth {
    switch self {
    case .yes: return .no
    case .no: return .yes
    case .maybe, .unknown: return self
    }
  }
}
