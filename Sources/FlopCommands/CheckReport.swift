import FlopCore
import FlopFiles
import FlopRules

/// The result of `flopwatch check` (CONTRACT.md §4), for JSON and text.
struct CheckReport: Encodable {
  struct EstimateSummary: Encodable {
    var method: String
    var ownTrainingFlop: FLOPInterval
    var withinEuMargin: Bool
    var assumptions: [String]
    var warnings: [String]
  }

  var asOf: String
  var run: String?
  var trainingFlop: FLOPInterval
  var estimate: EstimateSummary
  var thresholdSet: String
  var thresholds: [Provenance]
  var results: [RuleResult]
  /// The run file and the SHA-256 of its exact bytes.
  var runFile: RunFileProvenance?
  /// How inputs were read (market names mapped to codes).
  var inputNotes: [String] = []
  /// The rules that tripped a `--fail-on` or `--fail-on-rule` gate.
  var tripped: [Tripped] = []

  struct Tripped: Encodable {
    var regime: String
    var rule: String
    var status: RuleStatus
    var gate: String
  }

  init(asOf: CalendarDate, run: Run, estimate: RunEstimate, thresholdSet: String, thresholds: [Provenance], results: [RuleResult]) {
    self.asOf = asOf.description
    self.run = run.id ?? run.name
    trainingFlop = estimate.cumulativeFLOP
    self.estimate = EstimateSummary(
      method: estimate.method.rawValue, ownTrainingFlop: estimate.flop, withinEuMargin: estimate.withinEUMargin,
      assumptions: estimate.assumptions, warnings: estimate.warnings)
    self.thresholdSet = thresholdSet
    self.thresholds = thresholds
    self.results = results
  }

  func text(color: Bool) -> String {
    var lines: [String] = []
    lines.append("\(run ?? "run") — checked as of \(asOf)")
    let f = trainingFlop
    lines.append("Training compute (cumulative): \(formatFLOP(f.central)) FLOP (90% interval \(formatFLOP(f.low))–\(formatFLOP(f.high)); method \(estimate.method))")
    lines.append("")
    let rows = results.map { r -> [String] in
      let next = r.obligations.first { $0.due != nil } ?? r.obligations.first
      let due = next.map { o in
        o.due.map { "\($0)\(o.overdue ? " OVERDUE" : "")\(o.conditional ? " (if met)" : "")" } ?? o.basis
      } ?? (r.status == .met || r.status == .mayBeMet ? "" : r.reason)
      return [
        "\(r.regime)/\(r.rule)", r.status.rawValue, r.margin.map { formatCompact($0) + "×" } ?? "", next?.id ?? "", due,
      ]
    }
    let table = TextTable.render(header: ["rule", "status", "margin", "next obligation", "due / why"], rows: rows)
    lines.append(table[0])
    for (index, row) in table.dropFirst().enumerated() {
      lines.append(paint(row, results[index].status, color: color))
    }
    let detailed = results.filter { $0.status != .notMet && $0.status != .notInForce }
    if !detailed.isEmpty {
      lines.append("")
      for r in detailed {
        lines.append("\(r.regime)/\(r.rule): \(r.status.rawValue) — \(r.reason)")
        for o in r.obligations {
          let when = o.due.map { "due \($0)\(o.overdue ? " (overdue)" : "")" } ?? o.basis
          lines.append("    \(o.id): \(o.title) [\(o.citation ?? "")] — \(when)\(o.conditional ? ", if met" : "")")
        }
        for note in r.notes { lines.append("    note: \(note)") }
      }
    }
    if !estimate.warnings.isEmpty || !inputNotes.isEmpty {
      lines.append("")
      lines.append(contentsOf: inputNotes.map { "note: \($0)" })
      lines.append(contentsOf: estimate.warnings.map { "! \($0)" })
    }
    lines.append("")
    lines.append("Thresholds: \(thresholdSet)")
    for p in thresholds { lines.append("  \(p.file) \(p.id) version \(p.version) sha256 \(p.sha256.prefix(12))…") }
    if let runFile { lines.append("Run file: \(runFile.path) sha256 \(runFile.sha256.prefix(12))…") }
    return lines.joined(separator: "\n") + "\n"
  }

  func paint(_ row: String, _ status: RuleStatus, color: Bool) -> String {
    switch status {
    case .met: return Terminal.paint(row, "31", enabled: color)
    case .mayBeMet: return Terminal.paint(row, "33", enabled: color)
    case .insufficientData: return Terminal.paint(row, "35", enabled: color)
    case .notInForce: return Terminal.paint(row, "2", enabled: color)
    case .notMet: return row
    }
  }
}
