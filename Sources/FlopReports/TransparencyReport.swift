import FlopCore
import FlopRules

/// The transparency report California SB 53 (§22757.12(c)) and New York's RAISE Act (§1421) ask
/// of every frontier developer, with what FlopWatch knows filled in and the rest marked.
public enum TransparencyReport {
  struct Data: Encodable, Sendable {
    struct Applies: Encodable, Sendable { var regime: String; var rule: String; var status: String }
    struct Field: Encodable, Sendable { var id: String; var label: String; var citation: String; var value: String?; var placeholder: Bool }
    var kind = "transparency-report"
    var model: String
    var developer: String?
    var applies: [Applies]
    var largeFrontierDeveloper: Bool
    var fields: [Field]
    var provenance: ReportProvenance
  }

  public static func build(_ input: RunReportInput, provenance: ReportProvenance) -> BuiltReport {
    let run = input.run
    let relevant = input.results.filter { ["us-ca-sb53", "us-ny-raise"].contains($0.regime) }
    let large = relevant.contains { $0.rule == "large-frontier-developer" && ($0.status == .met || $0.status == .mayBeMet) }
    func field(_ id: String, _ label: String, _ citation: String, _ value: String?) -> Data.Field {
      Data.Field(id: id, label: label, citation: citation, value: value, placeholder: value == nil)
    }
    var fields = [
      field("website", "Developer's website", "SB 53 §22757.12(c)(1)(A)", nil),
      field("contact", "Mechanism to communicate with the developer", "§22757.12(c)(1)(B)", nil),
      field("release-date", "Release date", "§22757.12(c)(1)(C)", run.schedule?.release?.description),
      field("languages", "Languages supported", "§22757.12(c)(1)(D)", nil),
      field("modalities", "Output modalities", "§22757.12(c)(1)(E)", run.model.modalities.isEmpty ? nil : run.model.modalities.joined(separator: ", ")),
      field("intended-uses", "Intended uses", "§22757.12(c)(1)(F)", nil),
      field("restrictions", "Generally applicable restrictions or conditions on use", "§22757.12(c)(1)(G)", nil),
    ]
    if large {
      fields += [
        field("risk-assessments", "Summary of catastrophic-risk assessments under the frontier AI framework", "§22757.12(c)(2)(A)", nil),
        field("risk-results", "Results of those assessments", "§22757.12(c)(2)(B)", nil),
        field("third-parties", "Extent of third-party evaluators' involvement", "§22757.12(c)(2)(C)", nil),
        field("other-steps", "Other steps taken to fulfil the framework", "§22757.12(c)(2)(D)", nil),
      ]
    }
    let data = Data(
      model: run.displayName, developer: run.developer?.name,
      applies: relevant.map { .init(regime: $0.regime, rule: $0.rule, status: $0.status.rawValue) },
      largeFrontierDeveloper: large, fields: fields, provenance: provenance)
    let met = relevant.filter { $0.status == .met || $0.status == .mayBeMet }
    let intro = met.isEmpty
      ? "As of \(provenance.asOf) no transparency-report rule is met for this run (statuses below); this draft is for planning."
      : "Publish before or together with deploying the new or substantially modified frontier model; a system or model card that contains these fields counts (§22757.12(c)). Redactions need a stated reason and an unredacted copy kept five years."
    let document = ReportDocument(
      title: "Frontier model transparency report: \(run.displayName)",
      subtitle: "California SB 53 (Bus. & Prof. Code §22757.12(c)) and New York RAISE Act (GBL §1421)",
      sections: [
        .init(title: "Which rules apply", text: [intro], tables: [.init(
          header: ["rule", "status", "reason"], rows: relevant.map { ["\($0.regime)/\($0.rule)", $0.status.rawValue, $0.reason] })]),
        .init(title: "Report", fields: [.init("Developer", run.developer?.name ?? "TO BE COMPLETED: developer", placeholder: run.developer?.name == nil)]
          + fields.map { .init($0.label, $0.value ?? "TO BE COMPLETED (\($0.citation))", placeholder: $0.placeholder, note: $0.citation) }),
        .init(title: "Training compute (for reference)", fields: [
          .init("Cumulative training compute", ReportPieces.flop(input.estimate.cumulativeFLOP.central)),
          .init("90% interval", "\(formatFLOP(input.estimate.cumulativeFLOP.low)) – \(formatFLOP(input.estimate.cumulativeFLOP.high)) FLOP"),
        ], charts: [ReportPieces.intervalChart(input)]),
        provenance.section,
      ])
    return BuiltReport(kind: .transparencyReport, json: data, document: document)
  }
}
