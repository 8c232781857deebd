/// Estimates the training compute of a run, stage by stage.
///
/// For each stage every method with its inputs is run; a declared figure wins, otherwise the
/// operation count (architecture if the shape is known, else parameters) and the hardware
/// estimate are reconciled. Counted stages are summed per the EU guidelines.
public struct Estimator: Sendable {
  public var catalogue: AcceleratorCatalogue
  /// Utilization fitted from the lab's own runs, used for matching hardware instead of the
  /// catalogue's default (`UtilizationCalibration.minimumRuns` or more runs).
  public var calibration: UtilizationCalibration?

  public init(catalogue: AcceleratorCatalogue, calibration: UtilizationCalibration? = nil) {
    self.catalogue = catalogue
    self.calibration = calibration
  }

  /// Estimates a whole run.
  ///
  /// - Throws: `FlopCoreError` when a counted stage has too few inputs, or an input is invalid.
  public func estimate(_ run: Run) throws(FlopCoreError) -> RunEstimate {
    guard !run.stages.isEmpty else {
      throw .insufficientInputs(stage: "stages", missing: "the run has no stages")
    }
    var stages: [StageEstimate] = []
    var assumptions: [String] = []
    for (index, stage) in run.stages.enumerated() {
      let decision = CountingPolicy.decide(stage)
      if let assumption = decision.assumption { assumptions.append(assumption) }
      stages.append(try estimateStage(stage, index: index, model: run.model, decision: decision, tags: run.tags))
    }
    let counted = stages.filter(\.counted)
    let own = counted.compactMap(\.flop).reduce(FLOPInterval.zero, +)
    // Each stage is finite (checked where it is made); their sum, or the base added, may still overflow.
    try Self.requireFinite(own, field: "stages", figure: "run's total compute", inputs: "the stages' figures")
    if let base = run.baseModel?.trainingInterval {
      try Self.requireFinite(own + base, field: "base_model.training_flop", figure: "cumulative compute", inputs: "base_model.training_flop")
    }
    let methods = Set(counted.compactMap(\.method))
    let method: EstimationMethod = methods.count == 1 ? methods.first! : (methods.isEmpty ? .declared : .combined)
    var findings: [EstimateWarning] = []
    for stage in stages {
      findings += stage.warnings.map { .inStage(stage.name ?? stage.kind.rawValue, $0) }
    }
    if counted.isEmpty {
      findings.append(.noStageCounts)
    }
    if run.model.architecture == .moe, run.model.activeParameters == nil {
      findings.append(.mixtureOfExpertsWithoutActiveParameters)
    }
    let chipHours = Self.sum(stages.compactMap(\.chipHours))
    return RunEstimate(
      flop: own,
      method: method,
      estimates: wholeRunEstimates(counted),
      stages: stages,
      countingAssumptions: Self.unique(assumptions),
      findings: findings,
      baseFLOP: run.baseModel?.trainingFLOP,
      modificationFLOP: run.baseModel == nil ? nil : own,
      chipHours: chipHours,
      energyKWh: Self.sum(stages.compactMap(\.energyKWh)),
      estimatedCostUSD: Self.sum(stages.compactMap(\.estimatedCostUSD)),
      baseInterval: run.baseModel?.trainingInterval)
  }

  /// Throws unless every bound of `interval` is a finite number.
  static func requireFinite(_ interval: FLOPInterval, field: String, figure: String, inputs: String) throws(FlopCoreError) {
    guard interval.central.isFinite, interval.low.isFinite, interval.high.isFinite else {
      throw .nonFinite(field: field, figure: figure, inputs: inputs)
    }
  }

  /// Estimates one stage.
  public func estimateStage(
    _ stage: Stage, index: Int, model: ModelSpec, decision: CountingPolicy.Decision, tags: [String: String] = [:]
  ) throws(FlopCoreError) -> StageEstimate {
    let field = "stages[\(index)]"
    var estimates: [MethodEstimate] = []
    var warnings: [EstimateWarning] = []
    let operationCount = try operationCountEstimates(stage, model: model, field: field)
    estimates.append(contentsOf: operationCount)
    var chipHours: Double?
    var energy: Double?
    var cost: Double?
    var hardware: MethodEstimate?
    if let spec = stage.hardware {
      let result = try HardwareMethod.estimate(
        spec, catalogue: catalogue, field: "\(field).hardware", calibration: calibration, tags: tags)
      hardware = result.estimate
      estimates.append(result.estimate)
      chipHours = result.chipHours
      energy = result.accelerator.boardPowerWatts.map { result.chipHours * $0 / 1000 }
      cost = result.accelerator.price.map { result.chipHours * $0.usdPerChipHour }
    }
    // The architecture count refines the parameters count (same N and D), so only the better is reconciled.
    let bestCount = operationCount.first { $0.method == .architecture } ?? operationCount.first
    let candidates = [bestCount, hardware].compactMap { $0 }
    let flop: FLOPInterval?
    let method: EstimationMethod?
    if let declared = stage.flop {
      let bounds = stage.flopBounds ?? (declared * 0.95)...(declared * 1.05)
      let uncertainty = stage.flopBounds == nil
        ? UncertaintyFactor("declared figure taken as measured to about ±5% (give flop: {central, low, high} to state its bounds)", low: 0.95, high: 1.05)
        : UncertaintyFactor(
          bounds.lowerBound == bounds.upperBound ? "declared figure stated as exact" : "declared figure with its stated bounds",
          low: bounds.lowerBound / declared, high: bounds.upperBound / declared)
      let stated = stage.flopBounds != nil
      let estimate = MethodEstimate(
        method: .declared, flop: FLOPInterval(central: declared, low: bounds.lowerBound, high: bounds.upperBound),
        uncertainty: [uncertainty],
        basis: .declared(flop: declared, low: stated ? bounds.lowerBound : nil, high: stated ? bounds.upperBound : nil))
      if let warning = Reconciler.disagreement([estimate] + candidates, context: "declared figure") {
        warnings.append(warning)
      }
      estimates.insert(estimate, at: 0)
      flop = estimate.flop
      method = .declared
    } else if candidates.isEmpty {
      guard !decision.counted else {
        throw .insufficientInputs(stage: field, missing: missingInputs(stage, model: model))
      }
      flop = nil
      method = nil
    } else if candidates.count == 1 {
      flop = candidates[0].flop
      method = candidates[0].method
    } else {
      let combined = Reconciler.combine(candidates)
      if let warning = Reconciler.disagreement(candidates, context: "estimates") { warnings.append(warning) }
      estimates.append(combined)
      flop = combined.flop
      method = .combined
    }
    for estimate in estimates {
      try Self.requireFinite(
        estimate.flop, field: field, figure: "\(estimate.method.rawValue) estimate",
        inputs: estimate.method == .hardware ? "\(field).hardware (count, days or hours)" : "\(field) tokens, the model's parameters and layers")
    }
    for (name, value) in [("chip-hours", chipHours), ("energy", energy), ("cost", cost)] {
      if let value, !value.isFinite {
        throw .nonFinite(field: "\(field).hardware", figure: name, inputs: "\(field).hardware (count, days or hours)")
      }
    }
    return StageEstimate(
      kind: stage.kind, name: stage.name, counted: decision.counted, countingReason: decision.reason,
      flop: flop, method: method, estimates: estimates, warnings: warnings,
      chipHours: chipHours, energyKWh: energy, estimatedCostUSD: cost)
  }

  func operationCountEstimates(_ stage: Stage, model: ModelSpec, field: String) throws(FlopCoreError) -> [MethodEstimate] {
    let n = stage.parameters ?? model.parametersPerToken
    switch stage.kind {
    case .preTraining, .continuedPreTraining, .fineTuning, .reinforcementLearning:
      var results: [MethodEstimate] = []
      var generation: MethodEstimate?
      if stage.kind == .reinforcementLearning, let generated = stage.tokensGenerated {
        guard let generator = stage.generatorActiveParameters ?? n else {
          throw .insufficientInputs(stage: field, missing: "rollouts need generator_active_parameters or model parameters")
        }
        generation = GenerationMethod.estimate(generatorActiveParameters: generator, tokensGenerated: generated)
      }
      if let d = stage.tokens, let n {
        results.append(ParametersMethod.estimate(architecture: model.architecture, parametersPerToken: n, tokens: d))
      }
      if let d = stage.tokens, model.hasArchitectureDetail, model.architecture != .encoderDecoder,
        model.architecture != .moe || n != nil, let l = model.layers, let dm = model.dModel, let s = model.contextLength
      {
        results.append(ArchitectureMethod.estimate(.init(
          layers: l, dModel: dm, contextLength: s, vocabSize: model.vocabSize, heads: model.heads,
          ffnDim: model.ffnDim, parametersPerToken: n, tokens: d)))
      }
      if let generation {
        results = results.isEmpty ? [generation] : results.map { Self.adding(generation, to: $0) }
      }
      return results
    case .syntheticData:
      guard let generated = stage.tokensGenerated else { return [] }
      guard let generator = stage.generatorActiveParameters else {
        throw .insufficientInputs(stage: field, missing: "\(field).generator_active_parameters is required with tokens_generated")
      }
      return [GenerationMethod.estimate(generatorActiveParameters: generator, tokensGenerated: generated)]
    case .evaluation:
      guard let d = stage.tokens, let n else { return [] }
      return [GenerationMethod.estimate(generatorActiveParameters: n, tokensGenerated: d)]
    case .distillationTeacher, .rewardModel:
      guard let d = stage.tokens, let own = stage.parameters else { return [] }
      return [ParametersMethod.estimate(architecture: .dense, parametersPerToken: own, tokens: d)]
    }
  }

  func missingInputs(_ stage: Stage, model: ModelSpec) -> String {
    switch stage.kind {
    case .syntheticData:
      return "give generator_active_parameters and tokens_generated, hardware, or a measured flop"
    default:
      var missing: [String] = []
      if stage.tokens == nil { missing.append("tokens") }
      if stage.parameters == nil, model.parametersPerToken == nil {
        missing.append(model.architecture == .moe ? "model.active_parameters" : "model.parameters")
      }
      return "missing \(missing.joined(separator: " and ")); give them, or hardware, or a measured flop"
    }
  }

  /// An RL stage's training estimate with its rollouts' generation added.
  static func adding(_ rollouts: MethodEstimate, to training: MethodEstimate) -> MethodEstimate {
    var result = training
    result.flop = training.flop + rollouts.flop
    result.uncertainty += rollouts.uncertainty
    result.basis = .withRollouts(training: [training.basis], rollouts: [rollouts.basis])
    return result
  }

  func wholeRunEstimates(_ counted: [StageEstimate]) -> [MethodEstimate] {
    guard !counted.isEmpty else { return [] }
    var results: [MethodEstimate] = []
    for method in [EstimationMethod.declared, .parameters, .architecture, .hardware, .combined] {
      var parts: [MethodEstimate] = []
      for stage in counted {
        // A stage counted by one method only contributes that figure to every whole-run sum.
        let own = stage.estimates.first { $0.method == method }
        guard let part = own ?? (stage.estimates.count == 1 ? stage.estimates.first : nil) else { break }
        parts.append(part)
      }
      guard parts.count == counted.count, parts.contains(where: { $0.method == method }) else { continue }
      results.append(MethodEstimate(
        method: method, flop: parts.map(\.flop).reduce(.zero, +), uncertainty: parts.count == 1 ? parts[0].uncertainty : [],
        basis: .sum(parts.map(\.basis))))
    }
    return results
  }

  /// The items without repeats, in order. Compared byte for byte: the lists are short and the
  /// texts non-ASCII (·, ×), which made hashing them cost more than the estimate itself.
  static func unique(_ items: [String]) -> [String] {
    var result: [String] = []
    for item in items where !result.contains(where: { $0.utf8.count == item.utf8.count && $0.utf8.elementsEqual(item.utf8) }) {
      result.append(item)
    }
    return result
  }

  static func sum(_ values: [Double]) -> Double? {
    values.isEmpty ? nil : values.reduce(0, +)
  }
}
