import FlopCore
import FlopRules

/// The compute, time and energy parts of the Model Documentation Form and Annex XI §1(2)(d)–(e).
public enum ModelDocumentationReport {
  struct Data: Encodable, Sendable {
    struct TrainingTime: Encodable, Sendable { var band: String?; var days: Double?; var start: String?; var end: String?; var basis: String }
    struct Hardware: Encodable, Sendable { var chipHours: Double?; var hardwareDays: Double?; var accelerators: [String] }
    struct Energy: Encodable, Sendable { var mwh: Double?; var mwhTwoSignificantFigures: String?; var boardKwh: Double?; var pue: Double; var basis: String }
    var kind = "eu-model-documentation"
    var model: String
    var parameters: Double?
    var parametersTwoSignificantFigures: String?
    var activeParameters: Double?
    var isModification: Bool
    var trainingTime: TrainingTime
    var hardware: Hardware
    var compute: FLOPInterval
    var computeTwoSignificantFigures: String
    var energy: Energy
    var assumptions: [String]
    var provenance: ReportProvenance
  }

  /// The Form's training-time bands.
  static func band(days: Double) -> String {
    switch days {
    case ..<30: return "less than 1 month"
    case ..<90: return "1–3 months"
    case ..<180: return "3–6 months"
    default: return "more than 6 months"
    }
  }

  public static func build(_ input: RunReportInput, provenance: ReportProvenance, pue: Double) -> BuiltReport {
    let run = input.run
    let estimate = input.estimate
    var assumptions = estimate.assumptions
    var days: Double?
    var basis = "schedule.start and schedule.end"
    if let start = run.schedule?.start, let end = run.schedule?.end {
      days = Double(start.days(until: end))
    } else {
      let stageDays = run.stages.compactMap { stage -> Double? in
        switch stage.hardware?.duration {
        case .days(let d): return d
        case .hours(let h): return h / 24
        case .chipHours(let h): return stage.hardware?.count.map { h / $0 / 24 }
        case nil: return nil
        }
      }
      if !stageDays.isEmpty {
        days = stageDays.reduce(0, +)
        basis = "sum of the stages' hardware durations"
      } else {
        basis = "not known: give schedule.start and schedule.end, or hardware durations"
      }
    }
    let accelerators = run.stages.compactMap { $0.hardware.map { "\($0.accelerator)\($0.count.map { " × \(formatNumber($0))" } ?? "")" } }
    let mwh = estimate.energyKWh.map { $0 * pue / 1000 }
    if estimate.energyKWh != nil {
      assumptions.append("energy = chip-hours × typical board power (accelerator catalogue) × PUE \(formatNumber(pue)); host CPUs and network are in the PUE only")
    } else {
      assumptions.append("energy not estimated: the run gives no hardware")
    }
    let data = Data(
      model: run.displayName, parameters: run.model.parameters,
      parametersTwoSignificantFigures: run.model.parameters.map { formatScientific($0, significantFigures: 2) },
      activeParameters: run.model.activeParameters, isModification: run.baseModel != nil,
      trainingTime: .init(band: days.map(band), days: days, start: run.schedule?.start?.description, end: run.schedule?.end?.description, basis: basis),
      hardware: .init(chipHours: estimate.chipHours, hardwareDays: estimate.chipHours.map { $0 / 24 }, accelerators: accelerators),
      compute: estimate.flop, computeTwoSignificantFigures: formatFLOP(estimate.flop.central),
      energy: .init(mwh: mwh, mwhTwoSignificantFigures: mwh.map(ReportPieces.energy), boardKwh: estimate.energyKWh, pue: pue,
        basis: "chip-hours × board power × PUE"),
      assumptions: assumptions, provenance: provenance)
    let document = ReportDocument(
      title: "Model documentation — compute, time and energy: \(run.displayName)",
      subtitle: "Code of Practice Model Documentation Form and AI Act Annex XI, Section 1, point 2(d)–(e)",
      sections: [
        .init(title: "Model", fields: [
          .init("Parameters (two significant figures)", data.parametersTwoSignificantFigures ?? "TO BE COMPLETED: parameter count", placeholder: data.parametersTwoSignificantFigures == nil),
          .init("Active parameters", run.model.activeParameters.map { formatScientific($0, significantFigures: 2) } ?? "—"),
          .init("Modification of another GPAI model", run.baseModel.map { "yes: \($0.name ?? $0.run ?? "base model")" } ?? "no"),
        ]),
        .init(title: "Training time", fields: [
          .init("Band", data.trainingTime.band ?? "TO BE COMPLETED: training time", placeholder: data.trainingTime.band == nil),
          .init("Wall-clock days", days.map { formatNumber(($0 * 10).rounded() / 10) } ?? "—", note: basis),
          .init("Hardware-days (chip-days)", data.hardware.hardwareDays.map { formatScientific($0, significantFigures: 2) } ?? "—"),
          .init("Hardware", accelerators.isEmpty ? "—" : accelerators.joined(separator: "; ")),
        ]),
        .init(title: "Training compute", fields: [
          .init("Compute (two significant figures)", ReportPieces.flop(estimate.flop.central)),
          .init("90% interval", "\(formatFLOP(estimate.flop.low)) – \(formatFLOP(estimate.flop.high)) FLOP"),
          .init("Method", estimate.method.rawValue),
        ], tables: [ReportPieces.stageTable(estimate)], charts: [ReportPieces.intervalChart(input), ReportPieces.stageChart(input)]),
        .init(title: "Energy", fields: [
          .init("Energy (MWh, two significant figures)", data.energy.mwhTwoSignificantFigures ?? "TO BE COMPLETED: measured energy, or give hardware", placeholder: mwh == nil),
          .init("Board energy before PUE (MWh)", estimate.energyKWh.map { ReportPieces.energy($0 / 1000) } ?? "—"),
          .init("PUE", formatNumber(pue), note: "stated with --pue; measured facility values beat this default"),
        ]),
        .init(title: "Assumptions", bullets: assumptions),
        provenance.section,
      ])
    return BuiltReport(kind: .euModelDocumentation, json: data, document: document)
  }
}
