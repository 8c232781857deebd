import FlopCore
import FlopFiles
import SwiftCSV

/// A CSV of public or past runs with reference compute, in the format of models-dev.csv.
struct ValidationDataset {
  struct Row {
    var line: Int
    var name: String
    var architecture: Architecture
    var parameters: Double?
    var activeParameters: Double?
    var tokens: Double?
    var hardware: HardwareSpec?
    var referenceFLOP: Double
    var referenceKind: String
  }

  static let requiredColumns = ["name", "reference_flop"]

  var rows: [Row]

  static func load(path: String) throws -> ValidationDataset {
    let text = try FileText.read(path)
    let csv: CSV<Enumerated>
    do {
      csv = try CSV<Enumerated>(string: text, delimiter: .comma, loadColumns: false)
    } catch {
      throw CommandError("\(path): not valid CSV: \(error)")
    }
    let header = csv.header.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
    let missing = requiredColumns.filter { !header.contains($0) }
    guard missing.isEmpty else {
      throw CommandError("\(path):1: missing column(s) \(missing.joined(separator: ", ")) (expected the header of models-dev.csv)")
    }
    var rows: [Row] = []
    for (index, cells) in csv.rows.enumerated() {
      let line = index + 2
      func cell(_ column: String) -> String? {
        guard let position = header.firstIndex(of: column), position < cells.count else { return nil }
        let value = cells[position].trimmingCharacters(in: .whitespaces)
        return value.isEmpty ? nil : value
      }
      func number(_ column: String) throws -> Double? {
        guard let text = cell(column) else { return nil }
        do {
          return try Quantity.parsePositive(text, field: column)
        } catch {
          throw CommandError("\(path):\(line): \(column): '\(text)' is not a valid number (expected a number greater than zero)")
        }
      }
      guard let name = cell("name") else { throw CommandError("\(path):\(line): name: empty") }
      guard let reference = try number("reference_flop") else {
        throw CommandError("\(path):\(line): reference_flop: empty for \(name)")
      }
      var architecture = Architecture.dense
      if let text = cell("architecture") {
        guard let parsed = Architecture(rawValue: text.lowercased()) else {
          throw CommandError("\(path):\(line): architecture: unknown value '\(text)'")
        }
        architecture = parsed
      }
      var hardware: HardwareSpec?
      if let accelerator = cell("accelerator") {
        let chips = try number("chips")
        let utilization = try cell("utilization").map { text throws -> Double in
          do { return try Quantity.parseFraction(text, field: "utilization") } catch {
            throw CommandError("\(path):\(line): utilization: '\(text)' is not a fraction in (0, 1]")
          }
        }
        var precision: Precision?
        if let text = cell("precision") {
          guard let parsed = Precision(name: text) else { throw CommandError("\(path):\(line): precision: unknown value '\(text)'") }
          precision = parsed
        }
        var duration: HardwareSpec.Duration?
        if let hours = try number("gpu_hours") {
          duration = .chipHours(hours)
        } else if let chips, let days = try number("days") {
          _ = chips
          duration = .days(days)
        } else if chips != nil, let hours = try number("hours") {
          duration = .hours(hours)
        }
        if let duration {
          hardware = HardwareSpec(accelerator: accelerator, count: chips, duration: duration, utilization: utilization, precision: precision)
        }
      }
      rows.append(Row(
        line: line, name: name, architecture: architecture, parameters: try number("params"),
        activeParameters: try number("active_params"), tokens: try number("tokens"), hardware: hardware,
        referenceFLOP: reference, referenceKind: cell("reference_kind") ?? ""))
    }
    return ValidationDataset(rows: rows)
  }
}
