import FlopCore

/// A run as listed: the typed columns of the registry.
public struct RunSummary: Sendable, Codable {
  public var id: String
  public var name: String?
  public var status: String
  public var developer: String?
  public var startDate: String?
  public var endDate: String?
  public var flop: FLOPInterval
  public var cumulativeFlop: FLOPInterval
  public var method: String
  public var baseRun: String?
  public var baseName: String?
  public var baseFlop: Double?
  /// Rule statuses from the last check, keyed `regime/rule`.
  public var statuses: [String: String]
  public var version: Int
  public var createdAt: String
  public var updatedAt: String
}

/// A run with its document, history, progress and obligations.
public struct StoredRun: Sendable, Codable {
  public struct Version: Sendable, Codable {
    public var version: Int
    public var sha256: String
    public var recordedAt: String
    public var actor: String
  }

  public struct ProgressPoint: Sendable, Codable {
    public var at: String
    public var tokens: Double?
    public var gpuHours: Double?
  }

  public var summary: RunSummary
  public var document: String
  public var versions: [Version]
  public var progress: [ProgressPoint]
  public var obligations: [StoredObligation]
}

/// An obligation recorded for a run.
public struct StoredObligation: Sendable, Codable {
  public var row: Int64
  public var runID: String
  public var regime: String
  public var rule: String
  public var obligation: String
  public var title: String
  public var citation: String?
  public var due: String?
  public var basis: String
  public var conditional: Bool
  /// open, done or withdrawn (the rule no longer applies after a re-check).
  public var status: String
  public var evidence: String?
  public var doneBy: String?
  public var doneAt: String?

  /// `regime/rule/obligation`, the unambiguous name.
  public var path: String { "\(regime)/\(rule)/\(obligation)" }
}
