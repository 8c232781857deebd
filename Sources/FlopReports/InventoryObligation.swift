/// One obligation as the inventory reads it.
public struct InventoryObligation: Sendable, Encodable {
  public var run: String
  /// `regime/rule/obligation`.
  public var obligation: String
  public var title: String
  public var due: String?
  /// open, done or conditional (withdrawn ones are left out).
  public var status: String
  public var citation: String?

  public init(run: String, obligation: String, title: String, due: String?, status: String, citation: String?) {
    self.run = run
    self.obligation = obligation
    self.title = title
    self.due = due
    self.status = status
    self.citation = citation
  }

  /// Open and due before `day`.
  public func isOverdue(asOf day: String) -> Bool { status == "open" && (due.map { $0 < day } ?? false) }
}
