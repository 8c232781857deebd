import FlopCore

/// One registered run as the inventory reads it: what the registry stores, and its open obligations.
public struct InventoryRun: Sendable {
  public var id: String
  public var name: String?
  public var status: String
  public var developer: String?
  public var startDate: String?
  /// Cumulative compute (the run and the bases it builds on), with its interval.
  public var flop: FLOPInterval
  /// `regime/rule` → status, as last assessed.
  public var statuses: [String: String]
  public var openObligations: Int
  public var overdueObligations: Int
  public var nextDue: String?

  public init(
    id: String, name: String?, status: String, developer: String?, startDate: String?, flop: FLOPInterval,
    statuses: [String: String], openObligations: Int, overdueObligations: Int, nextDue: String?
  ) {
    self.id = id
    self.name = name
    self.status = status
    self.developer = developer
    self.startDate = startDate
    self.flop = flop
    self.statuses = statuses
    self.openObligations = openObligations
    self.overdueObligations = overdueObligations
    self.nextDue = nextDue
  }

  /// The rules it meets or may meet, as `regime/rule (status)`, sorted.
  public var rulesCrossed: [String] {
    statuses.filter { $0.value == "met" || $0.value == "may-be-met" }.map { "\($0.key) (\($0.value))" }.sorted()
  }
}
