/// A rule's condition tree.
public indirect enum Condition: Sendable, Hashable, Codable {
  case all([Condition])
  case any([Condition])
  case not(Condition)
  /// `metric op value`.
  case compare(Metric, ComparisonOperator, ThresholdValue)
  /// Whether the metric is known (`known: true`) or unknown (`known: false`).
  case known(Metric, Bool)

  /// The first ordering comparison on a quantity, depth first: the rule's headline threshold.
  public var primaryComparison: (metric: Metric, op: ComparisonOperator, value: ThresholdValue)? {
    switch self {
    case .compare(let metric, let op, let value) where op.isOrdering && metric.kind == .quantity:
      return (metric, op, value)
    case .compare, .known: return nil
    case .not(let inner): return inner.primaryComparison
    case .all(let items), .any(let items):
      for item in items { if let found = item.primaryComparison { return found } }
      return nil
    }
  }

  /// Every metric the tree refers to.
  public var metrics: Set<Metric> {
    switch self {
    case .compare(let metric, _, let value):
      if case .fraction(_, .metric(let base)) = value { return [metric, base] }
      return [metric]
    case .known(let metric, _): return [metric]
    case .not(let inner): return inner.metrics
    case .all(let items), .any(let items): return items.reduce(into: Set<Metric>()) { $0.formUnion($1.metrics) }
    }
  }
}
