import FlopCore

/// What recording progress reads of a run (`RegistryTransaction.progressStates`).
public struct RunProgressState: Sendable {
  public var document: String
  /// Recorded points, oldest first.
  public var points: [ProgressPoint] = []
  /// First-known days by `regime/rule`.
  public var known: [String: CalendarDate] = [:]
  /// The obligation rows, and the statuses and obligations digests, as they stand.
  public var obligations = StoredObligationRows()
  public var derived = DerivedState(statuses: "", obligations: "")
}
