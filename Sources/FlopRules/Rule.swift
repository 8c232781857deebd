import FlopCore

/// One threshold rule of a regime: a condition, when it applies, and what follows.
public struct Rule: Sendable, Hashable, Codable {
  public var id: String
  public var title: String
  /// First day in force, inclusive; nil means since the regime began.
  public var effectiveFrom: CalendarDate?
  /// Last day in force, inclusive; nil means open-ended.
  public var effectiveUntil: CalendarDate?
  /// Markets the rule covers; empty means wherever the run is.
  public var markets: [String]
  public var when: Condition
  public var obligations: [Obligation]
  public var sources: [String]
  /// Uncertain points and readings, shown with results.
  public var notes: [String]
  /// The line of the rule in its file, for messages.
  public var line: Int?
  /// Every metric the condition refers to, computed once: each check consults it per rule.
  public let metricsUsed: Set<Metric>

  public init(
    id: String, title: String, effectiveFrom: CalendarDate?, effectiveUntil: CalendarDate?, markets: [String],
    when: Condition, obligations: [Obligation], sources: [String] = [], notes: [String] = [], line: Int? = nil
  ) {
    self.id = id
    self.title = title
    self.effectiveFrom = effectiveFrom
    self.effectiveUntil = effectiveUntil
    self.markets = markets
    self.when = when
    self.obligations = obligations
    self.sources = sources
    self.notes = notes
    self.line = line
    self.metricsUsed = when.metrics
  }

  /// Whether `date` lies within the rule's effective dates.
  public func isEffective(on date: CalendarDate) -> Bool {
    if let from = effectiveFrom, date < from { return false }
    if let until = effectiveUntil, until < date { return false }
    return true
  }
}
