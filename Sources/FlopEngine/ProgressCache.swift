import FlopCore
import FlopRegistry
import FlopRules

/// What recording progress reads about a run (its assessment, points, first-known days and the
/// obligations last applied), kept between groups of reports by the one writer that takes them
/// (the server's progress queue), so that a steady stream of points costs no reads.
///
/// It is trusted only while the audit chain's head is the one this writer left: every write
/// appends to the chain in its transaction, so another writer (a second server, the command line)
/// changes the head, and the next group starts from the database again.
public struct ProgressCache: Sendable {
  struct Entry: Sendable {
    var assessment: RunAssessment
    /// Worked out from the assessment alone, once: the compute thresholds a forecast can cross,
    /// the day the plan shows a rule met, and the rules the plan already meets.
    var thresholds: [Forecaster.Threshold]
    var planKnown: KnownDate
    var plannedMet: Set<String>
    /// Recorded points, oldest first.
    var points: [ProgressPoint]
    var known: [String: CalendarDate]
    /// The largest figure recorded in each unit (-infinity for none): a point after all others
    /// that is at least these needs no other monotonicity check.
    var largest: (tokens: Double, gpuHours: Double) = (-.infinity, -.infinity)
    /// The forecast's series in one unit (tokens or chip-hours), extended while points arrive in
    /// order and built again when one does not.
    var series: Forecaster.Series?
    var seriesInTokens = true
    /// The obligations last written for the run and the digests that left; nil until written
    /// through this cache. Writing the same obligations again changes no row, so it is skipped.
    var applied: [RunRow.ObligationRow]?
    var derived: DerivedState?
    /// The obligation rows and digests as read, until the first write through this cache: when
    /// a report's obligations would change none of them, nothing is written.
    var loaded: (rows: StoredObligationRows, derived: DerivedState)?

    func isCurrent(for assessor: RunAssessor) -> Bool {
      assessment.asOf == assessor.asOf && assessment.thresholdsFingerprint == assessor.thresholdsFingerprint
    }
  }

  var head: AuditHead?
  var entries: [String: Entry] = [:]
  /// The most runs kept; past it the cache starts again (a stream of points comes from few runs).
  public let capacity: Int

  public init(capacity: Int = 10_000) { self.capacity = capacity }

  /// How many runs are kept (for tests).
  public var count: Int { entries.count }
}
