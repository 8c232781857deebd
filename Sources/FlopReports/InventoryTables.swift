import FlopCore
import Foundation

/// The inventory's full tables, one line at a time: CSV (RFC 4180) and JSON Lines.
public enum InventoryTables {
  public static let runColumns = [
    "id", "name", "status", "developer", "start_date", "flop_central", "flop_low", "flop_high", "rules_crossed",
    "open_obligations", "overdue_obligations", "next_due",
  ]
  public static let obligationColumns = ["run", "obligation", "title", "due", "status", "overdue", "citation"]

  public static var runsCSVHeader: String { runColumns.joined(separator: ",") + "\r\n" }
  public static var obligationsCSVHeader: String { obligationColumns.joined(separator: ",") + "\r\n" }

  static func values(_ run: InventoryRun) -> [Cell] {
    [
      .text(run.id), .optional(run.name), .text(run.status), .optional(run.developer), .optional(run.startDate),
      .number(run.flop.central), .number(run.flop.low), .number(run.flop.high), .list(run.rulesCrossed),
      .integer(run.openObligations), .integer(run.overdueObligations), .optional(run.nextDue),
    ]
  }

  static func values(_ obligation: InventoryObligation, asOf: String) -> [Cell] {
    [
      .text(obligation.run), .text(obligation.obligation), .text(obligation.title), .optional(obligation.due),
      .text(obligation.status), .bool(obligation.isOverdue(asOf: asOf)), .optional(obligation.citation),
    ]
  }

  public static func csvLine(_ run: InventoryRun) -> String { csv(values(run)) }
  public static func jsonLine(_ run: InventoryRun) -> String { json(runColumns, values(run)) }
  public static func csvLine(_ obligation: InventoryObligation, asOf: String) -> String { csv(values(obligation, asOf: asOf)) }
  public static func jsonLine(_ obligation: InventoryObligation, asOf: String) -> String {
    json(obligationColumns, values(obligation, asOf: asOf))
  }

  /// A value in a table row.
  enum Cell {
    case text(String)
    case optional(String?)
    case number(Double)
    case integer(Int)
    case bool(Bool)
    case list([String])
  }

  static func csv(_ cells: [Cell]) -> String {
    var out = ""
    for (index, cell) in cells.enumerated() {
      if index > 0 { out += "," }
      let text: String
      switch cell {
      case .text(let value): text = value
      case .optional(let value): text = value ?? ""
      case .number(let value): text = "\(value)"
      case .integer(let value): text = "\(value)"
      case .bool(let value): text = value ? "true" : "false"
      case .list(let values): text = values.joined(separator: "; ")
      }
      // A leading =, +, - or @ makes spreadsheets run the cell as a formula: quote it and prefix '.
      let inert = text.first.map { "=+-@".contains($0) } == true && Double(text) == nil ? "'" + text : text
      if inert.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) || inert != text {
        out += "\"" + inert.replacingOccurrences(of: "\"", with: "\"\"") + "\""
      } else {
        out += inert
      }
    }
    return out + "\r\n"
  }

  static func json(_ columns: [String], _ cells: [Cell]) -> String {
    var out = "{"
    for (index, (column, cell)) in zip(columns, cells).enumerated() {
      if index > 0 { out += "," }
      JSONText.quote(column, into: &out)
      out += ":"
      switch cell {
      case .text(let value): JSONText.quote(value, into: &out)
      case .optional(let value): if let value { JSONText.quote(value, into: &out) } else { out += "null" }
      case .number(let value): out += value.isFinite ? "\(value)" : "null"
      case .integer(let value): out += "\(value)"
      case .bool(let value): out += value ? "true" : "false"
      case .list(let values):
        out += "["
        for (position, value) in values.enumerated() {
          if position > 0 { out += "," }
          JSONText.quote(value, into: &out)
        }
        out += "]"
      }
    }
    return out + "}\n"
  }
}
