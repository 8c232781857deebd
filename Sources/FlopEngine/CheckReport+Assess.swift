import FlopCore
import FlopFiles
import FlopRules

extension CheckReport {
  /// Estimates a run and checks it against the rules in force on `asOf` (every regime, or only
  /// `regimes`), stating the threshold files and catalogue used: what `flopwatch check` and the
  /// server's stateless `POST /check` both answer. Nothing is stored.
  public static func assess(
    _ document: RunDocument, thresholds set: ThresholdSet, catalogue: LoadedCatalogue, asOf: CalendarDate, regimes: Set<String> = [],
    calibration: UtilizationCalibration? = nil
  ) throws -> CheckReport {
    var assessor = RunAssessor(catalogue: catalogue.catalogue, thresholds: set, asOf: asOf)
    assessor.estimator.calibration = calibration
    let (estimate, results) = try assessor.check(document, regimes: regimes)
    let used = set.regimes.filter { regimes.isEmpty || regimes.contains($0.regime.id) }
    var report = CheckReport(
      asOf: asOf, run: document.run, estimate: estimate, thresholdSet: set.label,
      thresholds: used.map(\.provenance) + [catalogue.provenance] + estimate.provenance(of: calibration),
      results: results)
    report.inputNotes = document.notes
    report.runFile = RunFileProvenance(path: document.file, sha256: FileDigest.sha256(document.text))
    return report
  }
}
