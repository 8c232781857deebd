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
      if !section.fields.isEmpty {
        body += "<dl>\n"
        for field in section.fields {
          let value = field.placeholder ? "<span class=\"placeholder\">\(escape(field.value))</span>" : escape(field.value)
          body += "<dt>\(escape(field.label))</dt><dd>\(value)\(field.note.map { " <small>(\(escape($0)))</small>" } ?? "")</dd>\n"
        }
        body += "</dl>\n"
      }
      for chart in section.charts { body += "<figure>\n\(svg(chart))\n</figure>\n" }
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
      th { background: #f1f3f6; } tr:nth-child(even) td { background: #fafbfc; }
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
    for row in table.rows { out += "<tr>" + row.map { "<td>\(escape($0))</td>" }.joined() + "</tr>\n" }
    return out + "</tbody>\n</table>\n"
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

  static func svg(_ chart: ReportDocument.Chart) -> String {
    switch chart {
    case .intervals(let title, let bars, let thresholds): return intervals(title, bars, thresholds)
    case .stacked(let title, let segments): return stacked(title, segments)
    case .timeline(let title, let events, let today): return timeline(title, events, today)
    }
  }

  /// Compute intervals on a log axis, with a line for each threshold.
  static func intervals(_ title: String, _ bars: [ReportDocument.IntervalBar], _ thresholds: [ReportDocument.ThresholdLine]) -> String {
    let values = bars.flatMap { [$0.low, $0.high] } + thresholds.map(\.value)
    let positive = values.filter { $0 > 0 }
    guard let minimum = positive.min(), let maximum = positive.max() else { return "<p>\(escape(title)): no data</p>" }
    let lo = floor(log10(minimum)), hi = max(ceil(log10(maximum)), lo + 1)
    let left = 170.0, right = 20.0, width = 780.0, rowHeight = 22.0, top = 34.0
    let height = top + Double(bars.count) * rowHeight + 30 + Double(thresholds.count) * 14
    func x(_ value: Double) -> Double { left + (log10(max(value, minimum)) - lo) / (hi - lo) * (width - left - right) }
    var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(number(width)) \(number(height))\" role=\"img\" aria-label=\"\(escape(title))\">\n"
    out += "<title>\(escape(title))</title>\n<text x=\"0\" y=\"14\" font-weight=\"bold\">\(escape(title))</text>\n"
    let axisY = top + Double(bars.count) * rowHeight
    for power in stride(from: lo, through: hi, by: 1) {
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
    for (index, line) in thresholds.enumerated() {
      let px = x(line.value)
      out += "<line x1=\"\(number(px))\" y1=\"\(number(top - 6))\" x2=\"\(number(px))\" y2=\"\(number(axisY))\" stroke=\"#c0392b\" stroke-dasharray=\"4 3\"/>"
      out += "<text x=\"\(number(left))\" y=\"\(number(axisY + 30 + Double(index) * 14))\" fill=\"#c0392b\">┆ \(escape(line.label)): \(formatFLOP(line.value)) FLOP</text>\n"
    }
    return out + "</svg>"
  }

  static let palette = ["#1d4f9c", "#e67e22", "#27ae60", "#8e44ad", "#16a085", "#c0392b", "#7f8c8d", "#d35400"]

  /// Counted compute as one stacked bar (linear), not-counted stages hatched in grey.
  static func stacked(_ title: String, _ segments: [ReportDocument.Segment]) -> String {
    let total = segments.reduce(0) { $0 + $1.value }
    guard total > 0 else { return "<p>\(escape(title)): no data</p>" }
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

  /// Obligations on a date axis, coloured by state; today marked.
  static func timeline(_ title: String, _ events: [ReportDocument.Event], _ today: String) -> String {
    let dated = events.compactMap { event in CalendarDate(event.date).map { (event, $0.dayNumber) } }
    guard !dated.isEmpty else { return "<p>\(escape(title)): no dated obligations</p>" }
    let todayNumber = CalendarDate(today)?.dayNumber
    let days = dated.map(\.1) + (todayNumber.map { [$0] } ?? [])
    let first = Double(days.min() ?? 0) - 7, last = Double(days.max() ?? 0) + 7
    let width = 780.0, left = 10.0, right = 10.0, axisY = 56.0, height = 86.0
    func x(_ day: Int) -> Double { left + (Double(day) - first) / max(last - first, 1) * (width - left - right) }
    let colours = ["overdue": "#c0392b", "open": "#e67e22", "done": "#27ae60", "conditional": "#7f8c8d"]
    var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(number(width)) \(number(height))\" role=\"img\" aria-label=\"\(escape(title))\">\n"
    out += "<title>\(escape(title))</title>\n<text x=\"0\" y=\"14\" font-weight=\"bold\">\(escape(title)) — overdue red, open orange, done green</text>\n"
    out += "<line x1=\"\(number(left))\" y1=\"\(number(axisY))\" x2=\"\(number(width - right))\" y2=\"\(number(axisY))\" stroke=\"#5a6272\"/>\n"
    out += "<text x=\"\(number(left))\" y=\"\(number(axisY + 20))\">\(CalendarDate(dayNumber: Int(first + 7)))</text>"
    out += "<text x=\"\(number(width - right))\" y=\"\(number(axisY + 20))\" text-anchor=\"end\">\(CalendarDate(dayNumber: Int(last - 7)))</text>\n"
    if let todayNumber {
      out += "<line x1=\"\(number(x(todayNumber)))\" y1=\"\(number(axisY - 6))\" x2=\"\(number(x(todayNumber)))\" y2=\"\(number(axisY + 6))\" stroke=\"#1d2330\" stroke-dasharray=\"3 2\"/>"
      // Above the axis, so it never collides with the date range printed below it.
      let anchor = x(todayNumber) > width * 0.8 ? "end" : (x(todayNumber) < width * 0.2 ? "start" : "middle")
      out += "<text x=\"\(number(x(todayNumber)))\" y=\"\(number(axisY - 10))\" text-anchor=\"\(anchor)\">today \(escape(today))</text>\n"
    }
    for (event, day) in dated.prefix(500) {
      out += "<circle cx=\"\(number(x(day)))\" cy=\"\(number(axisY))\" r=\"5\" fill=\"\(colours[event.state] ?? "#7f8c8d")\" fill-opacity=\"0.8\"><title>\(escape(event.date)) \(escape(event.label)) (\(escape(event.state)))</title></circle>\n"
    }
    return out + "</svg>"
  }
}
