import FlopCore

/// Conditions evaluated against a run's metric values: the evaluation depends on nothing else,
/// so a rule result can evaluate again later what it needs for its words.
extension RunMetrics {

  /// Whether a condition holds for these values (Kleene logic: yes, no, maybe, or unknown for want of data).
  public func evaluate(_ condition: Condition) -> Truth {
    switch condition {
    case .all(let items): return combine(items, decidedBy: .no, otherwise: .yes)
    case .any(let items): return combine(items, decidedBy: .yes, otherwise: .no)
    case .not(let inner): return evaluate(inner).negated
    case .known(let metric, let expected):
      return (values[metric] != nil) == expected ? .yes : .no
    case .compare(let metric, let op, let value):
      guard let actual = values[metric] else { return .unknown([metric]) }
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

  /// A fraction of a metric whose value is missing.
  public struct MissingMetric: Error { public var metric: Metric }

  /// Turns a fraction of a metric into a number.
  func resolve(_ value: ThresholdValue) throws(MissingMetric) -> ThresholdValue {
    guard case .fraction(let fraction, let base) = value else { return value }
    switch base {
    case .number(let number): return .number(fraction * number)
    case .metric(let metric):
      guard case .quantity(let interval) = values[metric] else { throw MissingMetric(metric: metric) }
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
}
