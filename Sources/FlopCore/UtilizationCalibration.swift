/// Utilization distributions fitted from a lab's completed runs, per accelerator and precision
/// (and per tag value, such as a cluster), stored as one numbered version in the registry.
///
/// The hardware method uses a matching fit instead of the catalogue's default prior when it has
/// at least `minimumRuns` runs; a tag-specific fit wins over the accelerator-wide one.
public struct UtilizationCalibration: Sendable, Hashable, Codable {
  /// Which runs a fit describes.
  public struct Scope: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// Catalogue id.
    public var accelerator: String
    public var precision: Precision
    /// A run tag the fit is limited to (`cluster`), with its value; nil for every run.
    public var tagKey: String?
    public var tagValue: String?

    public init(accelerator: String, precision: Precision, tagKey: String? = nil, tagValue: String? = nil) {
      self.accelerator = accelerator
      self.precision = precision
      self.tagKey = tagKey
      self.tagValue = tagValue
    }

    public var description: String {
      var text = "\(accelerator) \(precision.rawValue)"
      if let tagKey, let tagValue { text += " \(tagKey)=\(tagValue)" }
      return text
    }

    public static func < (a: Scope, b: Scope) -> Bool {
      (a.accelerator, a.precision.rawValue, a.tagKey ?? "", a.tagValue ?? "") < (b.accelerator, b.precision.rawValue, b.tagKey ?? "", b.tagValue ?? "")
    }
  }

  /// One run's implied utilization, as the fit used it.
  public struct Sample: Sendable, Hashable, Codable {
    public var run: String
    public var stage: Int
    public var utilization: Double
    /// What the compute figure was: `declared` or `parameters` (k·N·D).
    public var reference: String
    public init(run: String, stage: Int, utilization: Double, reference: String) {
      self.run = run
      self.stage = stage
      self.utilization = utilization
      self.reference = reference
    }
  }

  /// One scope's fit and the runs behind it.
  public struct Entry: Sendable, Hashable, Codable {
    public var scope: Scope
    public var fit: UtilizationFit
    public var samples: [Sample]
    public init(scope: Scope, fit: UtilizationFit, samples: [Sample]) {
      self.scope = scope
      self.fit = fit
      self.samples = samples
    }
  }

  /// Fewer matching runs than this and the catalogue's default is used.
  public static let minimumRuns = 3

  /// The registry's version number (1, 2, …); 0 before it is stored.
  public var version: Int
  /// When it was made (ISO 8601).
  public var created: String
  /// SHA-256 of the stored body, for provenance; empty before it is stored.
  public var sha256: String
  public var entries: [Entry]

  public init(version: Int = 0, created: String, sha256: String = "", entries: [Entry]) {
    self.version = version
    self.created = created
    self.sha256 = sha256
    self.entries = entries.sorted { $0.scope < $1.scope }
  }

  /// The fit that applies to a stage on `accelerator` at `precision` of a run with `tags`: the
  /// tag-specific one if any of the run's tags has one, else the accelerator-wide one.
  public func entry(accelerator: String, precision: Precision, tags: [String: String]) -> Entry? {
    let candidates = entries.filter { $0.scope.accelerator == accelerator && $0.scope.precision == precision }
    if let tagged = candidates.first(where: { entry in
      guard let key = entry.scope.tagKey, let value = entry.scope.tagValue else { return false }
      return tags[key] == value
    }) {
      return tagged
    }
    return candidates.first { $0.scope.tagKey == nil }
  }

  /// The prior to use in place of the catalogue's, or nil (with the reason) when the matching
  /// fit has too few runs or there is none.
  public func prior(accelerator: String, precision: Precision, tags: [String: String]) -> AcceleratorCatalogue.UtilizationPrior? {
    guard let entry = entry(accelerator: accelerator, precision: precision, tags: tags), entry.fit.runs >= Self.minimumRuns else {
      return nil
    }
    return AcceleratorCatalogue.UtilizationPrior(
      central: entry.fit.median, low: entry.fit.low, high: entry.fit.high,
      basis: "calibrated from \(entry.fit.runs) completed runs on \(entry.scope), calibration v\(version)")
  }

  /// Provenance for results that used this calibration.
  public var provenance: Provenance {
    Provenance(file: "registry calibration", id: "utilization-calibration", version: "\(version)", sha256: sha256)
  }
}
