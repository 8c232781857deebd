import FlopCore
import FlopFiles
import FlopRegistry
import Foundation

/// Where an import from another system writes runs: a local registry (`LocalRunWriter`) or a
/// FlopWatch server (the command's client), with the same add-or-update semantics.
public protocol RunWriter {
  /// What is stored of a run, or nil when there is no such run.
  func state(of id: String) throws -> StoredRunState?
  /// Adds a run from its document (JSON text).
  func add(_ document: String, id: String) throws
  /// Records a new version; false when the document is the latest version's.
  func update(_ document: String, id: String) throws -> Bool
  func setStatus(_ id: String, _ status: Run.Status) throws
  /// Records a progress point (a repeat of the last one records nothing).
  func recordProgress(_ id: String, at: Date, tokens: Double?, gpuHours: Double?) throws
}

/// A stored run's status and how many progress points it has: what an import compares against.
public struct StoredRunState: Sendable, Equatable {
  public var status: String
  public var progressPoints: Int

  public init(_ run: StoredRun) {
    status = run.summary.status
    progressPoints = run.progress.count
  }
}

/// Writes into a registry this process opened.
public struct LocalRunWriter: RunWriter {
  public var registry: Registry
  public var assessor: RunAssessor
  public var actor: String
  public var now: Date

  public init(registry: Registry, assessor: RunAssessor, actor: String, now: Date = Date()) {
    self.registry = registry
    self.assessor = assessor
    self.actor = actor
    self.now = now
  }

  func assessment(_ document: String, id: String) throws -> RunAssessment {
    try registry.assess(try RunFileParser.parseLine(document, file: id), with: assessor)
  }

  public func state(of id: String) throws -> StoredRunState? {
    guard try registry.summaries(ids: [id])[id] != nil else { return nil }
    return StoredRunState(try registry.show(id))
  }

  public func add(_ document: String, id: String) throws { try registry.add(try assessment(document, id: id), actor: actor, at: now) }

  public func update(_ document: String, id: String) throws -> Bool {
    try registry.update(try assessment(document, id: id), actor: actor, at: now, assessor: assessor) != nil
  }

  public func setStatus(_ id: String, _ status: Run.Status) throws { try registry.setStatus(id, status, actor: actor, at: now) }

  public func recordProgress(_ id: String, at: Date, tokens: Double?, gpuHours: Double?) throws {
    _ = try registry.recordProgress(id, at: at, tokens: tokens, gpuHours: gpuHours, actor: actor, assessor: assessor, now: now)
  }
}
