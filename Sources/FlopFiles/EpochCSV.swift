import FlopCore
import Foundation
import SwiftCSV

/// A download of Epoch AI's models database ("Notable AI Models", "Large-Scale AI Models",
/// "All AI Models"), read by header name as Epoch documents its columns.
///
/// Columns: https://epoch.ai/data/ai-models-documentation. Cells are checked as read: a number
/// with a unit or a tilde (`1.2e25 FLOP`, `~3e24`) is refused with its row and column rather than
/// guessed at, and the row is left out whole. Rows are numbered as a spreadsheet shows them (the
/// header is row 1).
public struct EpochCSV: Sendable {
  /// The columns FlopWatch reads, by Epoch's header names.
  public enum Column: String, CaseIterable, Sendable {
    case model = "Model"
    case organization = "Organization"
    case publicationDate = "Publication date"
    case domain = "Domain"
    case parameters = "Parameters"
    case trainingCompute = "Training compute (FLOP)"
    case computeLow = "Training compute lower bound"
    case computeHigh = "Training compute upper bound"
    case datasetSize = "Training dataset size (total)"
    case hardware = "Training hardware"
    case hardwareQuantity = "Hardware quantity"
    case trainingHours = "Training time (hours)"
    case chipHours = "Training chip-hours"
    case mfu = "Hardware utilization (MFU)"
    case hfu = "Hardware utilization (HFU)"
    case numericalFormat = "Numerical format"
    case baseModel = "Base model"
    case finetuneCompute = "Finetune compute (FLOP)"
    case confidence = "Confidence"
    case link = "Link"
  }

  /// One model, its cells checked.
  public struct Row: Sendable, Hashable {
    public var row: Int
    public var model: String
    public var organization: String?
    public var publicationDate: CalendarDate?
    public var domains: [String]
    public var parameters: Double?
    public var trainingCompute: Double?
    public var computeLow: Double?
    public var computeHigh: Double?
    public var datasetSize: Double?
    /// Accelerator names as Epoch writes them (a cell may list several).
    public var hardware: [String]
    public var hardwareQuantity: Double?
    public var trainingHours: Double?
    public var chipHours: Double?
    public var mfu: Double?
    public var hfu: Double?
    public var precision: Precision?
    /// The numerical format as written, when it is not one FlopWatch knows.
    public var unknownFormat: String?
    public var baseModel: String?
    public var finetuneCompute: Double?
    public var confidence: String?
    public var link: String?

    /// Whether the dataset size counts tokens: Epoch counts datapoints, which are tokens for language models.
    public var isLanguage: Bool { domains.contains { $0.lowercased() == "language" } }
  }

  /// A row left out, and why.
  public struct Rejection: Error, Sendable, Hashable, Codable {
    public var row: Int
    public var reason: String
    public init(row: Int, reason: String) {
      self.row = row
      self.reason = reason
    }
  }

  public var rows: [Row]
  public var rejected: [Rejection]
  /// Header cells FlopWatch does not read, as written.
  public var unusedColumns: [String]
  /// Columns FlopWatch reads that the file does not have.
  public var missingColumns: [Column]

  /// Epoch's all-models download is about 10 MB; this leaves room without reading anything.
  public static let maximumBytes = 128 << 20

  /// Reads an Epoch CSV file.
  public static func load(path: String) throws(FlopFilesError) -> EpochCSV {
    try parse(try FileText.read(path, maximumBytes: maximumBytes), file: path)
  }

  /// Parses an Epoch CSV's text. Throws for a file that is not an Epoch CSV (no `Model` column,
  /// or none of the compute, parameter or hardware columns); a bad cell only rejects its row.
  public static func parse(_ text: String, file: String) throws(FlopFilesError) -> EpochCSV {
    let csv: CSV<Enumerated>
    do {
      csv = try CSV<Enumerated>(string: text, delimiter: .comma, loadColumns: false)
    } catch {
      throw FlopFilesError(file: file, line: nil, field: "", message: "not valid CSV: \(error)")
    }
    let header = csv.header.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
    var positions: [Column: Int] = [:]
    var used = Set<Int>()
    for column in Column.allCases {
      // By name; then ignoring case, spaces and punctuation, which spreadsheet round trips change.
      let position = header.firstIndex(of: column.rawValue)
        ?? header.firstIndex { squeezed($0) == squeezed(column.rawValue) }
      if let position, !used.contains(position) {
        positions[column] = position
        used.insert(position)
      }
    }
    guard positions[.model] != nil else {
      let shown = header.prefix(8).map { "'\($0)'" }.joined(separator: ", ")
      throw FlopFilesError(
        file: file, line: 1, field: "",
        message: "no 'Model' column: this is not an Epoch AI models CSV (header starts \(shown)); columns are read by Epoch's names, e.g. 'Model', 'Training compute (FLOP)'")
    }
    let inputs: [Column] = [.trainingCompute, .parameters, .hardware, .finetuneCompute]
    guard inputs.contains(where: { positions[$0] != nil }) else {
      throw FlopFilesError(
        file: file, line: 1, field: "",
        message: "none of the columns \(inputs.map { "'\($0.rawValue)'" }.joined(separator: ", ")) is present: nothing to import (renamed? Epoch's names are expected)")
    }
    var rows: [Row] = []
    var rejected: [Rejection] = []
    for (index, cells) in csv.rows.enumerated() {
      let number = index + 2
      if cells.allSatisfy({ $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }) { continue }
      do {
        rows.append(try readRow(cells, row: number, positions: positions))
      } catch {
        rejected.append(Rejection(row: number, reason: error.message))
      }
    }
    return EpochCSV(
      rows: rows, rejected: rejected,
      unusedColumns: header.indices.filter { !used.contains($0) && !header[$0].isEmpty }.map { header[$0] },
      missingColumns: Column.allCases.filter { positions[$0] == nil })
  }

  struct CellError: Error { var message: String }

  static func readRow(_ cells: [String], row: Int, positions: [Column: Int]) throws(CellError) -> Row {
    func cell(_ column: Column) -> String? {
      guard let position = positions[column], position < cells.count else { return nil }
      let text = cells[position].trimmingCharacters(in: .whitespacesAndNewlines)
      return text.isEmpty ? nil : text
    }
    func fail(_ column: Column, _ text: String, _ expected: String) -> CellError {
      let shown = text.count > 40 ? String(text.prefix(40)) + "…" : text
      return CellError(message: "column '\(column.rawValue)': '\(shown)' is not \(expected)")
    }
    func number(_ column: Column) throws(CellError) -> Double? {
      guard let text = cell(column) else { return nil }
      guard text.utf8.allSatisfy({ byte in (byte >= 48 && byte <= 57) || byte == 46 || byte == 101 || byte == 69 || byte == 43 || byte == 45 }),
        let value = Double(text), value.isFinite, value > 0
      else {
        throw fail(column, text, "a plain positive number (Epoch writes e.g. 3.14e+23; remove units, '~' and thousands separators)")
      }
      return value
    }
    func fraction(_ column: Column) throws(CellError) -> Double? {
      guard let value = try number(column) else { return nil }
      guard value <= 1 else { throw fail(column, cell(column) ?? "", "a fraction in (0, 1] (Epoch writes 46.2% as 0.462)") }
      return value
    }
    func list(_ column: Column) -> [String] {
      (cell(column) ?? "").split(separator: ",").map { String($0).trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }
    guard let model = cell(.model) else { throw CellError(message: "column 'Model': empty") }
    guard !model.contains("\0") else { throw CellError(message: "column 'Model': contains a NUL character") }
    var date: CalendarDate?
    if let text = cell(.publicationDate) {
      guard let parsed = CalendarDate(String(text.prefix(10))), text.count == 10 || text.dropFirst(10).first == " " || text.dropFirst(10).first == "T" else {
        throw fail(.publicationDate, text, "a date (YYYY-MM-DD)")
      }
      date = parsed
    }
    var precision: Precision?
    var unknownFormat: String?
    if let text = cell(.numericalFormat) {
      if let parsed = Precision(name: text) { precision = parsed } else { unknownFormat = text }
    }
    let result = Row(
      row: row, model: model.replacingOccurrences(of: "\n", with: " ").trimmingCharacters(in: .whitespacesAndNewlines),
      organization: list(.organization).isEmpty ? nil : list(.organization).joined(separator: ", "),
      publicationDate: date, domains: list(.domain), parameters: try number(.parameters),
      trainingCompute: try number(.trainingCompute), computeLow: try number(.computeLow), computeHigh: try number(.computeHigh),
      datasetSize: try number(.datasetSize), hardware: list(.hardware), hardwareQuantity: try number(.hardwareQuantity),
      trainingHours: try number(.trainingHours), chipHours: try number(.chipHours), mfu: try fraction(.mfu), hfu: try fraction(.hfu),
      precision: precision, unknownFormat: unknownFormat, baseModel: cell(.baseModel),
      finetuneCompute: try number(.finetuneCompute), confidence: cell(.confidence), link: cell(.link))
    if let low = result.computeLow, let central = result.trainingCompute, low > central {
      throw CellError(message: "column '\(Column.computeLow.rawValue)': \(low) is above the training compute \(central)")
    }
    if let high = result.computeHigh, let central = result.trainingCompute, high < central {
      throw CellError(message: "column '\(Column.computeHigh.rawValue)': \(high) is below the training compute \(central)")
    }
    return result
  }

  static func squeezed(_ text: String) -> String {
    String(text.lowercased().unicodeScalars.filter { ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9") })
  }
}
