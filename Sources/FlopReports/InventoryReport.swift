import FlopCore

/// The inventory of a registry, read one run and one obligation at a time.
///
/// A registry may hold a million runs: the report keeps totals, a bounded list of the largest
/// runs and the soonest and most overdue obligations, and summarises them in a document people
/// can read. The full tables go to CSV and JSON Lines files beside it (`InventoryTables`), which
/// the summary links.
public struct InventoryReport: Sendable {
  /// How many of the largest runs, overdue and upcoming obligations and developers the summary lists.
  public static let listed = 25

  public let asOf: String
  public private(set) var runs = 0
  public private(set) var byStatus: [String: Int] = [:]
  public private(set) var runsCrossingARule = 0
  /// `regime/rule` → (met, may-be-met) run counts.
  var byRule: [String: (met: Int, mayBeMet: Int)] = [:]
  /// Developer → (runs, largest cumulative compute, runs crossing a rule).
  var byDeveloper: [String: (runs: Int, largest: Double, crossing: Int)] = [:]
  public private(set) var openObligations = 0
  public private(set) var overdueObligations = 0
  public private(set) var doneObligations = 0
  /// Open, dated and not yet due.
  public private(set) var upcomingObligations = 0
  /// The most overdue first (obligations arrive soonest due first), and the soonest upcoming.
  var overdue: [InventoryObligation] = []
  var upcoming: [InventoryObligation] = []
  /// The largest runs by cumulative compute, largest first (ties: the first added).
  public private(set) var largest: [InventoryRun] = []

  public init(asOf: String) { self.asOf = asOf }

  public mutating func add(_ run: InventoryRun) {
    runs += 1
    byStatus[run.status, default: 0] += 1
    var crossing = false
    for (rule, status) in run.statuses {
      switch status {
      case "met": byRule[rule, default: (0, 0)].met += 1; crossing = true
      case "may-be-met": byRule[rule, default: (0, 0)].mayBeMet += 1; crossing = true
      default: break
      }
    }
    if crossing { runsCrossingARule += 1 }
    var developer = byDeveloper[run.developer ?? "", default: (0, 0, 0)]
    developer.runs += 1
    developer.largest = max(developer.largest, run.flop.central)
    if crossing { developer.crossing += 1 }
    byDeveloper[run.developer ?? ""] = developer
    if largest.count < Self.listed || run.flop.central > largest[largest.count - 1].flop.central {
      let position = largest.firstIndex { run.flop.central > $0.flop.central } ?? largest.count
      largest.insert(run, at: position)
      if largest.count > Self.listed { largest.removeLast() }
    }
  }

  /// Adds an obligation; give them soonest due first (undated last) to list the right ones.
  public mutating func add(_ obligation: InventoryObligation) {
    switch obligation.status {
    case "open":
      openObligations += 1
      if obligation.isOverdue(asOf: asOf) {
        overdueObligations += 1
        if overdue.count < Self.listed { overdue.append(obligation) }
      } else if obligation.due != nil {
        upcomingObligations += 1
        if upcoming.count < Self.listed { upcoming.append(obligation) }
      }
    case "done": doneObligations += 1
    default: break
    }
  }
}
