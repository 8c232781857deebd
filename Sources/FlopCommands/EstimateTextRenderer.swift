import FlopCore
import FlopFiles

/// Renders an estimate for people: two significant figures, stages, assumptions.
enum EstimateTextRenderer {
  static func render(run: Run, estimate: RunEstimate, provenance: [Provenance]) -> String {
    var lines: [String] = []
    if run.name != nil || run.id != nil {
      lines.append(run.id.map { "\(run.displayName) (\($0))" } ?? run.displayName)
    }
    let flop = estimate.flop
    lines.append("Training compute: \(formatFLOP(flop.central)) FLOP  (90% interval \(formatFLOP(flop.low))–\(formatFLOP(flop.high)))")
    lines.append("Method: \(estimate.method.rawValue)   Within EU ±30% margin: \(estimate.withinEUMargin ? "yes" : "no")")
    if let base = estimate.baseFLOP {
      lines.append("Base model: \(formatFLOP(base)) FLOP   Cumulative with base: \(formatFLOP(estimate.cumulativeFLOP.central)) FLOP")
    }
    var resources: [String] = []
    if let hours = estimate.chipHours { resources.append("\(formatCompact(hours)) chip-hours") }
    if let energy = estimate.energyKWh { resources.append("\(formatCompact(energy / 1000)) MWh board energy") }
    if run.costUSD == nil, let cost = estimate.estimatedCostUSD {
      resources.append("≈$\(formatCompact(cost)) at typical cloud prices")
    }
    if !resources.isEmpty { lines.append("Resources: " + resources.joined(separator: ", ")) }
    lines.append("")
    lines.append("Stages")
    let rows = estimate.stages.map { stage -> [String] in
      [
        stage.name ?? stage.kind.rawValue, stage.counted ? "yes" : "no",
        stage.flop.map { formatFLOP($0.central) } ?? "—",
        stage.flop.map { "\(formatFLOP($0.low))–\(formatFLOP($0.high))" } ?? "not estimated",
        stage.method?.rawValue ?? "—",
      ]
    }
    lines.append(contentsOf: TextTable.render(header: ["stage", "counted", "FLOP", "90% interval", "method"], rows: rows))
    for stage in estimate.stages where !stage.counted {
      lines.append("  \(stage.name ?? stage.kind.rawValue): not counted: \(stage.countingReason)")
    }
    lines.append("")
    lines.append("Estimates")
    for stage in estimate.stages {
      for method in stage.estimates {
        let prefix = estimate.stages.count > 1 ? "\(stage.name ?? stage.kind.rawValue) " : ""
        lines.append("  \(prefix)\(method.method.rawValue): \(formatFLOP(method.flop.central)) [\(formatFLOP(method.flop.low))–\(formatFLOP(method.flop.high))]  = \(method.formula)")
      }
    }
    if !estimate.assumptions.isEmpty {
      lines.append("")
      lines.append("Assumptions")
      lines.append(contentsOf: estimate.assumptions.map { "  - \($0)" })
    }
    if !estimate.warnings.isEmpty {
      lines.append("")
      lines.append("Warnings")
      lines.append(contentsOf: estimate.warnings.map { "  ! \($0)" })
    }
    if !provenance.isEmpty {
      lines.append("")
      lines.append("Data: " + provenance.map(\.summary).joined(separator: "; "))
    }
    return lines.joined(separator: "\n") + "\n"
  }
}
