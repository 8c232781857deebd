import FlopCore
import Foundation

/// Renders a report as Markdown: deterministic, diffable, readable as plain text.
public enum MarkdownRenderer {
  public static func render(_ document: ReportDocument) -> String {
    var out = "# \(text(document.title))\n\n_\(text(document.subtitle))_\n"
    for section in document.sections {
      out += "\n## \(text(section.title))\n\n"
      for paragraph in section.text { out += text(paragraph) + "\n\n" }
      for bullet in section.bullets { out += "- \(text(bullet))\n" }
      if !section.bullets.isEmpty { out += "\n" }
      for link in section.links { out += "- [\(text(link.label))](\(href(link.href)))\n" }
      if !section.links.isEmpty { out += "\n" }
      for field in section.fields {
        let value = field.placeholder ? "**[\(text(field.value))]**" : text(field.value)
        out += "- **\(text(field.label)):** \(value)\(field.note.map { " _(\(text($0)))_" } ?? "")\n"
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

  /// A relative file name as a link target: percent-encoded, so spaces and brackets cannot end it.
  static func href(_ name: String) -> String {
    name.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "()[]<>"))) ?? name
  }

  static func cell(_ value: String) -> String {
    text(value).replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
  }

  /// Text from run files and the registry, made inert: Markdown renderers pass HTML through, so
  /// `<` (and an `&` that could start an entity) become entities, and `[` `]` are escaped so no link
  /// (`javascript:` or other) forms.
  static func text(_ value: String) -> String {
    guard value.contains(where: { $0 == "<" || $0 == "&" || $0 == "[" || $0 == "]" }) else { return value }
    var out = ""
    out.reserveCapacity(value.utf8.count + 8)
    let characters = Array(value)
    for (index, character) in characters.enumerated() {
      switch character {
      case "<": out += "&lt;"
      // Only an ampersand that could start an entity (`&lt;`, `&#60;`) needs escaping; "R&D", "Bus. & Prof." stay readable.
      case "&" where index + 1 < characters.count && (characters[index + 1].isLetter || characters[index + 1] == "#"): out += "&amp;"
      case "[": out += "\\["
      case "]": out += "\\]"
      default: out.append(character)
      }
    }
    return out
  }

  /// Charts in Markdown are their data, as a table.
  static func chartTable(_ chart: ReportDocument.Chart) -> String {
    switch chart {
    case .intervals(let title, let bars, let thresholds):
      var out = "**\(text(title))**\n\n" + render(.init(
        header: ["run", "low (5%)", "central", "high (95%)"],
        rows: bars.map { [$0.label, formatFLOP($0.low), formatFLOP($0.central), formatFLOP($0.high)] }))
      if !thresholds.isEmpty {
        out += "\nThresholds: " + thresholds.map { "\(text($0.label)) \(formatFLOP($0.value))" }.joined(separator: "; ") + "\n"
      }
      return out
    case .stacked(let title, let segments):
      let total = segments.filter(\.counted).reduce(0) { $0 + $1.value }
      return "**\(text(title))**\n\n" + render(.init(
        header: ["part", "compute", "share of counted"],
        rows: segments.map { [$0.label, formatFLOP($0.value), $0.counted && total > 0 ? "\(Int(($0.value / total * 100).rounded()))%" : "—"] }))
    case .timeline(let title, let events, _):
      return "**\(text(title))**: \(events.count) dated obligation(s), listed below.\n"
    }
  }
}
