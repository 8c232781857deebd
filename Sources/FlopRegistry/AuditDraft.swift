import FlopFiles

/// An audit entry prepared ahead of its write, so that a group of them lands in one statement
/// (`RegistryTransaction.appendAudits`), each chained exactly as `appendAudit` would chain it.
public struct AuditDraft: Sendable {
  public var action: String
  public var actor: String
  public var at: String
  public var runID: String
  /// The change; the run's derived state is added under `derived`, as `appendAudit` adds it.
  public var change: [String: JSONValue]
  /// The run's statuses and obligations digests once this entry's change is applied.
  public var derived: DerivedState

  public init(action: String, actor: String, at: String, runID: String, change: [String: JSONValue], derived: DerivedState) {
    self.action = action
    self.actor = actor
    self.at = at
    self.runID = runID
    self.change = change
    self.derived = derived
  }
}

/// The last link of the audit chain. Every write appends to the chain inside its transaction,
/// so an unchanged head means nothing was written since it was read.
public struct AuditHead: Sendable, Equatable {
  public var seq: Int64
  public var hash: String
}

/// Another writer appended to the audit chain first: nothing of the statement was written.
struct HeadMoved: Error {}
