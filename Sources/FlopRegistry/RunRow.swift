import FlopCore
import FlopRules

/// The values one version of a run writes to the registry, prepared ahead of the write.
///
/// A bulk import prepares rows on all cores and writes them on one connection: everything that
/// can be worked out before the transaction (the statuses column, the obligations, the audit
/// record's canonical text) is, so the single writer only binds and inserts.
public struct RunRow: Sendable {
  /// One obligation row.
  public struct ObligationRow: Sendable {
    public var regime: String
    public var rule: String
    public var obligation: String
    public var title: String
    public var citation: String?
    public var due: String?
    public var basis: String
    public var conditional: Bool
    /// For a clock that runs from knowledge: the day the rule became known to be met.
    public var knownOn: String?
  }

  public var id: String
  public var name: String?
  public var status: String
  public var developer: String?
  public var startDate: String?
  public var endDate: String?
  public var flop: FLOPInterval
  public var cumulative: FLOPInterval
  public var method: String
  public var baseRun: String?
  public var baseName: String?
  public var baseFLOP: Double?
  /// The statuses column: `{"regime/rule":"status",…}` with sorted keys.
  public var statuses: String
  public var document: String
  public var sha256: String
  public var obligations: [ObligationRow]
  /// The assessment's day and threshold set (`ThresholdSet.fingerprint`), recorded as provenance.
  public var asOf: String
  public var thresholds: String
  /// The audit record of the first version, written ahead for imports: without `assessed`, which
  /// an import records once for its batch (`Registry.importBatch`).
  public var firstRecord: String

  /// The row of an assessment; `layout`, when it is the assessor's, writes the statuses column faster.
  public init(_ assessment: RunAssessment, layout: StatusesLayout? = nil) {
    let run = assessment.run
    let estimate = assessment.estimate
    id = assessment.id
    name = run.name
    status = (run.status ?? .planned).rawValue
    developer = run.developer?.name
    startDate = run.schedule?.start?.description
    endDate = run.schedule?.end?.description
    flop = estimate.flop
    cumulative = estimate.cumulativeFLOP
    method = estimate.method.rawValue
    baseRun = run.baseModel?.run
    baseName = run.baseModel?.name
    baseFLOP = estimate.baseFLOP
    statuses = layout?.statuses(assessment.results) ?? Self.statusesJSON(assessment.results)
    document = assessment.document
    sha256 = assessment.sha256
    obligations = Self.obligationRows(assessment.results)
    asOf = assessment.asOf.description
    thresholds = assessment.thresholdsFingerprint
    firstRecord = ""
    firstRecord = recordText(version: 1, derived: DerivedState(newRow: self), assessed: false)
  }

  /// The obligations of met and may-be-met rules.
  static func obligationRows(_ results: [RuleResult]) -> [ObligationRow] {
    var rows: [ObligationRow] = []
    for result in results where result.status == .met || result.status == .mayBeMet {
      for obligation in result.obligations {
        rows.append(
          ObligationRow(
            regime: result.regime, rule: result.rule, obligation: obligation.id, title: obligation.title,
            citation: obligation.citation, due: obligation.due?.description, basis: obligation.basis,
            conditional: obligation.conditional, knownOn: obligation.knownOn?.description))
      }
    }
    return rows
  }

  /// The audit record of this row stored as `version`: the canonical text (`JSONValue.canonical`)
  /// of `{"assessed":{"as_of","thresholds"},"derived":{…},"figures":{…},"id","sha256","status","version"}`,
  /// written directly because an import writes one per run. The figures are the typed columns and
  /// `derived` digests the statuses and obligations as written, so `verify` can check them.
  func recordText(version: Int, derived: DerivedState, assessed: Bool = true) -> String {
    var out = ""
    out.reserveCapacity(560)
    if assessed {
      out += "{\"assessed\":" + assessedText + ",\"derived\":" + derived.canonical
    } else {
      out += "{\"derived\":" + derived.canonical
    }
    out += ",\"figures\":{\"cumulative_central\":"
    JSONValue.writeNumber(cumulative.central, into: &out)
    out += ",\"cumulative_high\":"
    JSONValue.writeNumber(cumulative.high, into: &out)
    out += ",\"cumulative_low\":"
    JSONValue.writeNumber(cumulative.low, into: &out)
    out += ",\"flop_central\":"
    JSONValue.writeNumber(flop.central, into: &out)
    out += ",\"flop_high\":"
    JSONValue.writeNumber(flop.high, into: &out)
    out += ",\"flop_low\":"
    JSONValue.writeNumber(flop.low, into: &out)
    out += "},\"id\":"
    JSONValue.quote(id, into: &out)
    out += ",\"sha256\":"
    JSONValue.quote(sha256, into: &out)
    out += ",\"status\":"
    JSONValue.quote(status, into: &out)
    out += ",\"version\":"
    JSONValue.writeNumber(Double(version), into: &out)
    return out + "}"
  }

  /// `{"as_of":…,"thresholds":…}` in canonical text.
  var assessedText: String {
    var out = "{\"as_of\":"
    JSONValue.quote(asOf, into: &out)
    out += ",\"thresholds\":"
    JSONValue.quote(thresholds, into: &out)
    return out + "}"
  }

  static func statusesJSON(_ results: [RuleResult]) -> String {
    var entries: [(key: String, status: String)] = []
    entries.reserveCapacity(results.count)
    for result in results { entries.append((result.regime + "/" + result.rule, result.status.rawValue)) }
    entries.sort { $0.key < $1.key }
    var out = "{"
    for (index, entry) in entries.enumerated() {
      if index > 0 { out += "," }
      JSONValue.quote(entry.key, into: &out)
      out += ":"
      JSONValue.quote(entry.status, into: &out)
    }
    return out + "}"
  }
}
