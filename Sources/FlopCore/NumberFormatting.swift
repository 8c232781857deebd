import Foundation

/// Formats compute for people: two significant figures in scientific notation (`3.8e25`).
///
/// The EU guidelines ask for the notified figure "in FLOP to two significant figures".
public func formatFLOP(_ value: Double) -> String {
  formatScientific(value, significantFigures: 2)
}

/// Formats any number in scientific notation with the given significant figures (`3.8e25`).
public func formatScientific(_ value: Double, significantFigures: Int = 2) -> String {
  guard value.isFinite else { return String(value) }
  if value == 0 { return "0" }
  let digits = max(0, significantFigures - 1)
  let raw = String(format: "%.\(digits)e", value)
  // "3.8e+25" -> "3.8e25", "1.2e-03" -> "1.2e-3"
  guard let eIndex = raw.firstIndex(of: "e") else { return raw }
  let mantissa = raw[..<eIndex]
  var exponent = raw[raw.index(after: eIndex)...]
  var negative = false
  if exponent.first == "+" { exponent = exponent.dropFirst() }
  if exponent.first == "-" { negative = true; exponent = exponent.dropFirst() }
  while exponent.count > 1, exponent.first == "0" { exponent = exponent.dropFirst() }
  return "\(mantissa)e\(negative ? "-" : "")\(exponent)"
}

/// Formats a plain number compactly: integers without decimals, others with up to three significant figures.
public func formatNumber(_ value: Double) -> String {
  guard value.isFinite else { return String(value) }
  if value == value.rounded(), abs(value) < 1e7 { return String(Int(value)) }
  if abs(value) >= 1e5 || abs(value) < 1e-3 { return formatScientific(value, significantFigures: 3) }
  var text = String(format: "%.3g", value)
  if text.contains("e") { text = formatScientific(value, significantFigures: 3) }
  return text
}

/// Formats a quantity such as hours or energy for people: plain below 100,000, else scientific,
/// two significant figures either way (`4.0`, `520`, `2.1e7`).
public func formatCompact(_ value: Double) -> String {
  guard value.isFinite else { return String(value) }
  if value != 0, abs(value) < 1e5, abs(value) >= 0.01 {
    let exponent = Int(floor(log10(abs(value))))
    let scale = pow(10.0, Double(exponent - 1))
    let rounded = (value / scale).rounded() * scale
    return rounded >= 10 ? String(Int(rounded)) : String(format: "%.2g", rounded)
  }
  return formatScientific(value, significantFigures: 2)
}
