/// The hardware a stage ran (or will run) on.
public struct HardwareSpec: Sendable, Hashable, Codable {
  /// How long the hardware ran.
  public enum Duration: Sendable, Hashable, Codable {
    /// Wall-clock days for all `count` chips.
    case days(Double)
    /// Wall-clock hours for all `count` chips.
    case hours(Double)
    /// Chip-hours in total (GPU-hours); `count` is then not needed.
    case chipHours(Double)
  }

  /// What the stated utilization measures.
  public enum UtilizationBasis: String, Sendable, Hashable, Codable, CaseIterable {
    /// Model FLOP utilization: useful model FLOP only (PaLM's MFU).
    case mfu
    /// Hardware FLOP utilization: includes activation recomputation, which does not count.
    case hfu
  }

  /// Catalogue id or alias, as written.
  public var accelerator: String
  public var count: Double?
  public var duration: Duration
  /// Average utilization of the dense peak, in (0, 1]; nil means the catalogue default.
  public var utilization: Double?
  public var utilizationBasis: UtilizationBasis
  /// The precision the run used; nil means the accelerator's default.
  public var precision: Precision?

  public init(
    accelerator: String, count: Double? = nil, duration: Duration, utilization: Double? = nil,
    utilizationBasis: UtilizationBasis = .mfu, precision: Precision? = nil
  ) {
    self.accelerator = accelerator
    self.count = count
    self.duration = duration
    self.utilization = utilization
    self.utilizationBasis = utilizationBasis
    self.precision = precision
  }
}
