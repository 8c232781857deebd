/// Filters and order for `registry list`; all given filters must hold.
public struct RunFilter: Sendable {
  public enum Sort: String, Sendable, CaseIterable {
    case id, name, flop, start, updated
  }

  public var status: String?
  public var minFLOP: Double?
  public var maxFLOP: Double?
  /// `regime/rule` (or a bare rule id) and the status it must have.
  public var rule: (id: String, status: String)?
  public var developer: String?
  /// Runs starting on or after this date (or created on or after it when no start is known).
  public var since: String?
  /// Runs starting on or before this date (or created on or before it when no start is known).
  public var until: String?
  /// Text in the id, name or developer.
  public var search: String?
  public var sort: Sort = .id
  public var descending = false
  public var limit: Int?
  /// Matching runs to skip before the first one returned (a page's start).
  public var offset: Int?

  public init() {}
}
