import Foundation

/// Formats compute for people: two significant figures in scientific notation (`3.8e25`).
///
/// The EU guidelines ask for the notified figure "in FLOP to two significant figures".
public func formatFLOP(_ value: Double) -> String {
  formatScientific(value, significantFigures: 2)
}

/// Formats any number in scientific notation with the given significant figures (`3.8e25`).
///
/// Hand-rolled rather than `String(format:)`, which is slow on Linux and this runs for every
/// estimate a bulk import makes.
public func formatScientific(_ value: Double, significantFigures: Int = 2) -> String {
  guard value.isFinite else { return String(value) }
  if value == 0 { return "0" }
  let digits = max(1, min(significantFigures, 15))
  let negative = value < 0
  let magnitude = abs(value)
  var exponent = Int(floor(log10(magnitude)))
  var scaled = (magnitude / pow(10, Double(exponent - digits + 1))).rounded()
  if scaled >= pow(10, Double(digits)) {
    exponent += 1
    scaled = (magnitude / pow(10, Double(exponent - digits + 1))).rounded()
  }
  var mantissa = String(Int64(scaled))
  if mantissa.count > 1 { mantissa.insert(".", at: mantissa.index(after: mantissa.startIndex)) }
  return (negative ? "-" : "") + mantissa + "e" + String(exponent)
}

/// Formats a plain number compactly: integers without decimals, others with up to three significant figures.
public func formatNumber(_ value: Double) -> String {
  guard value.isFinite else { return String(value) }
  if value == value.rounded(), abs(value) < 1e7 { return String(Int(value)) }
  if abs(value) >= 1e5 || abs(value) < 1e-3 { return formatScientific(value, significantFigures: 3) }
  // Three significant figures by rounding, then Swift's shortest form ("0.4", "12.4", "989").
  let decimals = max(0, 2 - Int(floor(log10(abs(value)))))
  let scale = pow(10.0, Double(decimals))
  let rounded = (value * scale).rounded() / scale
  if rounded == rounded.rounded() { return String(Int(rounded)) }
  return "\(rounded)"
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

/// A value as an error message quotes it: whole when short, else its start and its length, so a
/// 10 MB field is not echoed back whole.
public func shownInMessage(_ text: String, limit: Int = 80) -> String {
  guard text.count > limit else { return text }
  return String(text.prefix(limit)) + "… (\(text.count) characters)"
}
