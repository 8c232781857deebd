import FlopCore
import FlopRules

/// The EU AI Act Art. 52 notification pack (Guidelines para 32): who, when, how much, how estimated.
public enum EUNotificationReport {
  struct Data: Encodable, Sendable {
    struct Provider: Encodable, Sendable { var name: String?; var annualRevenueUsd: Double? }
    struct Model: Encodable, Sendable {
      var id: String?; var name: String?; var architecture: String; var parameters: Double?; var activeParameters: Double?
      var modalities: [String]
    }
    struct Threshold: Encodable, Sendable {
      var regime: String; var rule: String; var status: String; var threshold: Double?
      var metOrForeseenOn: String?; var notificationDue: String?; var basis: String?
    }
    struct Estimate: Encodable, Sendable {
      var flop: FLOPInterval; var flopTwoSignificantFigures: String; var method: String; var withinEuMargin: Bool
      var relativeLow: Double; var relativeHigh: Double; var stages: [Stage]; var assumptions: [String]; var warnings: [String]
    }
    struct Stage: Encodable, Sendable {
      var kind: String; var name: String?; var counted: Bool; var flop: FLOPInterval?; var method: String?; var inputs: [String: InputValue]
    }
    var kind = "eu-notification"
    var provider: Provider
    var model: Model
    var threshold: Threshold
    var estimate: Estimate
    var lineage: [LineageStep]
    var providerArguments: String
    var provenance: ReportProvenance
  }

  static let argumentsPlaceholder = "TO BE COMPLETED BY THE PROVIDER: optional arguments under Art. 52(2) that the model does not present systemic risk (benchmarks, scaling analyses, capabilities); mitigations are not valid grounds"

  public static func build(_ input: RunReportInput, provenance: ReportProvenance) -> BuiltReport {
    let run = input.run
    let estimate = input.estimate
    let rule = input.results.first { $0.regime == "eu-ai-act" && $0.rule == "systemic-risk-presumption" && ($0.status == .met || $0.status == .mayBeMet) }
      ?? input.results.first { $0.regime == "eu-ai-act" && $0.rule == "downstream-modification-systemic" && ($0.status == .met || $0.status == .mayBeMet) }
      ?? input.results.first { $0.regime == "eu-ai-act" && $0.rule == "systemic-risk-presumption" }
    let notification = rule?.obligations.first { $0.id == "art52-notification" }
    let foreseen = notification?.knownOn?.description
    let flop = estimate.cumulativeFLOP
    let stages = estimate.stages.map { stage in
      Data.Stage(
        kind: stage.kind.rawValue, name: stage.name, counted: stage.counted, flop: stage.flop, method: stage.method?.rawValue,
        inputs: (stage.estimates.first { $0.method == stage.method } ?? stage.estimates.first)?.inputs ?? [:])
    }
    let data = Data(
      provider: .init(name: run.developer?.name, annualRevenueUsd: run.developer?.annualRevenueUSD),
      model: .init(
        id: run.id, name: run.name, architecture: run.model.architecture.rawValue, parameters: run.model.parameters,
        activeParameters: run.model.activeParameters, modalities: run.model.modalities),
      threshold: .init(
        regime: rule?.regime ?? "eu-ai-act", rule: rule?.rule ?? "systemic-risk-presumption", status: rule?.status.rawValue ?? "not-evaluated",
        threshold: rule?.threshold, metOrForeseenOn: foreseen, notificationDue: notification?.due?.description, basis: notification?.basis),
      estimate: .init(
        flop: flop, flopTwoSignificantFigures: formatFLOP(flop.central), method: estimate.method.rawValue,
        withinEuMargin: estimate.withinEUMargin, relativeLow: flop.low / flop.central - 1, relativeHigh: flop.high / flop.central - 1,
        stages: stages, assumptions: estimate.assumptions, warnings: estimate.warnings),
      lineage: input.lineage, providerArguments: argumentsPlaceholder, provenance: provenance)

    let status = rule?.status ?? .notMet
    var summary = [String]()
    switch status {
    case .met: summary.append("The cumulative training compute exceeds the Art. 51(2) threshold of 10^25 FLOP: the model is presumed to be a general-purpose AI model with systemic risk, and the Commission must be notified within two weeks.")
    case .mayBeMet: summary.append("The threshold lies inside the estimate's 90% interval: the presumption may apply. Refine the estimate or notify.")
    default: summary.append("As of \(provenance.asOf) the threshold is not met (\(status.rawValue)); this pack records the estimate.")
    }
    let relativeText = "\(ReportPieces.percent(data.estimate.relativeLow)) / \(ReportPieces.percent(data.estimate.relativeHigh))"
    let intervalText = "\(formatFLOP(flop.low)) – \(formatFLOP(flop.high)) FLOP (" + relativeText + ")"
    let dueBasis: String? = (notification?.basis).map { "due date basis: " + $0 }
    let summarySection = ReportDocument.Section(title: "Summary", text: summary, fields: [
      .init("Status", "\(data.threshold.regime)/\(data.threshold.rule): \(data.threshold.status)"),
      .init("Threshold met or foreseeable on", foreseen ?? "—", note: dueBasis),
      .init("Notification due", notification?.due?.description ?? "—"),
    ])
    let providerName: String = run.developer?.name ?? "TO BE COMPLETED: provider name"
    let modelFields: [ReportDocument.Field] = [
      .init("Provider", providerName, placeholder: run.developer?.name == nil),
      .init("Model", "\(run.name ?? "—") (id \(run.id ?? "—"))"),
      .init("Architecture", run.model.architecture.rawValue),
      .init("Parameters", run.model.parameters.map { formatScientific($0, significantFigures: 2) } ?? "—"),
      .init("Active parameters", run.model.activeParameters.map { formatScientific($0, significantFigures: 2) } ?? "—"),
      .init("Output modalities", run.model.modalities.isEmpty ? "—" : run.model.modalities.joined(separator: ", ")),
    ]
    let marginText: String = estimate.withinEUMargin ? "yes" : "no — document why a tighter estimate is not possible"
    let estimateFields: [ReportDocument.Field] = [
      .init("Estimate (two significant figures)", ReportPieces.flop(flop.central)),
      .init("90% interval", intervalText),
      .init("Within the guidelines' 30% error margin", marginText),
      .init("Method", "\(estimate.method.rawValue) (all precisions counted equally; one multiply-add = 2 FLOP)"),
    ]
    let estimateSection = ReportDocument.Section(
      title: "Training compute estimate", fields: estimateFields, tables: [ReportPieces.stageTable(estimate)],
      charts: [ReportPieces.intervalChart(input), ReportPieces.stageChart(input)])
    let lineageRows: [[String]] = input.lineage.map { step in
      [step.name, step.ownFlop.map(formatFLOP) ?? "unknown", step.cumulativeFlop.map(formatFLOP) ?? "unknown"]
    }
    let assumptionBullets: [String] = estimate.assumptions + estimate.warnings.map { "Warning: " + $0 }
    let sections: [ReportDocument.Section] = [
      summarySection,
      .init(title: "Provider and model", fields: modelFields),
      estimateSection,
      .init(title: "Assumptions and approximations", bullets: assumptionBullets),
      .init(title: "Lineage", tables: [.init(header: ["model", "own compute", "cumulative compute"], rows: lineageRows)]),
      .init(title: "Provider's arguments (Art. 52(2))", fields: [.init("Arguments", argumentsPlaceholder, placeholder: true)]),
      provenance.section,
    ]
    let document = ReportDocument(
      title: "EU AI Act — Article 52 notification: \(run.displayName)",
      subtitle: "Notification that a general-purpose AI model meets the systemic-risk compute threshold (Art. 51(2), Art. 52(1); Commission Guidelines para 32)",
      sections: sections)
    return BuiltReport(kind: .euNotification, json: data, document: document)
  }
}
