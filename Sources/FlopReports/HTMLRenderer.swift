import FlopCore
import Foundation

/// Renders a report as one self-contained HTML file: inline CSS and SVG charts, no external assets.
public enum HTMLRenderer {
  public static func render(_ document: ReportDocument) -> String {
    var body = "<header><h1>\(escape(document.title))</h1><p class=\"subtitle\">\(escape(document.subtitle))</p></header>\n"
    for section in document.sections {
      body += "<section>\n<h2>\(escape(section.title))</h2>\n"
      for paragraph in section.text { body += "<p>\(escape(paragraph))</p>\n" }
      if !section.bullets.isEmpty { body += "<ul>\n" + section.bullets.map { "<li>\(escape($0))</li>\n" }.joined() + "</ul>\n" }
      if !section.links.isEmpty {
        body += "<ul class=\"links\">\n"
          + section.links.map { "<li><a href=\"\(escape(MarkdownRenderer.href($0.href)))\">\(escape($0.label))</a></li>\n" }.joined() + "</ul>\n"
      }
      if !section.fields.isEmpty {
        body += "<dl>\n"
        for field in section.fields {
          let value = field.placeholder ? "<span class=\"placeholder\">\(escape(field.value))</span>" : escape(field.value)
          body += "<dt>\(escape(field.label))</dt><dd>\(value)\(field.note.map { " <small>(\(escape($0)))</small>" } ?? "")</dd>\n"
        }
        body += "</dl>\n"
      }
      for chart in section.charts {
        let drawn = svg(chart)
        if !drawn.isEmpty { body += "<figure>\n\(drawn)\n</figure>\n" }
      }
      for table in section.tables { body += render(table) }
      body += "</section>\n"
    }
    return """
      <!DOCTYPE html>
      <html lang="en">
      <head>
      <meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <title>\(escape(document.title))</title>
      <style>
      body { font-family: -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #1d2330; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; }
      h1 { font-size: 1.6rem; margin-bottom: 0.2rem; } h2 { font-size: 1.2rem; border-bottom: 1px solid #d5d9e0; padding-bottom: 0.2rem; margin-top: 2rem; }
      .subtitle { color: #5a6272; margin-top: 0; }
      dl { display: grid; grid-template-columns: minmax(12rem, 18rem) 1fr; gap: 0.3rem 1rem; }
      dt { font-weight: 600; } dd { margin: 0; }
      .placeholder { background: #fff3bf; border: 1px dashed #c9a400; padding: 0 0.25rem; font-weight: 600; }
      table { border-collapse: collapse; width: 100%; font-size: 0.85rem; margin: 0.8rem 0; }
      th, td { border: 1px solid #d5d9e0; padding: 0.25rem 0.45rem; text-align: left; vertical-align: top; }
      th { background: #f1f3f6; } tr:nth-child(even) td { background: #fafbfc; } td.date { white-space: nowrap; }
      figure { margin: 1rem 0; } svg { max-width: 100%; height: auto; font-size: 11px; }
      small { color: #5a6272; }
      @media print { body { max-width: none; margin: 0; } section { break-inside: avoid-page; } .placeholder { background: none; } a { color: inherit; } }
      </style>
      </head>
      <body>
      \(body)</body>
      </html>

      """
  }

  static func render(_ table: ReportDocument.Table) -> String {
    guard !table.rows.isEmpty else { return "<p><em>(none)</em></p>\n" }
    var out = "<table>\n<thead><tr>" + table.header.map { "<th>\(escape($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
    for row in table.rows { out += "<tr>" + row.map(cell).joined() + "</tr>\n" }
    return out + "</tbody>\n</table>\n"
  }

  /// A table cell; one that starts with a date keeps it on one line.
  static func cell(_ text: String) -> String {
    let startsWithDate = text.count >= 10 && CalendarDate(String(text.prefix(10))) != nil
    return startsWithDate ? "<td class=\"date\">\(escape(text))</td>" : "<td>\(escape(text))</td>"
  }

  public static func escape(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for character in text {
      switch character {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      default: out.append(character)
      }
    }
    return out
  }

  static func number(_ value: Double) -> String { String(format: "%.1f", value) }

  // MARK: - Charts

  /// A chart as inline SVG (for pages that embed the reports' charts).
  public static func svg(_ chart: ReportDocument.Chart) -> String {
    switch chart {
    case .intervals(let title, let bars, let thresholds): return intervals(title, bars, thresholds)
    case .stacked(let title, let segments): return stacked(title, segments)
    case .timeline(let title, let events, let today): return timeline(title, events, today)
    }
  }

  /// Compute intervals on a log axis, with a line for each threshold.
  ///
  /// The axis spans the bars and the thresholds within two decades of them; a threshold further
  /// away is listed under the chart instead of stretching the axis. Each line is labelled at its
  /// top, labels that would overlap set on rows of their own.
  static func intervals(_ title: String, _ bars: [ReportDocument.IntervalBar], _ thresholds: [ReportDocument.ThresholdLine]) -> String {
    let barValues = bars.flatMap { [$0.low, $0.high] }.filter { $0 > 0 }
    guard let barMin = barValues.min(), let barMax = barValues.max() else { return "<p>\(escape(title)): no data</p>" }
    let near = thresholds.filter { $0.value > 0 && $0.value >= barMin / 100 && $0.value <= barMax * 100 }
    let far = thresholds.filter { line in !near.contains { $0.value == line.value } }
    let values = barValues + near.map(\.value)
    let minimum = values.min() ?? barMin, maximum = values.max() ?? barMax
    // A margin of 0.3 decade each side (not whole decades), so the run fills the width.
    let lo = log10(minimum) - 0.3, hi = max(log10(maximum) + 0.3, lo + 1)
    let left = 170.0, right = 20.0, width = 780.0, rowHeight = 22.0
    func x(_ value: Double) -> Double { left + (min(max(log10(value), lo), hi) - lo) / (hi - lo) * (width - left - right) }
    // Label rows: a label goes on the first row whose last label ends before it starts.
    var rowEnds: [Double] = []
    var placed: [(line: ReportDocument.ThresholdLine, row: Int, x: Double, start: Double, anchor: String)] = []
    for line in near {
      let text = "\(line.label): \(formatFLOP(line.value))"
      let px = x(line.value), textWidth = Double(text.count) * 6.2
      // Right of its line when it fits, else left of it, else as far left as the chart allows.
      let start = px + 3 + textWidth <= width - right ? px + 3 : max(0, px - 3 - textWidth)
      let anchor = "start"
      let row = rowEnds.firstIndex { $0 < start } ?? rowEnds.count
      if row == rowEnds.count { rowEnds.append(0) }
      rowEnds[row] = start + textWidth + 8
      placed.append((line, row, px, start, anchor))
    }
    let top = 30.0 + Double(rowEnds.count) * 14
    let axisY = top + Double(bars.count) * rowHeight
    let height = axisY + 24 + Double(far.isEmpty ? 0 : 16)
    var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(number(width)) \(number(height))\" role=\"img\" aria-label=\"\(escape(title))\">\n"
    out += "<title>\(escape(title))</title>\n<text x=\"0\" y=\"14\" font-weight=\"bold\">\(escape(title))</text>\n"
    for power in stride(from: ceil(lo), through: floor(hi), by: 1) {
      let px = x(pow(10, power))
      out += "<line x1=\"\(number(px))\" y1=\"\(number(top - 6))\" x2=\"\(number(px))\" y2=\"\(number(axisY))\" stroke=\"#e3e6eb\"/>"
      out += "<text x=\"\(number(px))\" y=\"\(number(axisY + 14))\" text-anchor=\"middle\">1e\(Int(power))</text>\n"
    }
    for (index, bar) in bars.enumerated() {
      let y = top + Double(index) * rowHeight
      out += "<text x=\"\(number(left - 8))\" y=\"\(number(y + 14))\" text-anchor=\"end\">\(escape(bar.label))</text>"
      out += "<rect x=\"\(number(x(bar.low)))\" y=\"\(number(y + 5))\" width=\"\(number(max(x(bar.high) - x(bar.low), 2)))\" height=\"12\" fill=\"#8fb3e8\"><title>\(escape(bar.label)): \(formatFLOP(bar.low))–\(formatFLOP(bar.high)) FLOP</title></rect>"
      out += "<line x1=\"\(number(x(bar.central)))\" y1=\"\(number(y + 2))\" x2=\"\(number(x(bar.central)))\" y2=\"\(number(y + 20))\" stroke=\"#1d4f9c\" stroke-width=\"2\"/>\n"
    }
    for item in placed {
      let labelY = 28.0 + Double(item.row) * 14
      out += "<line x1=\"\(number(item.x))\" y1=\"\(number(labelY - 8))\" x2=\"\(number(item.x))\" y2=\"\(number(axisY))\" stroke=\"#c0392b\" stroke-dasharray=\"4 3\"/>"
      let textX = item.start
      out += "<text x=\"\(number(textX))\" y=\"\(number(labelY))\" text-anchor=\"\(item.anchor)\" fill=\"#c0392b\">\(escape(item.line.label)): \(formatFLOP(item.line.value))</text>\n"
    }
    if !far.isEmpty {
      let text = far.map { "\($0.label) \(formatFLOP($0.value))" }.joined(separator: "; ")
      out += "<text x=\"\(number(left))\" y=\"\(number(axisY + 32))\" fill=\"#c0392b\">off the axis: \(escape(text))</text>\n"
    }
    return out + "</svg>"
  }

  static let palette = ["#1d4f9c", "#e67e22", "#27ae60", "#8e44ad", "#16a085", "#c0392b", "#7f8c8d", "#d35400"]

  /// Counted compute as one stacked bar (linear), not-counted stages hatched in grey.
  static func stacked(_ title: String, _ segments: [ReportDocument.Segment]) -> String {
    let total = segments.reduce(0) { $0 + $1.value }
    guard total > 0 else { return "<p>\(escape(title)): no data</p>" }
    // One segment is one full bar: it says nothing the stage table does not.
    guard segments.count > 1 else { return "" }
    let width = 780.0, barY = 30.0
    let height = barY + 30 + Double(segments.count) * 16
    var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(number(width)) \(number(height))\" role=\"img\" aria-label=\"\(escape(title))\">\n"
    out += "<title>\(escape(title))</title>\n<text x=\"0\" y=\"14\" font-weight=\"bold\">\(escape(title))</text>\n"
    out += "<defs><pattern id=\"hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\"><path d=\"M0 6 L6 0\" stroke=\"#9aa1ab\"/></pattern></defs>\n"
    var x = 0.0
    for (index, segment) in segments.enumerated() {
      let w = segment.value / total * width
      let fill = segment.counted ? palette[index % palette.count] : "url(#hatch)"
      out += "<rect x=\"\(number(x))\" y=\"\(number(barY))\" width=\"\(number(max(w, 0.5)))\" height=\"18\" fill=\"\(fill)\"><title>\(escape(segment.label)): \(formatFLOP(segment.value)) FLOP</title></rect>\n"
      x += w
    }
    for (index, segment) in segments.enumerated() {
      let y = barY + 36 + Double(index) * 16
      let fill = segment.counted ? palette[index % palette.count] : "url(#hatch)"
      out += "<rect x=\"0\" y=\"\(number(y - 10))\" width=\"12\" height=\"12\" fill=\"\(fill)\"/>"
      out += "<text x=\"18\" y=\"\(number(y))\">\(escape(segment.label)): \(formatFLOP(segment.value)) FLOP (\(Int((segment.value / total * 100).rounded()))%)</text>\n"
    }
    return out + "</svg>"
  }

  /// Obligations on a date axis, coloured by state; today marked. Obligations due the same day
  /// share one dot with their count; every dot is labelled below the axis, on rows that do not overlap.
  static func timeline(_ title: String, _ events: [ReportDocument.Event], _ today: String) -> String {
    let dated = events.compactMap { event in CalendarDate(event.date).map { (event, $0.dayNumber) } }
    guard !dated.isEmpty else { return "<p>\(escape(title)): no dated obligations</p>" }
    var byDay: [Int: [ReportDocument.Event]] = [:]
    for (event, day) in dated { byDay[day, default: []].append(event) }
    let todayNumber = CalendarDate(today)?.dayNumber
    let days = Array(byDay.keys) + (todayNumber.map { [$0] } ?? [])
    let first = Double(days.min() ?? 0) - 7, last = Double(days.max() ?? 0) + 7
    let width = 780.0, left = 10.0, right = 10.0, axisY = 56.0
    func x(_ day: Int) -> Double { left + (Double(day) - first) / max(last - first, 1) * (width - left - right) }
    let colours = ["overdue": "#c0392b", "open": "#e67e22", "done": "#27ae60", "conditional": "#7f8c8d"]
    // The most pressing state colours a shared dot.
    let rank = ["overdue": 0, "open": 1, "conditional": 2, "done": 3]
    var rowEnds: [Double] = []
    var labels: [(x: Double, row: Int, text: String)] = []
    let shownDays = byDay.keys.sorted().prefix(200)
    for day in shownDays {
      let group = byDay[day]!
      let text = group.count == 1 ? "\(group[0].date) \(group[0].label)" : "\(group[0].date) ×\(group.count): \(group[0].label), …"
      let clipped = text.count > 40 ? String(text.prefix(39)) + "…" : text
      let px = x(day), textWidth = Double(clipped.count) * 6.0
      let start = min(px - 3, width - right - textWidth)
      let row = rowEnds.firstIndex { $0 < start } ?? rowEnds.count
      if row == rowEnds.count { rowEnds.append(0) }
      rowEnds[row] = start + textWidth + 8
      labels.append((start, row, clipped))
    }
    let height = axisY + 34 + Double(rowEnds.count) * 14
    var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(number(width)) \(number(height))\" role=\"img\" aria-label=\"\(escape(title))\">\n"
    out += "<title>\(escape(title))</title>\n<text x=\"0\" y=\"14\" font-weight=\"bold\">\(escape(title)) — overdue red, open orange, done green</text>\n"
    out += "<line x1=\"\(number(left))\" y1=\"\(number(axisY))\" x2=\"\(number(width - right))\" y2=\"\(number(axisY))\" stroke=\"#5a6272\"/>\n"
    if let todayNumber {
      out += "<line x1=\"\(number(x(todayNumber)))\" y1=\"\(number(axisY - 6))\" x2=\"\(number(x(todayNumber)))\" y2=\"\(number(axisY + 6))\" stroke=\"#1d2330\" stroke-dasharray=\"3 2\"/>"
      let anchor = x(todayNumber) > width * 0.8 ? "end" : (x(todayNumber) < width * 0.2 ? "start" : "middle")
      out += "<text x=\"\(number(x(todayNumber)))\" y=\"\(number(axisY - 10))\" text-anchor=\"\(anchor)\">today \(escape(today))</text>\n"
    }
    for day in shownDays {
      let group = byDay[day]!
      let state = group.map(\.state).min { (rank[$0] ?? 9) < (rank[$1] ?? 9) } ?? "open"
      let tooltip = group.map { "\($0.date) \($0.label) (\($0.state))" }.joined(separator: "\n")
      let radius = group.count == 1 ? 5.0 : 7.0
      out += "<circle cx=\"\(number(x(day)))\" cy=\"\(number(axisY))\" r=\"\(number(radius))\" fill=\"\(colours[state] ?? "#7f8c8d")\" fill-opacity=\"0.85\"><title>\(escape(tooltip))</title></circle>"
      if group.count > 1 {
        out += "<text x=\"\(number(x(day)))\" y=\"\(number(axisY + 4))\" text-anchor=\"middle\" fill=\"#fff\" font-size=\"9\">\(group.count)</text>"
      }
      out += "\n"
    }
    for label in labels {
      out += "<text x=\"\(number(label.x))\" y=\"\(number(axisY + 24 + Double(label.row) * 14))\">\(escape(label.text))</text>\n"
    }
    if byDay.count > shownDays.count { out += "<text x=\"\(number(left))\" y=\"\(number(height - 4))\">… and \(byDay.count - shownDays.count) more days</text>\n" }
    return out + "</svg>"
  }
}
