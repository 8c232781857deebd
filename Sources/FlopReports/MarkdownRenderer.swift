import FlopCore

/// Renders a report as Markdown: deterministic, diffable, readable as plain text.
public enum MarkdownRenderer {
  public static func render(_ document: ReportDocument) -> String {
    var out = "# \(document.title)\n\n_\(document.subtitle)_\n"
    for section in document.sections {
      out += "\n## \(section.title)\n\n"
      for paragraph in section.text { out += paragraph + "\n\n" }
      for bullet in section.bullets { out += "- \(bullet)\n" }
      if !section.bullets.isEmpty { out += "\n" }
      for field in section.fields {
        let value = field.placeholder ? "**[\(field.value)]**" : field.value
        out += "- **\(field.label):** \(value)\(field.note.map { " _(\($0))_" } ?? "")\n"
      }
      if !section.fields.isEmpty { out += "\n" }
      for chart in section.charts { out += chartTable(chart) + "\n" }
      for table in section.tables { out += render(table) + "\n" }
    }
    return out.replacingOccurrences(of: "\n\n\n", with: "\n\n")
  }

  static func render(_ table: ReportDocument.Table) -> String {
    guard !table.rows.isEmpty else { return "_(none)_\n" }
    var out = "| " + table.header.map(cell).joined(separator: " | ") + " |\n"
    out += "|" + table.header.map { _ in " --- |" }.joined() + "\n"
    for row in table.rows { out += "| " + row.map(cell).joined(separator: " | ") + " |\n" }
    return out
  }

  static func cell(_ text: String) -> String {
    text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
  }

  /// Charts in Markdown are their data, as a table.
  static func chartTable(_ chart: ReportDocument.Chart) -> String {
    switch chart {
    case .intervals(let title, let bars, let thresholds):
      var out = "**\(title)**\n\n" + render(.init(
        header: ["run", "low (5%)", "central", "high (95%)"],
        rows: bars.map { [$0.label, formatFLOP($0.low), formatFLOP($0.central), formatFLOP($0.high)] }))
      if !thresholds.isEmpty {
        out += "\nThresholds: " + thresholds.map { "\($0.label) \(formatFLOP($0.value))" }.joined(separator: "; ") + "\n"
      }
      return out
    case .stacked(let title, let segments):
      let total = segments.filter(\.counted).reduce(0) { $0 + $1.value }
      return "**\(title)**\n\n" + render(.init(
        header: ["part", "compute", "share of counted"],
        rows: segments.map { [$0.label, formatFLOP($0.value), $0.counted && total > 0 ? "\(Int(($0.value / total * 100).rounded()))%" : "—"] }))
    case .timeline(let title, let events, _):
      return "**\(title)**: \(events.count) dated obligation(s), listed below.\n"
    }
  }
}
