import FlopCore
import FlopRegistry

/// Every registered run: compute, status, rules crossed, obligations due and overdue.
public enum InventoryReport {
  struct Data: Encodable, Sendable {
    struct Summary: Encodable, Sendable {
      var runs: Int; var byStatus: [String: Int]; var runsCrossingARule: Int; var openObligations: Int; var overdueObligations: Int
    }
    struct RunRow: Encodable, Sendable {
      var id: String; var name: String?; var status: String; var developer: String?; var flop: FLOPInterval
      var rulesCrossed: [String]; var openObligations: Int; var overdueObligations: Int; var nextDue: String?
    }
    struct Obligation: Encodable, Sendable {
      var run: String; var obligation: String; var due: String?; var status: String; var overdue: Bool
    }
    var kind = "inventory"
    var summary: Summary
    var runs: [RunRow]
    var obligations: [Obligation]
    var provenance: ReportProvenance
  }

  /// How many of the largest runs the chart shows; the tables list every run.
  static let chartedRuns = 30

  public static func build(runs: [RunSummary], obligations: [StoredObligation], provenance: ReportProvenance) -> BuiltReport {
    let today = provenance.asOf
    var byRun: [String: [StoredObligation]] = [:]
    for obligation in obligations where obligation.status == "open" { byRun[obligation.runID, default: []].append(obligation) }
    var byStatus: [String: Int] = [:]
    var rows: [Data.RunRow] = []
    rows.reserveCapacity(runs.count)
    for run in runs {
      byStatus[run.status, default: 0] += 1
      let crossed = run.statuses.filter { $0.value == "met" || $0.value == "may-be-met" }.map { "\($0.key) (\($0.value))" }.sorted()
      let open = byRun[run.id] ?? []
      let overdue = open.filter { ($0.due ?? "9999") < today }.count
      rows.append(.init(
        id: run.id, name: run.name, status: run.status, developer: run.developer, flop: run.cumulativeFlop, rulesCrossed: crossed,
        openObligations: open.count, overdueObligations: overdue, nextDue: open.compactMap(\.due).min()))
    }
    let obligationRows = obligations.filter { $0.status != "withdrawn" }.map { o in
      Data.Obligation(run: o.runID, obligation: o.path, due: o.due, status: o.status, overdue: o.status == "open" && (o.due ?? "9999") < today)
    }
    let data = Data(
      summary: .init(
        runs: runs.count, byStatus: byStatus, runsCrossingARule: rows.filter { !$0.rulesCrossed.isEmpty }.count,
        openObligations: obligationRows.filter { $0.status == "open" }.count, overdueObligations: obligationRows.filter(\.overdue).count),
      runs: rows, obligations: obligationRows, provenance: provenance)
    let largest = runs.sorted { $0.cumulativeFlop.central > $1.cumulativeFlop.central }.prefix(chartedRuns)
    let events = obligationRows.compactMap { o -> ReportDocument.Event? in
      guard let due = o.due else { return nil }
      let state = o.status == "done" ? "done" : (o.overdue ? "overdue" : "open")
      return .init(date: due, label: "\(o.run): \(o.obligation)", state: state)
    }
    let document = ReportDocument(
      title: "Training-run inventory",
      subtitle: "Every registered run with its compute, the rules it crosses and its obligations, as of \(today)",
      sections: [
        .init(title: "Summary", fields: [
          .init("Runs", "\(runs.count)"),
          .init("By status", byStatus.keys.sorted().map { "\($0) \(byStatus[$0] ?? 0)" }.joined(separator: ", ")),
          .init("Runs crossing a rule (met or may be met)", "\(data.summary.runsCrossingARule)"),
          .init("Open obligations", "\(data.summary.openObligations)"),
          .init("Overdue obligations", "\(data.summary.overdueObligations)"),
        ], charts: [
          .intervals(
            title: "Largest \(largest.count) runs: cumulative compute (90% interval)",
            bars: largest.map { .init(label: $0.id, low: $0.cumulativeFlop.low, central: $0.cumulativeFlop.central, high: $0.cumulativeFlop.high) },
            thresholds: [.init(label: "EU GPAI 10^23", value: 1e23), .init(label: "EU systemic risk 10^25", value: 1e25), .init(label: "SB 53 / RAISE / Korea 10^26", value: 1e26)]),
          .timeline(title: "Obligation due dates", events: events, today: today),
        ]),
        .init(title: "Obligations", tables: [.init(
          header: ["run", "obligation", "due", "status"],
          rows: obligationRows.map { [$0.run, $0.obligation, $0.due ?? "—", $0.overdue ? "OVERDUE" : $0.status] })]),
        .init(title: "Runs", tables: [.init(
          header: ["id", "status", "compute", "90% interval", "rules crossed", "open", "overdue", "next due"],
          rows: rows.map {
            [$0.id, $0.status, formatFLOP($0.flop.central), "\(formatFLOP($0.flop.low))–\(formatFLOP($0.flop.high))",
             $0.rulesCrossed.joined(separator: "; "), "\($0.openObligations)", "\($0.overdueObligations)", $0.nextDue ?? "—"]
          })]),
        provenance.section,
      ])
    return BuiltReport(kind: .inventory, json: data, document: document)
  }
}
