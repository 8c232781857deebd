import ArgumentParser

/// Flags describing the hardware a stage runs on.
public struct HardwareOptions: ParsableArguments {
  @Option(help: "Accelerator id or alias (H100-SXM, A100, TPU-v5p, …; see Thresholds/accelerators.yaml).")
  public var accelerator: String?

  @Option(parsing: .unconditional, help: "Number of chips.")
  public var chips: String?

  @Option(parsing: .unconditional, help: "Wall-clock days.")
  public var days: String?

  @Option(parsing: .unconditional, help: "Wall-clock hours.")
  public var hours: String?

  @Option(name: .customLong("gpu-hours"), parsing: .unconditional, help: "Chip-hours in total (GPU-hours); --chips not needed.")
  public var gpuHours: String?

  @Option(parsing: .unconditional, help: "Average utilization of the dense peak: a fraction or a percentage with %, e.g. 0.4 or 40% (default: catalogue range).")
  public var utilization: String?

  @Option(help: "Precision the run used: fp32, tf32, bf16, fp16, fp8 (default: the chip's).")
  public var precision: String?

  public init() {}

  var isSet: Bool {
    [accelerator, chips, days, hours, gpuHours, utilization, precision].contains { $0 != nil }
  }
}
