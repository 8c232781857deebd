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
    /// A material change or modification of the model, framework or risks.
    case materialChange = "material-change"
    /// The rule's effective date.
    case effectiveDate = "effective-date"
  }

  public var days: Int
  public var after: Anchor
  /// Repeats every so many days after the first due date (annual reviews, quarterly summaries).
  public var repeatDays: Int?

  public init(days: Int, after: Anchor, repeatDays: Int? = nil) {
    self.days = days
    self.after = after
    self.repeatDays = repeatDays
  }
}
