import FlopCore

/// When an obligation falls due.
public struct Deadline: Sendable, Hashable, Codable {
  /// The event the clock starts from.
  public enum Anchor: String, Sendable, Hashable, Codable, CaseIterable {
    /// When the threshold is met, or it becomes known that it will be (EU Art. 52(1)).
    case thresholdMetOrForeseen = "threshold-met-or-foreseen"
    /// The start of training (`schedule.start`).
    case trainingStart = "training-start"
    /// Deployment or release (`schedule.release`).
    case deployment
    /// A reportable incident; no date can be computed in advance.
    case incident
    /// The discovery of a reportable incident (California SB 53 §22757.13: "within 15 days of discovering").
    case incidentDiscovery = "incident-discovery"
    /// The determination that an incident occurred (New York GBL §1422: "within 72 hours of determining").
    case incidentDetermination = "incident-determination"
    /// A material change or modification of the model, framework or risks.
    case materialChange = "material-change"
    /// The rule's effective date.
    case effectiveDate = "effective-date"
  }

  public var days: Int
  public var after: Anchor
  /// Repeats every so many days after the first due date (annual reviews, quarterly summaries).
  public var repeatDays: Int?

  /// A transitional period: a model placed on the market before `placedBefore` has until
  /// `until` (EU AI Act Art. 111(3): before 2025-08-02, until 2027-08-02). Judged by `schedule.release`.
  public var transition: Transition?

  /// A transitional due date for models already on the market.
  public struct Transition: Sendable, Hashable, Codable {
    public var placedBefore: CalendarDate
    public var until: CalendarDate
    public init(placedBefore: CalendarDate, until: CalendarDate) {
      self.placedBefore = placedBefore
      self.until = until
    }
  }

  public init(days: Int, after: Anchor, repeatDays: Int? = nil, transition: Transition? = nil) {
    self.days = days
    self.after = after
    self.repeatDays = repeatDays
    self.transition = transition
  }
}
