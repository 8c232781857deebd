import FlopCore

extension ThresholdValue: CustomStringConvertible {
  public var description: String {
    switch self {
    case .number(let n): return formatScientific(n, significantFigures: 3)
    case .fraction(let f, let base):
      let fraction = abs(f - 1.0 / 3.0) < 1e-12 ? "1/3" : formatNumber(f)
      switch base {
      case .metric(let m): return "\(fraction) of \(m.rawValue)"
      case .number(let n): return "\(fraction) of \(formatScientific(n, significantFigures: 3))"
      }
    case .text(let t): return t
    case .texts(let list): return "[" + list.joined(separator: ", ") + "]"
    case .flag(let b): return b ? "true" : "false"
    }
  }
}

extension Condition: CustomStringConvertible {
  /// The condition in words, for `thresholds show` and diffs.
  public var description: String {
    switch self {
    case .compare(let metric, let op, let value): return "\(metric.rawValue) \(op.rawValue) \(value)"
    case .known(let metric, let known): return known ? "\(metric.rawValue) is known" : "\(metric.rawValue) is unknown"
    case .not(let inner): return "not (\(inner))"
    case .all(let items): return items.count == 1 ? items[0].description : items.map { "(\($0))" }.joined(separator: " and ")
    case .any(let items): return items.count == 1 ? items[0].description : items.map { "(\($0))" }.joined(separator: " or ")
    }
  }
}
