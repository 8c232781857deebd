import FlopCore

/// A small catalogue built in code, so core tests do not read files.
enum TestCatalogue {
  static let h100 = Accelerator(
    id: "H100-SXM", name: "H100", vendor: "NVIDIA", aliases: ["H100", "H100-SXM5"],
    peakFLOPPerSecond: [.bf16: 989.4e12, .fp16: 989.4e12, .fp8: 1978.9e12, .fp32: 66.9e12],
    defaultPrecision: .bf16, boardPowerWatts: 700,
    price: .init(usdPerChipHour: 3.78, source: "test", date: "2026-05-07"))
  static let a100 = Accelerator(
    id: "A100", name: "A100", vendor: "NVIDIA", aliases: ["A100-80GB"],
    peakFLOPPerSecond: [.bf16: 312e12, .fp16: 312e12], defaultPrecision: .bf16, boardPowerWatts: 400)
  static let v100 = Accelerator(
    id: "V100", name: "V100", vendor: "NVIDIA", peakFLOPPerSecond: [.fp16: 125e12, .fp32: 15.7e12],
    defaultPrecision: .fp16)
  static let tpuV5p = Accelerator(
    id: "TPU-v5p", name: "TPU v5p", vendor: "Google", peakFLOPPerSecond: [.bf16: 459e12], defaultPrecision: .bf16)

  static let catalogue = AcceleratorCatalogue(
    version: "test", accelerators: [h100, a100, v100, tpuV5p],
    defaultUtilization: .init(central: 0.4, low: 0.15, high: 0.55, basis: "test"),
    defaultUtilizationFP8: .init(central: 0.2, low: 0.08, high: 0.33, basis: "test"))
}
