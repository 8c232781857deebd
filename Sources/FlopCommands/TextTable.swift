/// A plain aligned text table for terminal output.
enum TextTable {
  static func render(header: [String], rows: [[String]], indent: String = "  ") -> [String] {
    var widths = header.map(\.count)
    for row in rows {
      for (index, cell) in row.enumerated() where index < widths.count {
        widths[index] = max(widths[index], cell.count)
      }
    }
    func line(_ cells: [String]) -> String {
      let padded = cells.enumerated().map { index, cell in
        index == cells.count - 1 ? cell : cell + String(repeating: " ", count: widths[index] - cell.count)
      }
      return indent + padded.joined(separator: "  ")
    }
    return [line(header)] + rows.map(line)
  }
}

/// "1 rule", "2 rules": a count with its noun, singular or plural.
func plural(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }
