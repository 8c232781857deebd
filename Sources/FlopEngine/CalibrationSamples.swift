import FlopCore
import FlopFiles
import FlopRegistry

/// The utilizations a registry's completed runs actually achieved: for each stage with hardware
/// (accelerator and time) and a measured compute figure (declared, or k·N·D from its exact
/// parameters and tokens), compute ÷ (chip-hours × 3600 × dense peak at the stage's precision).
public struct CalibrationSamples: Sendable {
  /// Which runs to learn from.
  public struct Filter: Sendable, Hashable {
    /// A catalogue id or alias; nil for every accelerator.
    public var accelerator: String?
    /// Also fit per value of this run tag (`cluster`), or only for one value (`cluster=east-1`).
    public var tagKey: String?
    public var tagValue: String?
    public init(accelerator: String? = nil, tagKey: String? = nil, tagValue: String? = nil) {
      self.accelerator = accelerator
      self.tagKey = tagKey
      self.tagValue = tagValue
    }

    /// A filter from `--tag KEY` or `--tag KEY=VALUE` (and the server's `tag=`), named `option` in errors.
    public init(accelerator: String?, tag: String?, option: String) throws {
      self.init(accelerator: accelerator)
      guard let tag else { return }
      let parts = tag.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
      guard !parts[0].isEmpty, parts.count == 1 || !parts[1].isEmpty else {
        throw EngineError("\(option): '\(tag.prefix(80))' is not KEY or KEY=VALUE (such as cluster or cluster=east-1)")
      }
      tagKey = parts[0]
      tagValue = parts.count == 2 ? parts[1] : nil
    }
  }

  /// One stage's implied utilization, with what is needed to order and group it.
  public struct Observation: Sendable, Hashable {
    public var scope: UtilizationCalibration.Scope
    public var sample: UtilizationCalibration.Sample
    /// The run's end (else start, else release) date, to replay history in order.
    public var date: CalendarDate?
    public var tags: [String: String]
  }

  public var observations: [Observation]
  /// Stages that had hardware and a figure but were not used, with the reason.
  public var skipped: [String]
  /// Completed runs read.
  public var completedRuns: Int

  /// Reads every completed run of the registry.
  public static func collect(from registry: Registry, catalogue: AcceleratorCatalogue, filter: Filter) throws -> CalibrationSamples {
    var wanted: String?
    if let name = filter.accelerator {
      wanted = try catalogue.require(name, field: "--accelerator").id
    }
    var observations: [Observation] = []
    var skipped: [String] = []
    var completed = 0
    try registry.forEachRun { summary, document in
      guard summary.status == Run.Status.completed.rawValue else { return }
      completed += 1
      guard let run = try? RunFileParser.parse(document, file: "registry:\(summary.id)").run else {
        skipped.append("\(summary.id): its document no longer parses")
        return
      }
      for (index, stage) in run.stages.enumerated() {
        guard let spec = stage.hardware, let accelerator = catalogue.accelerator(named: spec.accelerator) else { continue }
        if let wanted, accelerator.id != wanted { continue }
        let reference: (flop: Double, kind: String)
        if let declared = stage.flop {
          reference = (declared, "declared")
        } else if let tokens = stage.tokens, let n = stage.parameters ?? run.model.parametersPerToken {
          reference = (ParametersMethod.estimate(architecture: run.model.architecture, parametersPerToken: n, tokens: tokens).flop.central, "parameters")
        } else {
          continue
        }
        // The hardware method's own reading of the spec: chip-hours, and the peak at the stage's precision.
        guard let hardware = try? HardwareMethod.estimate(spec, catalogue: catalogue), hardware.chipHours > 0,
          case .hardware(let basis) = hardware.estimate.basis
        else { continue }
        let (chipHours, peak, precision) = (hardware.chipHours, basis.peak, basis.precision)
        let utilization = reference.flop / (chipHours * 3600 * peak)
        guard utilization > 0, utilization <= 1, utilization.isFinite else {
          skipped.append("\(summary.id) stages[\(index)]: implied utilization \(formatNumber(utilization)) is outside (0, 1] (the compute figure or the hardware time is wrong)")
          continue
        }
        observations.append(Observation(
          scope: .init(accelerator: accelerator.id, precision: precision),
          sample: .init(run: summary.id, stage: index, utilization: utilization, reference: reference.kind),
          date: run.schedule?.end ?? run.schedule?.start ?? run.schedule?.release, tags: run.tags))
      }
    }
    observations.sort { ($0.date?.description ?? "9999", $0.sample.run, $0.sample.stage) < ($1.date?.description ?? "9999", $1.sample.run, $1.sample.stage) }
    return CalibrationSamples(observations: observations, skipped: skipped, completedRuns: completed)
  }

  /// The observations grouped by the scopes to fit: per accelerator and precision, and with a
  /// tag filter, per tag value too. In history order within each group.
  public func groups(_ filter: Filter) -> [(UtilizationCalibration.Scope, [Observation])] {
    var groups: [UtilizationCalibration.Scope: [Observation]] = [:]
    for observation in observations {
      groups[observation.scope, default: []].append(observation)
      if let key = filter.tagKey, let value = observation.tags[key], filter.tagValue == nil || filter.tagValue == value {
        var scope = observation.scope
        scope.tagKey = key
        scope.tagValue = value
        groups[scope, default: []].append(observation)
      }
    }
    return groups.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
  }
}
