import FlopCore

/// The day it became known that a rule is (or may be) met, and how that was established.
public struct KnownDate: Sendable, Hashable, Codable {
  public var date: CalendarDate
  /// In words, e.g. "2026-11-10, when the progress forecast showed the threshold would be met".
  public var basis: String

  public init(date: CalendarDate, basis: String) {
    self.date = date
    self.basis = basis
  }
}
