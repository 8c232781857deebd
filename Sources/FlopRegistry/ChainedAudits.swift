import FlopFiles

/// Audit entries chained after a head ahead of their write: each entry's canonical text and hash
/// worked out once, where the group is worked out, exactly as `Registry.appendAudit` chains one,
/// however the group then lands (`RegistryTransaction.appendAudits`, `Registry.appendProgress`).
public struct ChainedAudits: Sendable {
  /// The audit table's columns, in the order of `arguments`.
  static let columns = "seq, at, actor, action, run_id, change, prev_hash, hash"
  /// The head they follow and the head they leave.
  public let after: AuditHead
  public let head: AuditHead
  let count: Int
  /// Eight values an entry, in `columns` order.
  let arguments: [SQLValue]

  public init(_ drafts: [AuditDraft], after: AuditHead) {
    var head = after
    var arguments: [SQLValue] = []
    arguments.reserveCapacity(drafts.count * 8)
    for draft in drafts {
      var change = draft.change
      change["derived"] = draft.derived.json
      let changeText = JSONValue.object(change).canonical
      let seq = head.seq + 1
      let body = Registry.canonicalBody(
        seq: seq, at: draft.at, actor: draft.actor, action: draft.action, runID: draft.runID, changeText: changeText)
      let hash = Registry.chainHash(previous: head.hash, body: body)
      let row: [(any SQLBindable)?] = [seq, draft.at, draft.actor, draft.action, draft.runID, changeText, head.hash, hash]
      arguments += row.sqlValues
      head = AuditHead(seq: seq, hash: hash)
    }
    self.after = after
    self.head = head
    self.arguments = arguments
    count = drafts.count
  }
}
