import FlopRegistry
import Foundation

/// One progress report: cumulative tokens or chip-hours of a run at a time, and who sent it.
public struct ProgressReport: Sendable {
  public var runID: String
  public var at: Date
  public var tokens: Double?
  public var gpuHours: Double?
  public var actor: String

  public init(runID: String, at: Date, tokens: Double?, gpuHours: Double?, actor: String) {
    self.runID = runID
    self.at = at
    self.tokens = tokens
    self.gpuHours = gpuHours
    self.actor = actor
  }

  /// What can be refused before the registry is asked: no figure, or a time in the future.
  func check(now: Date) throws {
    guard tokens != nil || gpuHours != nil else { throw RegistryError("give --tokens or --gpu-hours") }
    // A job's clock may run a little ahead of this machine's; more than that is a mistyped date.
    guard at.timeIntervalSince(now) <= 600 else {
      throw RegistryError("--at \(Registry.timestamp(at)) is in the future (now \(Registry.timestamp(now))); progress records what has happened")
    }
  }
}
