import ArgumentParser
import FlopCore
import FlopEngine

/// Flags choosing the utilization calibration `estimate`, `check` and `plan` use.
public struct CalibrationOptions: ParsableArguments {
  @Option(
    name: .customLong("registry"),
    help: "Read the utilization calibration from this registry (default $FLOPWATCH_REGISTRY, else $FLOPWATCH_HOME/registry.sqlite when it exists).")
  public var registry: String?

  @Flag(help: "Use the catalogue's default utilization even where the registry holds a calibration.")
  public var noCalibration = false

  @Option(name: .customLong("tag"), help: "A run tag KEY=VALUE for a run given by flags (repeatable), such as cluster=east-1: picks that cluster's calibration.")
  public var tags: [String] = []

  public init() {}

  /// The `--tag` flags as a map.
  func tagMap() throws -> [String: String] {
    var map: [String: String] = [:]
    for tag in tags {
      let parts = tag.split(separator: "=", maxSplits: 1).map(String.init)
      guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
        throw CommandError("--tag: '\(tag)' is not KEY=VALUE (such as cluster=east-1)")
      }
      map[parts[0]] = parts[1]
    }
    return map
  }

  /// The calibration in effect, or nil.
  func load() throws -> UtilizationCalibration? {
    if noCalibration {
      guard registry == nil else { throw CommandError("give --registry or --no-calibration, not both") }
      return nil
    }
    if registry == nil, let prefetched = InputPrefetch.current?.prefetchedCalibration() { return try prefetched.get() }
    return try CalibrationLoader.load(registry: registry)
  }
}
