/// A run's obligation rows as stored, read with its progress state, so that the first report
/// after a (re)start can tell whether writing its obligations would change anything.
public struct StoredObligationRows: Sendable {
  struct Row: Sendable {
    var key: String
    var title: String
    var citation: String?
    var due: String?
    var basis: String
    var conditional: Bool
    var knownOn: String?
    var status: String
  }

  var rows: [Row] = []

  /// Whether `recordObligations(runID:obligations:)` with `incoming` could change a row; false only
  /// when every row would be written back as it is: each incoming one stored alike and not
  /// withdrawn, and every other open one already kept as conditional with its clock started.
  public func wouldChange(with incoming: [RunRow.ObligationRow]) -> Bool {
    var stored: [String: Row] = [:]
    for row in rows { stored[row.key] = row }
    var keep = Set<String>()
    for new in incoming {
      let key = "\(new.regime)/\(new.rule)/\(new.obligation)"
      keep.insert(key)
      guard let old = stored[key], old.status != "withdrawn", old.title == new.title, old.citation == new.citation,
        old.due == new.due, old.basis == new.basis, old.conditional == new.conditional, old.knownOn == new.knownOn,
        !old.basis.contains(Registry.noLongerMetNote)
      else { return true }
    }
    for row in rows where row.status == "open" && !keep.contains(row.key) {
      guard row.knownOn != nil, row.conditional, row.basis.hasSuffix(Registry.noLongerMetNote) else { return true }
    }
    return false
  }
}
