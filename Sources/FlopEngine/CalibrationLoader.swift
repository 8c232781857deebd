import FlopCore
import FlopRegistry
import Foundation

/// Finds the utilization calibration `estimate`, `check` and `plan` use: the newest one stored
/// in the registry they would use, read-only; none when that registry does not exist.
public enum CalibrationLoader {
  /// The newest calibration of the registry named by `flag`, else `FLOPWATCH_REGISTRY`, else the
  /// default location. A registry named explicitly must exist; the default one may be absent.
  public static func load(registry flag: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> UtilizationCalibration? {
    let location = try RegistryLocation.resolve(flag, environment: environment)
    let named = flag != nil || !(environment["FLOPWATCH_REGISTRY"] ?? "").isEmpty
    if case .sqlite(let path) = location {
      if !named, !FileManager.default.fileExists(atPath: path) { return nil }
      // The fast read; when it cannot answer, the usual open below words the reason.
      if let peeked = try Registry.peekLatestCalibration(sqlitePath: path) { return try Registry.decode(peeked) }
    }
    do {
      return try Registry(location: location, create: false, readOnly: true).utilizationCalibration()
    } catch let error as RegistryError where error.kind == .outdated {
      // Written before calibrations existed (this build's newest migration adds them): it has none.
      return nil
    } catch {
      throw EngineError("reading the utilization calibration from \(location.displayName): \(error) (--no-calibration uses the catalogue default instead)")
    }
  }
}

extension RunEstimate {
  /// The calibration's provenance when this estimate used it, else none.
  public func provenance(of calibration: UtilizationCalibration?) -> [Provenance] {
    guard let calibration, usedCalibration else { return [] }
    return [calibration.provenance]
  }

  /// Whether any hardware estimate took its utilization from a calibration.
  public var usedCalibration: Bool {
    stages.contains { stage in
      stage.estimates.contains { estimate in
        if case .hardware(let basis) = estimate.basis { return basis.calibrationVersion != nil }
        return false
      }
    }
  }
}
