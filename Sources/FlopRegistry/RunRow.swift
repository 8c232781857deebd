import FlopFiles
import FlopCore

/// The values one version of a run writes to the registry, prepared ahead of the write.
///
/// A bulk import prepares rows on all cores and writes them on one connection: everything that
/// can be worked out before the transaction (the statuses column, the obligations, the audit
/// record's canonical text) is, so the single writer only binds and inserts.
public struct RunRow: Sendable {
  /// One obligation row.
  public struct ObligationRow: Sendable, Equatable {
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

    public init(
      regime: String, rule: String, obligation: String, title: String, citation: String?, due: String?, basis: String,
      conditional: Bool, knownOn: String?
    ) {
      self.regime = regime
      self.rule = rule
      self.obligation = obligation
      self.title = title
      self.citation = citation
      self.due = due
      self.basis = basis
      self.conditional = conditional
      self.knownOn = knownOn
    }
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

  /// A row from its values; the first version's audit record is written here, ahead of the write.
  public init(
    id: String, name: String?, status: String, developer: String?, startDate: String?, endDate: String?, flop: FLOPInterval,
    cumulative: FLOPInterval, method: String, baseRun: String?, baseName: String?, baseFLOP: Double?, statuses: String,
    document: String, sha256: String, obligations: [ObligationRow], asOf: String, thresholds: String
  ) {
    self.id = id
    self.name = name
    self.status = status
    self.developer = developer
    self.startDate = startDate
    self.endDate = endDate
    self.flop = flop
    self.cumulative = cumulative
    self.method = method
    self.baseRun = baseRun
    self.baseName = baseName
    self.baseFLOP = baseFLOP
    self.statuses = statuses
    self.document = document
    self.sha256 = sha256
    self.obligations = obligations
    self.asOf = asOf
    self.thresholds = thresholds
    firstRecord = ""
    firstRecord = recordText(version: 1, derived: DerivedState(newRow: self), assessed: false)
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
    JSONText.quote(id, into: &out)
    out += ",\"sha256\":"
    JSONText.quote(sha256, into: &out)
    out += ",\"status\":"
    JSONText.quote(status, into: &out)
    out += ",\"version\":"
    JSONValue.writeNumber(Double(version), into: &out)
    return out + "}"
  }

  /// `{"as_of":…,"thresholds":…}` in canonical text.
  var assessedText: String {
    var out = "{\"as_of\":"
    JSONText.quote(asOf, into: &out)
    out += ",\"thresholds\":"
    JSONText.quote(thresholds, into: &out)
    return out + "}"
  }
}
