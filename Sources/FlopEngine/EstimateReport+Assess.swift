import FlopCore
import FlopFiles

extension EstimateReport {
  /// The catalogue's provenance when an estimate used chip peaks from it, else none.
  public static func provenance(of estimate: RunEstimate, catalogue: LoadedCatalogue, calibration: UtilizationCalibration? = nil) -> [Provenance] {
    guard estimate.stages.contains(where: { $0.estimates.contains { $0.method == .hardware } }) else { return [] }
    return [catalogue.provenance] + estimate.provenance(of: calibration)
  }

  /// Estimates a parsed run's compute by every method its inputs allow: what `flopwatch estimate
  /// RUN` and the server's stateless `POST /estimate` both answer. Errors are located in the document.
  public static func estimate(_ document: RunDocument, catalogue: LoadedCatalogue, calibration: UtilizationCalibration? = nil) throws -> EstimateReport {
    let estimate: RunEstimate
    do { estimate = try Estimator(catalogue: catalogue.catalogue, calibration: calibration).estimate(document.run) } catch { throw document.locate(error) }
    return EstimateReport(run: document.run, estimate: estimate, provenance: provenance(of: estimate, catalogue: catalogue, calibration: calibration))
  }
}
