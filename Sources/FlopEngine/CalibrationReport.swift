import FlopCore
import FlopFiles
import FlopRegistry
import Foundation

/// `flopwatch calibrate`: utilization fitted per accelerator (and tag) from the registry's
/// completed runs, with its leave-one-out error beside the catalogue default's, how the range
/// narrows as history grows, and the stored version.
public struct CalibrationReport: Sendable, Codable {
  /// One scope's fit and the evidence for it.
  public struct Fitted: Sendable, Codable {
    public var scope: UtilizationCalibration.Scope
    public var fit: UtilizationFit
    /// Median |log10(actual ÷ catalogue default)| over the same runs: what calibration improves on.
    public var defaultError: Double?
    /// The fit on the first k runs (in date order), k = 3, 5, 10, 20 and all.
    public var history: [UtilizationFit]
    /// Whether estimates will use it (at least `UtilizationCalibration.minimumRuns` runs).
    public var used: Bool
  }

  public var completedRuns: Int
  public var samples: Int
  public var fitted: [Fitted]
  public var skipped: [String]
  /// The stored version and its hash; nil for a dry run or when nothing could be fitted.
  public var version: Int?
  public var sha256: String?

  /// Fits the registry's history; with `store`, saves it as the next calibration version (the
  /// previous version's fits for scopes not fitted now are carried over).
  public static func run(
    registry: Registry, catalogue: AcceleratorCatalogue, filter: CalibrationSamples.Filter, store: Bool, actor: String, at date: Date = Date()
  ) throws -> CalibrationReport {
    let samples = try CalibrationSamples.collect(from: registry, catalogue: catalogue, filter: filter)
    var fitted: [Fitted] = []
    var entries: [UtilizationCalibration.Entry] = []
    for (scope, observations) in samples.groups(filter) {
      let values = observations.map(\.sample.utilization)
      guard let fit = UtilizationFit.fit(values) else { continue }
      let prior = catalogue.utilizationPrior(for: scope.precision).central
      let defaultError = Statistics.median(values.map { abs(log10($0 / prior)) })
      let history = Set([3, 5, 10, 20, values.count]).filter { $0 <= values.count }.sorted().compactMap {
        UtilizationFit.fitWithoutValidation(Array(values.prefix($0)))
      }
      fitted.append(Fitted(scope: scope, fit: fit, defaultError: defaultError, history: history, used: fit.runs >= UtilizationCalibration.minimumRuns))
      entries.append(.init(scope: scope, fit: fit, samples: observations.map(\.sample)))
    }
    var report = CalibrationReport(
      completedRuns: samples.completedRuns, samples: samples.observations.count, fitted: fitted, skipped: samples.skipped)
    guard store, !entries.isEmpty else { return report }
    let previous = try registry.utilizationCalibration()
    let refitted = Set(entries.map(\.scope))
    let kept = (previous?.entries ?? []).filter { !refitted.contains($0.scope) }
    let calibration = UtilizationCalibration(created: Registry.timestamp(date), entries: kept + entries)
    let summary = JSONValue.array(calibration.entries.map { entry in
      .object(["scope": .string(entry.scope.description), "runs": .number(Double(entry.fit.runs)), "median": .number(entry.fit.median)])
    })
    let stored = try registry.storeCalibration(body: try calibration.canonicalBody(), summary: summary, actor: actor, at: date)
    report.version = stored.version
    report.sha256 = stored.sha256
    return report
  }
}

extension UtilizationCalibration {
  /// The stored form: JSON with sorted keys (version and hash live beside it, in the row).
  func canonicalBody() throws -> String {
    var body = self
    body.version = 0
    body.sha256 = ""
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return String(decoding: try encoder.encode(body), as: UTF8.self)
  }
}

extension Registry {
  /// The newest stored calibration, decoded, with its version and hash; nil when there is none.
  public func utilizationCalibration() throws -> UtilizationCalibration? {
    try Self.decode(try latestCalibration())
  }

  /// A stored calibration decoded, with its version and hash.
  static func decode(_ stored: StoredCalibration?) throws -> UtilizationCalibration? {
    guard let stored else { return nil }
    do {
      var calibration = try JSONDecoder().decode(UtilizationCalibration.self, from: Data(stored.body.utf8))
      calibration.version = stored.version
      calibration.sha256 = stored.sha256
      return calibration
    } catch {
      throw EngineError("calibration v\(stored.version) in the registry cannot be read (\(error)); run `flopwatch calibrate` again")
    }
  }
}
