/// A recorded progress point: cumulative tokens or chip-hours of a run at a time (ISO 8601, UTC).
public struct ProgressPoint: Sendable, Equatable {
  public var at: String
  public var tokens: Double?
  public var gpuHours: Double?

  public init(at: String, tokens: Double?, gpuHours: Double?) {
    self.at = at
    self.tokens = tokens
    self.gpuHours = gpuHours
  }
}
