import FlopCore
import FlopEngine
import FlopRegistry

/// Text rendering of registry results for people.
enum RegistryText {
  static func added(_ stored: StoredRun, action: String) -> String {
    let s = stored.summary
    var lines = ["\(s.id): \(action) — \(formatFLOP(s.cumulativeFlop.central)) FLOP cumulative (90% interval \(formatFLOP(s.cumulativeFlop.low))–\(formatFLOP(s.cumulativeFlop.high)))"]
    let crossing = s.statuses.filter { $0.value == "met" || $0.value == "may-be-met" || $0.value == "insufficient-data" }.sorted { $0.key < $1.key }
    lines += crossing.map { "  \($0.key): \($0.value)" }
    let open = stored.obligations.filter { $0.status == "open" }
    if !open.isEmpty {
      lines.append("  \(open.count) open obligation(s); next: " + (open.first { $0.due != nil }.map { "\($0.path) due \($0.due ?? "")" } ?? open[0].path))
    }
    return lines.joined(separator: "\n") + "\n"
  }

  static func show(_ stored: StoredRun) -> String {
    let s = stored.summary
    var lines = [
      "\(s.name ?? s.id) [\(s.id)] — \(s.status), version \(s.version)",
      "Compute: \(formatFLOP(s.flop.central)) FLOP own (\(formatFLOP(s.flop.low))–\(formatFLOP(s.flop.high))), \(formatFLOP(s.cumulativeFlop.central)) cumulative; method \(s.method)",
    ]
    if let base = s.baseRun ?? s.baseName { lines.append("Base: \(base)\(s.baseFlop.map { " (\(formatFLOP($0)) FLOP)" } ?? "")") }
    if let developer = s.developer { lines.append("Developer: \(developer)") }
    if let start = s.startDate { lines.append("Schedule: \(start) – \(s.endDate ?? "?")") }
    lines.append("")
    lines.append("Rules")
    lines += s.statuses.sorted { $0.key < $1.key }.map { "  \($0.key): \($0.value)" }
    if !stored.obligations.isEmpty {
      lines.append("")
      lines.append("Obligations")
      lines += stored.obligations.map { o in
        "  [\(o.row)] \(o.path): \(o.status)\(o.conditional ? " (if met)" : "") — due \(o.due ?? o.basis)" + (o.evidence.map { " — evidence: \($0)" } ?? "")
      }
    }
    if !stored.progress.isEmpty {
      lines.append("")
      lines.append("Progress")
      lines += stored.progress.map { p in "  \(p.at): " + [p.tokens.map { "\(formatScientific($0, significantFigures: 3)) tokens" }, p.gpuHours.map { "\(formatScientific($0, significantFigures: 3)) GPU-hours" }].compactMap { $0 }.joined(separator: ", ") }
    }
    lines.append("")
    lines.append("Versions")
    lines += stored.versions.map { "  v\($0.version) \($0.recordedAt) by \($0.actor) sha256 \($0.sha256.prefix(12))…" }
    lines.append("")
    lines.append("Document (v\(s.version))")
    lines += stored.document.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }
    return lines.joined(separator: "\n") + "\n"
  }

  static func lineage(_ lineage: Lineage) -> String {
    var lines: [String] = []
    var indent = ""
    if let external = lineage.root.externalBase {
      lines.append("\(external) (base\(lineage.root.externalBaseFlop.map { ", \(formatFLOP($0)) FLOP" } ?? ", compute unknown"))")
      indent = "  "
    }
    for node in lineage.ancestors {
      lines.append("\(indent)\(node.id): own \(formatFLOP(node.ownFlop)), cumulative \(formatFLOP(node.cumulativeFlop))")
      indent += "  "
    }
    func walk(_ node: LineageNode, _ prefix: String, marker: String) {
      lines.append("\(prefix)\(marker)\(node.id): own \(formatFLOP(node.ownFlop)), cumulative \(formatFLOP(node.cumulativeFlop))")
      for child in node.children { walk(child, prefix + "  ", marker: "") }
    }
    walk(lineage.tree, indent, marker: "* ")
    return lines.joined(separator: "\n") + "\n"
  }

  static func forecast(_ id: String, _ f: ProgressForecast) -> String {
    var lines = ["\(id): \(formatScientific(f.done, significantFigures: 3)) \(f.unit) done" + (f.planned.map { " of \(formatScientific($0, significantFigures: 3)) planned" } ?? "")]
    if let rate = f.ratePerDay { lines.append("Rate: \(formatScientific(rate, significantFigures: 3)) \(f.unit)/day" + (f.projectedEnd.map { "; projected end \($0)" } ?? "")) }
    lines.append("Compute: \(formatFLOP(f.flopNow)) FLOP now, \(formatFLOP(f.flopProjected)) projected (cumulative)")
    if f.crossings.isEmpty {
      lines.append("No compute threshold is forecast to be crossed.")
    }
    for c in f.crossings {
      lines.append("  \(c.regime)/\(c.rule) (\(formatFLOP(c.threshold))): \(c.crossed ? "crossed" : "forecast") \(c.date ?? "?"); known \(c.knownOn)" + (c.notificationDue.map { "; notification due \($0)" } ?? ""))
    }
    lines += f.notes.map { "note: \($0)" }
    return lines.joined(separator: "\n") + "\n"
  }
}
