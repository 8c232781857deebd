import FlopCore
import FlopEngine
import FlopRules

extension CheckReport {
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
