import FlopCore
import FlopFiles
import FlopRegistry
import FlopRules

extension RunRow {
  /// The row of an assessment; `layout`, when it is the assessor's, writes the statuses column faster.
  public init(_ assessment: RunAssessment, layout: StatusesLayout? = nil) {
    let run = assessment.run
    let estimate = assessment.estimate
    self.init(
      id: assessment.id, name: run.name, status: (run.status ?? .planned).rawValue, developer: run.developer?.name,
      startDate: run.schedule?.start?.description, endDate: run.schedule?.end?.description, flop: estimate.flop,
      cumulative: estimate.cumulativeFLOP, method: estimate.method.rawValue, baseRun: run.baseModel?.run,
      baseName: run.baseModel?.name, baseFLOP: estimate.baseFLOP,
      statuses: layout?.statuses(assessment.results) ?? Self.statusesJSON(assessment.results),
      document: assessment.document, sha256: assessment.sha256, obligations: Self.obligationRows(assessment.results),
      asOf: assessment.asOf.description, thresholds: assessment.thresholdsFingerprint)
  }

  /// The obligations of met and may-be-met rules.
  static func obligationRows(_ results: [RuleResult]) -> [ObligationRow] {
    var rows: [ObligationRow] = []
    // By index: a result is large, and copying one to read three fields retained all of it.
    for index in results.indices where results[index].status == .met || results[index].status == .mayBeMet {
      for obligation in results[index].obligations {
        rows.append(
          ObligationRow(
            regime: results[index].regime, rule: results[index].rule, obligation: obligation.id, title: obligation.title,
            citation: obligation.citation, due: obligation.due?.description, basis: obligation.basis,
            conditional: obligation.conditional, knownOn: obligation.knownOn?.description))
      }
    }
    return rows
  }

  /// The statuses column, `{"regime/rule":"status",…}` with sorted keys.
  static func statusesJSON(_ results: [RuleResult]) -> String {
    var entries: [(key: String, status: String)] = []
    entries.reserveCapacity(results.count)
    for index in results.indices { entries.append((results[index].regime + "/" + results[index].rule, results[index].status.rawValue)) }
    entries.sort { $0.key < $1.key }
    var out = "{"
    for (index, entry) in entries.enumerated() {
      if index > 0 { out += "," }
      JSONText.quote(entry.key, into: &out)
      out += ":"
      JSONText.quote(entry.status, into: &out)
    }
    return out + "}"
  }
}
