import FlopCore
import Foundation

/// A run's compute over time as an SVG chart: observed points, the forecast line with its band,
/// each threshold as a line, and the predicted crossing and notification due dates.
///
/// The value axis is logarithmic (a run and its thresholds span decades); the time axis runs from
/// the first point to the latest date the chart must show.
public struct ProgressChart: Sendable {
  public struct Point: Sendable {
    public var day: CalendarDate
    public var flop: Double
    public init(day: CalendarDate, flop: Double) {
      self.day = day
      self.flop = flop
    }
  }

  public struct Threshold: Sendable {
    public var label: String
    public var flop: Double
    /// The forecast crossing day, and the day notification is due, when there are.
    public var crossing: CalendarDate?
    public var due: CalendarDate?
    public init(label: String, flop: Double, crossing: CalendarDate?, due: CalendarDate?) {
      self.label = label
      self.flop = flop
      self.crossing = crossing
      self.due = due
    }
  }

  public var observed: [Point]
  /// From the latest point to the projected end; the band scales it by the estimate's interval.
  public var forecast: [Point]
  public var band: (low: Double, high: Double)
  public var thresholds: [Threshold]
  public var today: CalendarDate

  public init(observed: [Point], forecast: [Point], band: (low: Double, high: Double), thresholds: [Threshold], today: CalendarDate) {
    self.observed = observed
    self.forecast = forecast
    self.band = band
    self.thresholds = thresholds
    self.today = today
  }

  /// The chart, or a sentence when there is nothing to draw.
  public func svg(title: String) -> String {
    let values = (observed + forecast).map(\.flop).filter { $0 > 0 }
    guard let first = observed.first?.day ?? forecast.first?.day, let vMin = values.min(), let vMax = values.max() else {
      return "<p>\(HTMLRenderer.escape(title)): no progress recorded</p>"
    }
    // Rules at the same compute share one line, labelled with the first two and a count.
    var near: [Threshold] = []
    for value in Set(thresholds.map(\.flop)).sorted() where value >= vMin / 1000 && value <= vMax * 1000 {
      let group = thresholds.filter { $0.flop == value }
      let label = group.prefix(2).map(\.label).joined(separator: ", ") + (group.count > 2 ? " +\(group.count - 2)" : "")
      near.append(Threshold(label: label, flop: value, crossing: group.compactMap(\.crossing).min(), due: group.compactMap(\.due).min()))
    }
    let allValues = values + near.map(\.flop) + forecast.map { $0.flop * band.high } + forecast.map { $0.flop * band.low }.filter { $0 > 0 }
    let lo = log10(allValues.min() ?? vMin) - 0.2, hi = max(log10(allValues.max() ?? vMax) + 0.2, lo + 0.5)
    var days = (observed + forecast).map(\.day.dayNumber) + [today.dayNumber]
    days += near.flatMap { [$0.crossing?.dayNumber, $0.due?.dayNumber].compactMap { $0 } }
    let d0 = Double(min(days.min() ?? first.dayNumber, first.dayNumber)), d1 = Double(max(days.max() ?? first.dayNumber, first.dayNumber + 1))
    let left = 64.0, right = 16.0, top = 28.0, width = 780.0, height = 320.0, bottom = height - 46
    func x(_ day: CalendarDate) -> Double { left + (Double(day.dayNumber) - d0) / max(d1 - d0, 1) * (width - left - right) }
    func y(_ value: Double) -> Double { bottom - (min(max(log10(max(value, 1e-300)), lo), hi) - lo) / (hi - lo) * (bottom - top) }
    func n(_ value: Double) -> String { String(format: "%.1f", value) }
    let e = HTMLRenderer.escape
    var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(n(width)) \(n(height))\" role=\"img\" aria-label=\"\(e(title))\" class=\"progress-chart\">\n"
    out += "<title>\(e(title))</title>\n<text x=\"0\" y=\"14\" font-weight=\"bold\">\(e(title))</text>\n"
    for power in stride(from: ceil(lo), through: floor(hi), by: 1) {
      let py = y(pow(10, power))
      out += "<line x1=\"\(n(left))\" y1=\"\(n(py))\" x2=\"\(n(width - right))\" y2=\"\(n(py))\" stroke=\"#e3e6eb\"/>"
      out += "<text x=\"\(n(left - 6))\" y=\"\(n(py + 4))\" text-anchor=\"end\">1e\(Int(power))</text>\n"
    }
    out += "<line x1=\"\(n(left))\" y1=\"\(n(bottom))\" x2=\"\(n(width - right))\" y2=\"\(n(bottom))\" stroke=\"#5a6272\"/>\n"
    // Date ticks: about six, on whole days.
    let step = max(1, Int(((d1 - d0) / 6).rounded(.up)))
    for day in stride(from: Int(d0), through: Int(d1), by: step) {
      let date = CalendarDate(dayNumber: day)
      out += "<text x=\"\(n(x(date)))\" y=\"\(n(bottom + 16))\" text-anchor=\"middle\">\(date.description)</text>\n"
    }
    let todayX = x(today)
    out += "<line x1=\"\(n(todayX))\" y1=\"\(n(top))\" x2=\"\(n(todayX))\" y2=\"\(n(bottom))\" stroke=\"#1d2330\" stroke-dasharray=\"2 3\"/>"
    out += "<text x=\"\(n(todayX - 3))\" y=\"\(n(bottom - 4))\" text-anchor=\"end\">today</text>\n"
    if forecast.count >= 2 {
      let upper = forecast.map { "\(n(x($0.day))),\(n(y($0.flop * band.high)))" }
      let lower = forecast.reversed().map { "\(n(x($0.day))),\(n(y(max($0.flop * band.low, 1e-300))))" }
      out += "<polygon class=\"forecast-band\" points=\"\((upper + lower).joined(separator: " "))\" fill=\"#8fb3e8\" fill-opacity=\"0.3\"/>\n"
      out += "<polyline class=\"forecast\" points=\"\(forecast.map { "\(n(x($0.day))),\(n(y($0.flop)))" }.joined(separator: " "))\" fill=\"none\" stroke=\"#1d4f9c\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>\n"
    }
    for (index, line) in near.enumerated() {
      let py = y(line.flop)
      out += "<line class=\"threshold\" x1=\"\(n(left))\" y1=\"\(n(py))\" x2=\"\(n(width - right))\" y2=\"\(n(py))\" stroke=\"#c0392b\" stroke-dasharray=\"4 3\"/>"
      out += "<text x=\"\(n(left + 4))\" y=\"\(n(py - 3))\" fill=\"#c0392b\">\(e(line.label)): \(formatFLOP(line.flop))</text>\n"
      if let crossing = line.crossing {
        out += "<circle class=\"crossing\" cx=\"\(n(x(crossing)))\" cy=\"\(n(py))\" r=\"5\" fill=\"none\" stroke=\"#c0392b\" stroke-width=\"2\"><title>\(e(line.label)) crossed \(crossing.description)</title></circle>"
        out += "<text x=\"\(n(x(crossing)))\" y=\"\(n(py + 14))\" text-anchor=\"middle\" fill=\"#c0392b\">crosses \(crossing.description)</text>\n"
      }
      if let due = line.due {
        out += "<line class=\"due\" x1=\"\(n(x(due)))\" y1=\"\(n(top))\" x2=\"\(n(x(due)))\" y2=\"\(n(bottom))\" stroke=\"#e67e22\" stroke-width=\"1.5\"/>"
        // Labelled on the side with room (a due date near the left edge is labelled to its right).
        let onLeft = x(due) > width / 2
        out += "<text x=\"\(n(x(due) + (onLeft ? -3 : 3)))\" y=\"\(n(top + 22 + Double(index) * 12))\" text-anchor=\"\(onLeft ? "end" : "start")\" fill=\"#b35900\">\(e(line.label)) notification due \(due.description)</text>\n"
      }
    }
    if observed.count >= 2 {
      out += "<polyline class=\"observed\" points=\"\(observed.map { "\(n(x($0.day))),\(n(y($0.flop)))" }.joined(separator: " "))\" fill=\"none\" stroke=\"#27ae60\" stroke-width=\"2\"/>\n"
    }
    for point in observed {
      out += "<circle class=\"point\" cx=\"\(n(x(point.day)))\" cy=\"\(n(y(point.flop)))\" r=\"3\" fill=\"#27ae60\"><title>\(point.day.description): \(formatFLOP(point.flop)) FLOP</title></circle>\n"
    }
    let far = thresholds.filter { line in !near.contains { $0.flop == line.flop } }
    let legend = "observed (green), forecast with its 90% band (blue, dashed), thresholds (red), notification due (orange)"
      + (far.isEmpty ? "" : "; off the axis: " + far.map { "\($0.label) \(formatFLOP($0.flop))" }.joined(separator: ", "))
    out += "<text x=\"\(n(left))\" y=\"\(n(height - 8))\">\(e(legend))</text>\n"
    return out + "</svg>"
  }
}
