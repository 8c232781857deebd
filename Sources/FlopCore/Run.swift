/// A training run as described in a run file (CONTRACT.md §2).
public struct Run: Sendable, Hashable, Codable {
  /// The developer of the run.
  public struct Developer: Sendable, Hashable, Codable {
    public var name: String?
    public var annualRevenueUSD: Double?
    public init(name: String? = nil, annualRevenueUSD: Double? = nil) {
      self.name = name
      self.annualRevenueUSD = annualRevenueUSD
    }
  }

  /// Planned or actual start and end.
  public struct Schedule: Sendable, Hashable, Codable {
    public var start: CalendarDate?
    public var end: CalendarDate?
    /// Planned or actual release (placing on the market, deployment).
    public var release: CalendarDate?
    /// When the plan was made: the day its compute became known (EU Art. 52(1) "becomes known").
    public var planned: CalendarDate?
    public init(start: CalendarDate? = nil, end: CalendarDate? = nil, release: CalendarDate? = nil, planned: CalendarDate? = nil) {
      self.start = start
      self.end = end
      self.release = release
      self.planned = planned
    }
  }

  /// Where the run stands.
  public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
    case planned, running, completed, cancelled
  }

  /// The run-file schema version this build understands.
  public static let schemaVersion = 1

  public var id: String?
  public var name: String?
  public var developer: Developer?
  public var model: ModelSpec
  public var baseModel: BaseModel?
  public var stages: [Stage]
  public var schedule: Schedule?
  public var costUSD: Double?
  public var markets: [String]
  public var status: Status?

  public init(
    id: String? = nil, name: String? = nil, developer: Developer? = nil, model: ModelSpec,
    baseModel: BaseModel? = nil, stages: [Stage], schedule: Schedule? = nil, costUSD: Double? = nil,
    markets: [String] = [], status: Status? = nil
  ) {
    self.id = id
    self.name = name
    self.developer = developer
    self.model = model
    self.baseModel = baseModel
    self.stages = stages
    self.schedule = schedule
    self.costUSD = costUSD
    self.markets = markets
    self.status = status
  }

  /// A display name: the name, else the id, else "run".
  public var displayName: String { name ?? id ?? "run" }
}
