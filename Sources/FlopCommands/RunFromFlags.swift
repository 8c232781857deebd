import Foundation
import FlopRules
import FlopCore

/// Builds a one-stage run from command-line flags.
enum RunFromFlags {
  /// A count from a flag, validated (CONTRACT.md §1), or nil when the flag is absent.
  static func count(_ text: String?, _ flag: String) throws -> Double? {
    try text.map { text throws -> Double in try Quantity.parsePositive(text, field: flag) }
  }

  /// The model described by the model flags.
  static func modelSpec(_ model: ModelOptions) throws -> ModelSpec {
    var architecture = Architecture.dense
    if let name = model.architecture {
      guard let parsed = Architecture(rawValue: name.lowercased()) else {
        throw CommandError("--architecture: unknown value '\(name)' (expected one of \(Architecture.allCases.map(\.rawValue).joined(separator: ", ")))")
      }
      architecture = parsed
    }
    let spec = ModelSpec(
      architecture: architecture, parameters: try count(model.parameters, "--params"),
      activeParameters: try count(model.activeParameters, "--active-params"), layers: try count(model.layers, "--layers"),
      dModel: try count(model.dModel, "--d-model"), heads: try count(model.heads, "--heads"),
      ffnDim: try count(model.ffnDim, "--ffn-dim"), contextLength: try count(model.contextLength, "--context-length"),
      vocabSize: try count(model.vocabSize, "--vocab-size"))
    if let total = spec.parameters, let active = spec.activeParameters, active > total {
      throw CommandError("--active-params: \(formatScientific(active, significantFigures: 3)) exceeds --params \(formatScientific(total, significantFigures: 3))")
    }
    return spec
  }

  static func make(model: ModelOptions, hardware: HardwareOptions, flop: String?) throws -> Run {
    let spec = try modelSpec(model)
    var hardwareSpec: HardwareSpec?
    if hardware.isSet {
      hardwareSpec = try makeHardware(hardware)
    }
    let stage = Stage(
      kind: .preTraining, tokens: try count(model.tokens, "--tokens"), hardware: hardwareSpec,
      flop: try count(flop, "--flop"))
    guard stage.tokens != nil || stage.hardware != nil || stage.flop != nil else {
      throw CommandError("nothing to estimate: give a run file, or --params and --tokens, or --accelerator with --chips and --days/--hours (or --gpu-hours), or --flop")
    }
    return Run(name: nil, model: spec, stages: [stage])
  }

  static func precision(_ hardware: HardwareOptions) throws -> Precision? {
    guard let name = hardware.precision else { return nil }
    guard let parsed = Precision(name: name) else {
      throw CommandError("--precision: unknown value '\(name)' (expected one of \(Precision.allCases.map(\.rawValue).joined(separator: ", ")))")
    }
    return parsed
  }

  static func utilization(_ hardware: HardwareOptions) throws -> Double? {
    try hardware.utilization.map { text throws -> Double in try Quantity.parseFraction(text, field: "--utilization") }
  }

  static func makeHardware(_ hardware: HardwareOptions) throws -> HardwareSpec {
    guard let accelerator = hardware.accelerator else {
      throw CommandError("--accelerator is required with hardware flags")
    }
    let durations: [HardwareSpec.Duration] = [
      try count(hardware.days, "--days").map { .days($0) },
      try count(hardware.hours, "--hours").map { .hours($0) },
      try count(hardware.gpuHours, "--gpu-hours").map { .chipHours($0) },
    ].compactMap { $0 }
    guard durations.count == 1 else {
      throw CommandError(durations.isEmpty
        ? "--accelerator needs how long it ran: --days, --hours or --gpu-hours"
        : "give only one of --days, --hours and --gpu-hours")
    }
    let chips = try count(hardware.chips, "--chips")
    if chips == nil, hardware.gpuHours == nil {
      throw CommandError("--chips is required with --days or --hours")
    }
    return HardwareSpec(
      accelerator: accelerator, count: chips, duration: durations[0], utilization: try utilization(hardware),
      precision: try precision(hardware))
  }

  /// Rewords core errors about a flag-built run in terms of flags.
  static func flagMessage(for error: FlopCoreError) -> String {
    switch error {
    case .unknownAccelerator(_, let value, let known):
      return "--accelerator: unknown accelerator '\(value)' (known: \(known.joined(separator: ", ")))"
    case .insufficientInputs(_, let missing):
      return "cannot estimate compute: " + missing
        .replacingOccurrences(of: "model.active_parameters", with: "--active-params")
        .replacingOccurrences(of: "model.parameters", with: "--params")
        .replacingOccurrences(of: "tokens", with: "--tokens")
    default:
      return error.description
    }
  }
}

extension RunFromFlags {
  /// A function from the solved variable's value to a run, for `plan`.
  static func planTemplate(model: ModelOptions, hardware: HardwareOptions, variable: Planner.Variable) throws -> (Double) -> Run {
    let spec = try modelSpec(model)
    let architecture = spec.architecture
    let tokens = try count(model.tokens, "--tokens")
    switch variable {
    case .tokens:
      guard spec.parametersPerToken != nil else {
        throw CommandError(architecture == .moe ? "solving for tokens needs --active-params" : "solving for tokens needs --params")
      }
      return { value in Run(model: spec, stages: [Stage(kind: .preTraining, tokens: value)]) }
    case .parameters:
      guard let tokens else { throw CommandError("solving for parameters needs --tokens") }
      return { value in
        var m = spec
        if architecture == .moe { m.activeParameters = value } else { m.parameters = value; m.activeParameters = nil }
        return Run(model: m, stages: [Stage(kind: .preTraining, tokens: tokens)])
      }
    case .days:
      guard let accelerator = hardware.accelerator, let chips = try count(hardware.chips, "--chips") else {
        throw CommandError("solving for days needs --accelerator and --chips")
      }
      let precision = try precision(hardware)
      let utilization = try utilization(hardware)
      return { value in
        Run(model: spec, stages: [Stage(kind: .preTraining, hardware: HardwareSpec(
          accelerator: accelerator, count: chips, duration: .days(value), utilization: utilization, precision: precision))])
      }
    }
  }
}
