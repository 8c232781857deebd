/// A value for some metrics, looked up by position rather than by hashing.
///
/// Every rule of every regime reads a few metrics for every run checked; a bulk import checks
/// sixteen rules per run, and hashing the metric for each lookup was a visible share of that.
public struct MetricTable<Value: Sendable>: Sendable {
  private var slots: [Value?] = Array(repeating: nil, count: Metric.allCases.count)

  public init() {}

  public subscript(_ metric: Metric) -> Value? {
    get { slots[metric.ordinal] }
    set { slots[metric.ordinal] = newValue }
  }

  /// Whether no metric has a value.
  public var isEmpty: Bool { slots.allSatisfy { $0 == nil } }
}

extension Metric {
  /// The case's position in `allCases`.
  var ordinal: Int {
    switch self {
    case .trainingFLOP: return 0
    case .ownTrainingFLOP: return 1
    case .parameterUpdateFLOP: return 2
    case .modificationFLOP: return 3
    case .baseTrainingFLOP: return 4
    case .computeCostUSD: return 5
    case .developerRevenueUSD: return 6
    case .modalities: return 7
    case .domain: return 8
    case .markets: return 9
    case .baseSystemicRisk: return 10
    case .baseSameProvider: return 11
    case .stateOfTheArt: return 12
    case .broadSeriousRisk: return 13
    case .openSourceRelease: return 14
    }
  }
}

extension MetricTable: Equatable where Value: Equatable {}
extension MetricTable: Hashable where Value: Hashable {}
