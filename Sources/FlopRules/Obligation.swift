/// A duty that follows when a rule is met.
public struct Obligation: Sendable, Hashable, Codable {
  public var id: String
  public var title: String
  public var citation: String?
  public var deadline: Deadline?
  public var note: String?

  public init(id: String, title: String, citation: String? = nil, deadline: Deadline? = nil, note: String? = nil) {
    self.id = id
    self.title = title
    self.citation = citation
    self.deadline = deadline
    self.note = note
  }
}
