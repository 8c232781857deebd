import FlopEngine
import ArgumentParser
import FlopCore
import FlopFiles
import FlopRules

/// `flopwatch plan`: the largest run that stays under a threshold.
public struct PlanCommand: ParsableCommand, ResultCommand {
  public static let configuration = CommandConfiguration(
    commandName: "plan",
    _superCommandName: "flopwatch",
    abstract: "The most tokens, parameters or days that keep a rule not met.",
    discussion: """
      Give the fixed inputs and leave out the one to solve for (or name it with --solve). The examples solve for the most tokens, the most parameters and the most days:

        flopwatch plan --rule eu-ai-act/systemic-risk-presumption --params 70B
        flopwatch plan --rule eu-ai-act/systemic-risk-presumption --tokens 15T
        flopwatch plan --rule us-ca-sb53/frontier-model --accelerator H100 --chips 16384 --utilization 0.4

      By default the upper end of the 90% interval must stay under the threshold (--confidence high); --confidence central keeps only the central estimate under it. Also prints the compute-optimal dense model (about 20 tokens per parameter) that fits under the threshold.
      """)

  @Option(help: "The rule, as REGIME/RULE (see `flopwatch thresholds list`).")
  public var rule: String

  @Option(help: "What to solve for: tokens, parameters or days (default: the one left out).")
  public var solve: String?

  @Option(help: "high (the interval's upper end stays under) or central.")
  public var confidence: String = "high"

  @Option(name: .customLong("base-flop"), help: "Training compute of the base model, for cumulative and one-third rules.")
  public var baseFLOP: String?

  @Option(help: "The date whose rules apply (default today).")
  public var asOf: String?

  @OptionGroup(title: "Model and data") public var model: ModelOptions
  @OptionGroup(title: "Hardware") public var hardware: HardwareOptions
  @OptionGroup public var thresholds: ThresholdOptions

  @OptionGroup(title: "Calibration") public var calibration: CalibrationOptions

  @Option(help: "Output format: text or json.")
  public var format: OutputFormat = .text

  public init() {}

  public func execute() throws -> CommandResult {
    let parts = rule.split(separator: "/").map(String.init)
    guard parts.count == 2 else { throw CommandError("--rule: '\(rule)' should be REGIME/RULE, such as eu-ai-act/systemic-risk-presumption") }
    let set = try thresholds.load()
    let loaded = try set.requireRegime(parts[0], option: "--rule")
    guard let target = loaded.regime.rules.first(where: { $0.id == parts[1] }) else {
      throw CommandError("--rule: regime \(parts[0]) has no rule '\(parts[1])' (rules: \(loaded.regime.rules.map(\.id).joined(separator: ", ")))")
    }
    guard let level = Planner.Confidence(rawValue: confidence) else {
      throw CommandError("--confidence: '\(confidence)' is not valid (expected high or central)")
    }
    let base = try baseFLOP.map { text throws -> Double in try Quantity.parsePositive(text, field: "--base-flop") }
    let variable = try chooseVariable()
    if variable == .days, model.parameters != nil || model.activeParameters != nil || model.tokens != nil {
      // Solving for days takes the compute from the hardware alone; model flags would be silently ignored.
      throw CommandError("--params, --active-params and --tokens are not used when solving for days from --accelerator and --chips; drop them, or drop the hardware flags to solve for tokens or parameters")
    }
    let template = try RunFromFlags.planTemplate(model: model, hardware: hardware, variable: variable)
    let catalogue = try thresholds.loadCatalogue()
    let calibrated = try calibration.load()
    let tags = try calibration.tagMap()
    let planner = Planner(estimator: Estimator(catalogue: catalogue.catalogue, calibration: calibrated), asOf: try parseAsOf(asOf))
    let plan = try planner.solve(rule: target, regime: loaded.regime, variable: variable, confidence: level) { value in
      var run = template(value)
      run.tags = tags
      if let base { run.baseModel = BaseModel(trainingFLOP: base, systemicRisk: nil, sameProvider: nil) }
      return run
    }
    if format == .json {
      struct Output: Encodable { var plan: Planner.Plan; var thresholds: [Provenance] }
      return CommandResult(output: try JSONOutput.encode(Output(plan: plan, thresholds: [loaded.provenance, catalogue.provenance] + (calibrated.map { [$0.provenance] } ?? []))))
    }
    let unit: String
    switch variable {
    case .tokens: unit = "tokens"
    case .parameters: unit = "parameters"
    case .days: unit = "days"
    }
    let shown = variable == .days ? String(format: "%.1f", plan.maximum) : formatScientific(plan.maximum, significantFigures: 3)
    var lines = [
      "Rule: \(plan.regime)/\(plan.rule) — \(target.title)",
      "Threshold: \(plan.metric) \(formatFLOP(plan.threshold)) FLOP; confidence: \(level.rawValue)",
      "Largest \(unit) with the \(level == .high ? "upper end of the 90% interval" : "central estimate") at or under the threshold: \(shown) \(unit)",
      "  compute there: \(formatFLOP(plan.flopAtMaximum.central)) FLOP (90% interval \(formatFLOP(plan.flopAtMaximum.low))–\(formatFLOP(plan.flopAtMaximum.high))); status \(plan.statusAtMaximum.rawValue)",
    ]
    if let optimal = plan.computeOptimal {
      lines.append("Compute-optimal dense model under it (≈20 tokens per parameter): \(formatScientific(optimal.parameters, significantFigures: 2)) parameters × \(formatScientific(optimal.tokens, significantFigures: 2)) tokens = \(formatFLOP(optimal.flop.central)) FLOP")
    }
    lines.append("Assumptions:")
    lines += plan.assumptions.map { "  - \($0)" }
    lines.append("Thresholds: \(loaded.provenance.summary)")
    if let calibrated { lines.append("Calibration: \(calibrated.provenance.summary) (used for hardware with 3 or more matching runs)") }
    return CommandResult(output: lines.joined(separator: "\n") + "\n")
  }

  func chooseVariable() throws -> Planner.Variable {
    if let solve {
      guard let variable = Planner.Variable(rawValue: solve == "params" ? "parameters" : solve) else {
        throw CommandError("--solve: '\(solve)' is not valid (expected tokens, parameters or days)")
      }
      return variable
    }
    if hardware.accelerator != nil { return .days }
    if model.tokens == nil, model.parameters != nil || model.activeParameters != nil { return .tokens }
    if model.parameters == nil, model.activeParameters == nil, model.tokens != nil { return .parameters }
    throw CommandError("give the fixed inputs and leave out one: --params (solve tokens), --tokens (solve parameters), or --accelerator and --chips (solve days)")
  }
}
