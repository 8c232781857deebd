import FlopCore

extension InventoryReport {
  /// The file names of the full tables written beside the report.
  public struct TableFiles: Sendable, Encodable {
    public var runsCSV: String
    public var runsJSONL: String
    public var obligationsCSV: String
    public var obligationsJSONL: String

    /// The names beside `report` (`inventory.html` → `inventory.runs.csv`, …), as relative names.
    public init(beside report: String) {
      var stem = report
      if let dot = stem.lastIndex(of: "."), !stem[dot...].contains("/") { stem = String(stem[..<dot]) }
      stem = String(stem.split(separator: "/", omittingEmptySubsequences: false).last ?? Substring(stem))
      runsCSV = stem + ".runs.csv"
      runsJSONL = stem + ".runs.jsonl"
      obligationsCSV = stem + ".obligations.csv"
      obligationsJSONL = stem + ".obligations.jsonl"
    }
  }

  struct Data: Encodable, Sendable {
    struct Summary: Encodable, Sendable {
      var runs: Int
      var byStatus: [String: Int]
      var runsCrossingARule: Int
      var openObligations: Int
      var overdueObligations: Int
      var doneObligations: Int
      var developers: Int
    }
    struct Rule: Encodable, Sendable { var rule: String; var met: Int; var mayBeMet: Int }
    struct Developer: Encodable, Sendable { var developer: String?; var runs: Int; var runsCrossingARule: Int; var largestFlop: Double }
    struct Run: Encodable, Sendable {
      var id: String; var name: String?; var status: String; var developer: String?; var flop: FLOPInterval
      var rulesCrossed: [String]; var openObligations: Int; var overdueObligations: Int; var nextDue: String?
    }
    var kind = "inventory"
    var summary: Summary
    var byRule: [Rule]
    var byDeveloper: [Developer]
    var largestRuns: [Run]
    var overdue: [InventoryObligation]
    var upcoming: [InventoryObligation]
    /// Where the full tables are; nil when the report went to standard output and none were written.
    var tables: TableFiles?
    var provenance: ReportProvenance
  }

  /// The summary report; `tables` names the full tables written beside it, if any.
  public func build(tables: TableFiles?, provenance: ReportProvenance) -> BuiltReport {
    let rules = byRule.keys.sorted().map { Data.Rule(rule: $0, met: byRule[$0]?.met ?? 0, mayBeMet: byRule[$0]?.mayBeMet ?? 0) }
    let developers = byDeveloper.sorted { ($0.value.runs, $1.key) > ($1.value.runs, $0.key) }.prefix(Self.listed).map {
      Data.Developer(developer: $0.key.isEmpty ? nil : $0.key, runs: $0.value.runs, runsCrossingARule: $0.value.crossing, largestFlop: $0.value.largest)
    }
    let largestRuns = largest.map {
      Data.Run(
        id: $0.id, name: $0.name, status: $0.status, developer: $0.developer, flop: $0.flop, rulesCrossed: $0.rulesCrossed,
        openObligations: $0.openObligations, overdueObligations: $0.overdueObligations, nextDue: $0.nextDue)
    }
    let data = Data(
      summary: .init(
        runs: runs, byStatus: byStatus, runsCrossingARule: runsCrossingARule, openObligations: openObligations,
        overdueObligations: overdueObligations, doneObligations: doneObligations, developers: byDeveloper.count),
      byRule: rules, byDeveloper: Array(developers), largestRuns: Array(largestRuns), overdue: overdue, upcoming: upcoming,
      tables: tables, provenance: provenance)
    return BuiltReport(kind: .inventory, json: data, document: document(data))
  }

  func document(_ data: Data) -> ReportDocument {
    let events = (data.overdue + data.upcoming).compactMap { o -> ReportDocument.Event? in
      o.due.map { .init(date: $0, label: "\(o.run): \(o.obligation)", state: o.isOverdue(asOf: asOf) ? "overdue" : "open") }
    }
    func obligationRows(_ items: [InventoryObligation]) -> [[String]] {
      items.map { [$0.run, $0.obligation, $0.due ?? "—", $0.isOverdue(asOf: asOf) ? "OVERDUE" : $0.status] }
    }
    let more = { (shown: Int, total: Int, what: String) -> [String] in
      total > shown ? ["The \(shown) \(what) of \(total); the full list is in the obligations table."] : []
    }
    var tablesSection = ReportDocument.Section(title: "Full tables")
    if let tables = data.tables {
      tablesSection.text = ["Every run and every obligation, written beside this report:"]
      tablesSection.links = [
        .init(label: "Runs (CSV)", href: tables.runsCSV), .init(label: "Runs (JSON Lines)", href: tables.runsJSONL),
        .init(label: "Obligations (CSV)", href: tables.obligationsCSV),
        .init(label: "Obligations (JSON Lines)", href: tables.obligationsJSONL),
      ]
    } else {
      tablesSection.text = ["Not written: give -o FILE and the full runs and obligations tables are written beside it as CSV and JSON Lines."]
    }
    return ReportDocument(
      title: "Training-run inventory",
      subtitle: "A summary of every registered run: its compute, the rules it crosses and its obligations, as of \(asOf)",
      sections: [
        .init(title: "Summary", fields: [
          .init("Runs", "\(runs)"),
          .init("By status", byStatus.keys.sorted().map { "\($0) \(byStatus[$0] ?? 0)" }.joined(separator: ", ")),
          .init("Runs crossing a rule (met or may be met)", "\(runsCrossingARule)"),
          .init("Developers", "\(byDeveloper.count)"),
          .init("Open obligations", "\(openObligations)"),
          .init("Overdue obligations", "\(overdueObligations)"),
          .init("Obligations done", "\(doneObligations)"),
        ], charts: [
          .intervals(
            title: "Largest \(data.largestRuns.count) runs: cumulative compute (90% interval)",
            bars: data.largestRuns.map { .init(label: $0.id, low: $0.flop.low, central: $0.flop.central, high: $0.flop.high) },
            thresholds: [
              .init(label: "EU GPAI 10^23", value: 1e23), .init(label: "EU systemic risk 10^25", value: 1e25),
              .init(label: "SB 53 / RAISE / Korea 10^26", value: 1e26),
            ]),
          .timeline(title: "Overdue and upcoming obligations (as listed below)", events: events, today: asOf),
        ]),
        .init(title: "Runs by rule", tables: [.init(
          header: ["rule", "met", "may be met"], rows: data.byRule.map { [$0.rule, "\($0.met)", "\($0.mayBeMet)"] })]),
        .init(
          title: "Runs by developer",
          text: byDeveloper.count > data.byDeveloper.count
            ? ["The \(data.byDeveloper.count) developers with the most runs, of \(byDeveloper.count)."] : [],
          tables: [.init(
            header: ["developer", "runs", "crossing a rule", "largest run"],
            rows: data.byDeveloper.map { [$0.developer ?? "(none given)", "\($0.runs)", "\($0.runsCrossingARule)", formatFLOP($0.largestFlop)] })]),
        .init(title: "Largest runs", tables: [.init(
          header: ["id", "status", "compute", "90% interval", "rules crossed", "open", "overdue", "next due"],
          rows: data.largestRuns.map {
            [$0.id, $0.status, formatFLOP($0.flop.central), "\(formatFLOP($0.flop.low))–\(formatFLOP($0.flop.high))",
             $0.rulesCrossed.joined(separator: "; "), "\($0.openObligations)", "\($0.overdueObligations)", $0.nextDue ?? "—"]
          })]),
        .init(
          title: "Overdue obligations", text: more(data.overdue.count, overdueObligations, "most overdue"),
          tables: [.init(header: ["run", "obligation", "due", "status"], rows: obligationRows(data.overdue))]),
        .init(
          title: "Upcoming obligations", text: more(data.upcoming.count, upcomingObligations, "soonest due"),
          tables: [.init(header: ["run", "obligation", "due", "status"], rows: obligationRows(data.upcoming))]),
        tablesSection,
        data.provenance.section,
      ])
  }
}
