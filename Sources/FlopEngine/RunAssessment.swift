import FlopCore
import FlopFiles
import FlopRegistry
import FlopRules

/// A run document with everything the registry stores about it: the estimate and the check.
public struct RunAssessment: Sendable {
  public var run: Run
  /// The document exactly as given (YAML or JSON text).
  public var document: String
  public var sha256: String
  public var estimate: RunEstimate
  public var results: [RuleResult]
  /// The day the rules were checked as of, and the threshold set's fingerprint: recorded in the
  /// audit log with the verdict, as its provenance.
  public var asOf: CalendarDate
  public var thresholdsFingerprint: String

  public var id: String { run.id ?? "" }
}

/// Estimates and checks runs for the registry with one catalogue and threshold set.
public struct RunAssessor: Sendable {
  public var estimator: Estimator
  public var thresholds: ThresholdSet {
    didSet { thresholdsFingerprint = thresholds.fingerprint }
  }
  public var asOf: CalendarDate
  /// The statuses column's keys for `thresholds`, for `RunRow`.
  public private(set) var statusesLayout: StatusesLayout
  /// `thresholds.fingerprint`, worked out once (an import records it with every run).
  public private(set) var thresholdsFingerprint: String

  public init(catalogue: AcceleratorCatalogue, thresholds: ThresholdSet, asOf: CalendarDate) {
    self.estimator = Estimator(catalogue: catalogue)
    self.thresholds = thresholds
    self.asOf = asOf
    self.statusesLayout = StatusesLayout(thresholds)
    self.thresholdsFingerprint = thresholds.fingerprint
  }

  /// A copy that shares no heap storage with this one, for a worker thread of a bulk import.
  ///
  /// Copies of a value share its strings and arrays, so every thread checking the same rules
  /// retained and released the same objects, and the cores spent their time passing those
  /// reference counts back and forth. The threshold set and catalogue are rebuilt from their
  /// binary form (`encoded()`, as the parsed-file cache stores them), which allocates afresh.
  public func independentCopy() -> RunAssessor {
    var copy = self
    copy.thresholds.regimes = thresholds.regimes.map { loaded in
      var fresh = loaded
      if let regime = try? Regime(encoded: loaded.regime.encoded()) { fresh.regime = regime }
      return fresh
    }
    if let catalogue = try? AcceleratorCatalogue(encoded: estimator.catalogue.encoded()) {
      copy.estimator.catalogue = catalogue
    }
    copy.statusesLayout = StatusesLayout(copy.thresholds)
    return copy
  }

  /// Estimates a run and checks it against the rules in force on `asOf` (every regime, or only
  /// `regimes`): the one assessment that `check`, the reports and the registry all start from.
  /// Estimation errors are located in the document (file, line, field).
  public func check(
    _ document: RunDocument, run: Run? = nil, regimes: Set<String> = [], knownDates: [String: KnownDate] = [:]
  ) throws -> (estimate: RunEstimate, results: [RuleResult]) {
    let run = run ?? document.run
    let estimator = self.estimator
    let estimate: RunEstimate
    do { estimate = try estimator.estimate(run) } catch { throw document.locate(error) }
    let results = RuleEvaluator(run: run, estimate: estimate, asOf: asOf, knownDates: knownDates)
      .check(thresholds, regimes: regimes)
    return (estimate, results)
  }

  /// Assesses a parsed document. `baseFLOP` fills in a registry base run's cumulative compute.
  public func assess(
    _ document: RunDocument, baseFLOP: FLOPInterval? = nil, knownDates: [String: KnownDate] = [:]
  ) throws -> RunAssessment {
    var run = document.run
    guard run.id != nil else {
      throw FlopFilesError(file: document.file, line: nil, field: "id", message: "the registry needs an id for every run")
    }
    if var base = run.baseModel, base.trainingFLOP == nil, let baseFLOP {
      base.trainingFLOP = baseFLOP.central
      base.trainingFLOPBounds = baseFLOP.low...baseFLOP.high
      run.baseModel = base
    }
    let (estimate, results) = try check(document, run: run, knownDates: knownDates)
    return RunAssessment(
      run: run, document: document.text, sha256: FileDigest.sha256(document.text), estimate: estimate, results: results,
      asOf: asOf, thresholdsFingerprint: thresholdsFingerprint)
  }
}

extension Registry {
  /// Assesses a document, filling a registered base run's cumulative compute when the file gives none.
  public func assess(_ document: RunDocument, with assessor: RunAssessor) throws -> RunAssessment {
    var baseFLOP: FLOPInterval?
    if let base = document.run.baseModel?.run {
      guard let found = try cumulativeFLOP(of: base) else {
        throw FlopFilesError(
          file: document.file, line: document.line(for: "base_model.run"), field: "base_model.run",
          message: "'\(base)' is not in the registry (register the base run first, or give base_model.name and training_flop for a model trained elsewhere)")
      }
      baseFLOP = found
    }
    let known = try document.run.id.map { try knownDates(of: $0) } ?? [:]
    return try assessor.assess(document, baseFLOP: baseFLOP, knownDates: known)
  }

  /// The first-known days recorded for a run, as the rules read them.
  public func knownDates(of id: String) throws -> [String: KnownDate] { Self.knownDates(try knownDays(of: id)) }

  static func knownDates(_ days: [String: CalendarDate]) -> [String: KnownDate] {
    days.mapValues { KnownDate(date: $0, basis: "\($0), when the registry first recorded the rule as met or may-be-met") }
  }
}
