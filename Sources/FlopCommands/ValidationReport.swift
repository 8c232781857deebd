import FlopCore
import FlopEngine
import FlopFiles
import Foundation

/// Per-row and summary accuracy of the estimator on a dataset.
struct ValidationReport: Encodable {
  struct Entry: Encodable {
    var name: String
    var line: Int
    var estimate: FLOPInterval
    var reference: Double
    var referenceKind: String
    var errorLog10: Double
    var covered: Bool
    var widthRatio: Double
  }

  struct Summary: Encodable {
    var rows: Int
    var medianError: Double?
    var meanError: Double?
    var maxError: Double?
    var covered: Int
    var medianWidthRatio: Double?
  }

  struct Section: Encodable {
    var entries: [Entry]
    var skipped: [String]
    var summary: Summary
  }

  var dataset: Int
  var parameters: Section
  var hardware: Section
  /// Epoch datasets: the hardware method with the utilization Epoch records (often backed out of
  /// Epoch's own figure, so partly circular: shown apart from the default-prior section).
  var hardwareStatedUtilization: Section?
  var provenance: [Provenance]

  static func build(_ data: ValidationDataset, catalogue: AcceleratorCatalogue, provenance: Provenance) throws -> ValidationReport {
    var parameterEntries: [Entry] = []
    var hardwareEntries: [Entry] = []
    var parameterSkipped: [String] = []
    var hardwareSkipped: [String] = []
    for row in data.rows {
      let model = ModelSpec(architecture: row.architecture, parameters: row.parameters, activeParameters: row.activeParameters)
      if let n = model.parametersPerToken, let d = row.tokens {
        let estimate = ParametersMethod.estimate(architecture: row.architecture, parametersPerToken: n, tokens: d)
        parameterEntries.append(entry(row, estimate.flop))
      } else {
        parameterSkipped.append(row.name)
      }
      if let spec = row.hardware {
        do {
          let result = try HardwareMethod.estimate(spec, catalogue: catalogue, field: "line \(row.line)")
          hardwareEntries.append(entry(row, result.estimate.flop))
        } catch {
          throw CommandError("\(row.name) (line \(row.line)): \(error)")
        }
      } else {
        hardwareSkipped.append(row.name)
      }
    }
    return ValidationReport(
      dataset: data.rows.count,
      parameters: Section(entries: parameterEntries, skipped: parameterSkipped, summary: summarize(parameterEntries)),
      hardware: Section(entries: hardwareEntries, skipped: hardwareSkipped, summary: summarize(hardwareEntries)),
      provenance: [provenance])
  }

  static func entry(_ row: ValidationDataset.Row, _ flop: FLOPInterval) -> Entry {
    entry(name: row.name, line: row.line, flop, reference: row.referenceFLOP, kind: row.referenceKind)
  }

  static func entry(name: String, line: Int, _ flop: FLOPInterval, reference: Double, kind: String) -> Entry {
    Entry(
      name: name, line: line, estimate: flop, reference: reference, referenceKind: kind,
      errorLog10: abs(log10(flop.central / reference)), covered: flop.contains(reference), widthRatio: flop.widthRatio)
  }

  /// An Epoch AI CSV: every row with Epoch's training compute and the inputs of a method.
  /// Fine-tunes are left out (Epoch's figure includes the base, their inputs describe the fine-tune).
  static func build(epoch csv: EpochCSV, catalogue: AcceleratorCatalogue, provenance: Provenance) throws -> ValidationReport {
    let mapping = EpochMapping(catalogue: catalogue)
    var parameters: [Entry] = []
    var hardware: [Entry] = []
    var stated: [Entry] = []
    var parameterSkipped: [String] = []
    var hardwareSkipped: [String] = []
    for row in csv.rows {
      guard let reference = row.trainingCompute, row.baseModel == nil else { continue }
      let kind = row.confidence.map { "epoch (\($0))" } ?? "epoch"
      if row.isLanguage, let n = row.parameters, let d = row.datasetSize {
        let estimate = ParametersMethod.estimate(architecture: .dense, parametersPerToken: n, tokens: d)
        parameters.append(entry(name: row.model, line: row.row, estimate.flop, reference: reference, kind: kind))
      } else {
        parameterSkipped.append(row.model)
      }
      guard case (let accelerator?, _) = mapping.accelerator(of: row), let recorded = mapping.hardwareSpec(of: row, accelerator: accelerator) else {
        hardwareSkipped.append(row.model)
        continue
      }
      var spec = recorded
      spec.utilization = nil
      spec.utilizationBasis = .mfu
      do {
        let prior = try HardwareMethod.estimate(spec, catalogue: catalogue, field: "row \(row.row)")
        hardware.append(entry(name: row.model, line: row.row, prior.estimate.flop, reference: reference, kind: kind))
        if recorded.utilization != nil {
          let given = try HardwareMethod.estimate(recorded, catalogue: catalogue, field: "row \(row.row)")
          stated.append(entry(name: row.model, line: row.row, given.estimate.flop, reference: reference, kind: kind))
        }
      } catch {
        throw CommandError("\(row.model) (row \(row.row)): \(error)")
      }
    }
    return ValidationReport(
      dataset: csv.rows.count,
      parameters: Section(entries: parameters, skipped: parameterSkipped, summary: summarize(parameters)),
      hardware: Section(entries: hardware, skipped: hardwareSkipped, summary: summarize(hardware)),
      hardwareStatedUtilization: Section(entries: stated, skipped: [], summary: summarize(stated)),
      provenance: [provenance])
  }

  static func summarize(_ entries: [Entry]) -> Summary {
    let errors = entries.map(\.errorLog10)
    return Summary(
      rows: entries.count, medianError: Statistics.median(errors), meanError: errors.isEmpty ? nil : errors.reduce(0, +) / Double(errors.count),
      maxError: errors.max(), covered: entries.filter(\.covered).count, medianWidthRatio: Statistics.median(entries.map(\.widthRatio)))
  }


  func text() -> String {
    var lines: [String] = []
    var sections = [("Parameter rows (k·N·D)", parameters), ("Hardware rows (chips × time × peak × utilization)", hardware)]
    if let hardwareStatedUtilization {
      sections[1].0 = "Hardware rows, default utilization prior (chips × time × peak × prior)"
      sections.append(("Hardware rows, utilization as the dataset records it (partly circular: often backed out of the figure)", hardwareStatedUtilization))
    }
    for (title, section) in sections {
      lines.append(title)
      let rows = section.entries.map { e in
        [
          e.name, formatFLOP(e.estimate.central), "\(formatFLOP(e.estimate.low))–\(formatFLOP(e.estimate.high))",
          formatFLOP(e.reference), String(format: "%.3f", e.errorLog10), e.covered ? "yes" : "NO",
          String(format: "%.2f×", e.widthRatio),
        ]
      }
      lines.append(contentsOf: TextTable.render(
        header: ["model", "estimate", "90% interval", "reference", "|log10 err|", "covered", "width"], rows: rows))
      let s = section.summary
      if s.rows > 0 {
        lines.append(String(
          format: "  Summary: %d rows; median error %.4f, mean %.4f, max %.4f (log10); interval covers %d/%d; median width %.2f×",
          s.rows, s.medianError ?? 0, s.meanError ?? 0, s.maxError ?? 0, s.covered, s.rows, s.medianWidthRatio ?? 0))
      } else {
        lines.append("  Summary: no rows with these inputs")
      }
      if !section.skipped.isEmpty {
        lines.append("  Skipped (inputs missing): \(section.skipped.count > 12 ? "\(section.skipped.count) rows" : section.skipped.joined(separator: ", "))")
      }
      lines.append("")
    }
    lines.append("Catalogue: " + provenance.map(\.summary).joined(separator: "; "))
    return lines.joined(separator: "\n") + "\n"
  }
}
