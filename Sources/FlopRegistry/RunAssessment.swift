import FlopCore
import FlopFiles
import FlopRules

/// A run document with everything the registry stores about it: the estimate and the check.
public struct RunAssessment: Sendable {
  public var run: Run
  /// The document exactly as given (YAML or JSON text).
  public var document: String
  public var sha256: String
  public var estimate: RunEstimate
  public var results: [RuleResult]

  public var id: String { run.id ?? "" }
}

/// Estimates and checks runs for the registry with one catalogue and threshold set.
public struct RunAssessor: Sendable {
  public var estimator: Estimator
  /// The same estimator without explanatory text, for `assess(explain: false)`.
  var quietEstimator: Estimator
  public var thresholds: ThresholdSet
  public var asOf: CalendarDate
  /// The statuses column's keys for `thresholds`, for `RunRow`.
  public let statusesLayout: StatusesLayout

  public init(catalogue: AcceleratorCatalogue, thresholds: ThresholdSet, asOf: CalendarDate) {
    self.estimator = Estimator(catalogue: catalogue)
    self.quietEstimator = Estimator(catalogue: catalogue, explains: false)
    self.thresholds = thresholds
    self.asOf = asOf
    self.statusesLayout = StatusesLayout(thresholds)
  }

  /// Assesses a parsed document. `baseFLOP` fills in a registry base run's cumulative compute.
  /// With `explain` false the rule results carry no reason or note text (the registry stores
  /// statuses and obligations only; see `RuleEvaluator.check`).
  public func assess(_ document: RunDocument, baseFLOP: Double? = nil, explain: Bool = true) throws -> RunAssessment {
    var run = document.run
    guard let id = run.id else {
      throw FlopFilesError(file: document.file, line: nil, field: "id", message: "the registry needs an id for every run")
    }
    _ = id
    if var base = run.baseModel, base.trainingFLOP == nil, let baseFLOP {
      base.trainingFLOP = baseFLOP
      run.baseModel = base
    }
    let estimate: RunEstimate
    do { estimate = try (explain ? estimator : quietEstimator).estimate(run) } catch { throw document.locate(error) }
    let results = RuleEvaluator(run: run, estimate: estimate, asOf: asOf).check(thresholds, explain: explain)
    return RunAssessment(
      run: run, document: document.text, sha256: FileDigest.sha256(document.text), estimate: estimate, results: results)
  }
}

extension Registry {
  /// Assesses a document, filling a registered base run's cumulative compute when the file gives none.
  public func assess(_ document: RunDocument, with assessor: RunAssessor) throws -> RunAssessment {
    let baseFLOP = try document.run.baseModel?.run.flatMap { try cumulativeFLOP(of: $0) }
    return try assessor.assess(document, baseFLOP: baseFLOP)
  }
}
