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

  /// Facts about the model's risk that only the developer can declare (Korea's enforcement decree).
  public struct Risk: Sendable, Hashable, Codable {
    /// State-of-the-art technology is applied.
    public var stateOfTheArt: Bool?
    /// The risk may broadly and seriously affect life, body or fundamental rights.
    public var broadSeriousRisk: Bool?
    public init(stateOfTheArt: Bool? = nil, broadSeriousRisk: Bool? = nil) {
      self.stateOfTheArt = stateOfTheArt
      self.broadSeriousRisk = broadSeriousRisk
    }
  }

  /// How the model is released (EU AI Act Art. 53(2) open-source exemption).
  public struct Licence: Sendable, Hashable, Codable {
    public var name: String?
    /// A free and open-source licence allowing access, use, modification and distribution.
    public var openSource: Bool?
    /// The parameters, weights included, are made publicly available.
    public var weightsPublic: Bool?
    public init(name: String? = nil, openSource: Bool? = nil, weightsPublic: Bool? = nil) {
      self.name = name
      self.openSource = openSource
      self.weightsPublic = weightsPublic
    }

    /// Whether both conditions of the exemption hold; nil when neither is stated and none is false.
    public var isOpenSourceRelease: Bool? {
      if openSource == false || weightsPublic == false { return false }
      if openSource == true, weightsPublic == true { return true }
      return nil
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
  public var risk: Risk?
  public var licence: Licence?
  /// Free labels such as `cluster: east-1`; a calibration can be fitted per tag value.
  public var tags: [String: String]

  public init(
    id: String? = nil, name: String? = nil, developer: Developer? = nil, model: ModelSpec,
    baseModel: BaseModel? = nil, stages: [Stage], schedule: Schedule? = nil, costUSD: Double? = nil,
    markets: [String] = [], status: Status? = nil, risk: Risk? = nil, licence: Licence? = nil, tags: [String: String] = [:]
  ) {
    self.tags = tags
    self.risk = risk
    self.licence = licence
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
