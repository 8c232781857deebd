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

  public init() {}

  /// The calibration in effect, or nil.
  func load() throws -> UtilizationCalibration? {
    if noCalibration {
      guard registry == nil else { throw CommandError("give --registry or --no-calibration, not both") }
      return nil
    }
    return try CalibrationLoader.load(registry: registry)
  }
}
