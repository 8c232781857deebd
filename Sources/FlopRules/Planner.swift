import FlopCore

/// The inverse of a check: the largest tokens, parameters or days that keep a rule not met.
///
/// Compute grows in proportion to the variable solved for (6·N·D is linear in N and in D;
/// hardware compute is linear in days), so a first guess scales one estimate to the budget;
/// the answer is then checked, and nudged down if needed, with the same estimator and
/// evaluator that `check` uses, so plan and check cannot disagree.
public struct Planner: Sendable {
  /// What to solve for.
  public enum Variable: String, Sendable, CaseIterable, Codable {
    case tokens, parameters, days
  }

  /// Which figure must stay under the threshold.
  public enum Confidence: String, Sendable, CaseIterable, Codable {
    /// The upper end of the 90% interval (95% one-sided confidence).
    case high
    /// The central estimate only.
    case central
  }

  /// A dense model that uses the budget compute-optimally.
  public struct ComputeOptimal: Sendable, Codable, Hashable {
    public var parameters: Double
    public var tokens: Double
    public var flop: FLOPInterval
  }

  /// The answer.
  public struct Plan: Sendable, Codable {
    public var regime: String
    public var rule: String
    public var metric: String
    public var threshold: Double
    public var variable: Variable
    public var confidence: Confidence
    public var maximum: Double
    public var flopAtMaximum: FLOPInterval
    public var statusAtMaximum: RuleStatus
    public var computeOptimal: ComputeOptimal?
    public var assumptions: [String]
  }

  public var estimator: Estimator
  public var asOf: CalendarDate

  public init(estimator: Estimator, asOf: CalendarDate) {
    self.estimator = estimator
    self.asOf = asOf
  }

  /// Solves for the largest value of `variable` with the rule not met.
  ///
  /// - Parameter makeRun: the run with the variable set to a value.
  public func solve(
    rule: Rule, regime: Regime, variable: Variable, confidence: Confidence, makeRun: (Double) -> Run
  ) throws -> Plan {
    guard let primary = rule.when.primaryComparison,
      [.trainingFLOP, .ownTrainingFLOP, .parameterUpdateFLOP, .modificationFLOP].contains(primary.metric),
      primary.op == .greater || primary.op == .greaterOrEqual
    else {
      throw FlopRulesError("rule \(regime.id)/\(rule.id) has no compute threshold of the form 'FLOP > value' to plan against")
    }
    let probeRun = makeRun(1)
    let probe = try estimator.estimate(probeRun)
    let evaluator = RuleEvaluator(run: probeRun, estimate: probe, asOf: asOf)
    guard case .number(let threshold) = try evaluator.resolveForPlan(primary.value) else {
      throw FlopRulesError("the threshold of \(regime.id)/\(rule.id) depends on base_model.training_flop; give --base-flop")
    }
    func bound(_ value: Double) throws -> (bound: Double, fixed: Double, interval: FLOPInterval, run: Run, estimate: RunEstimate) {
      let run = makeRun(value)
      let estimate = try estimator.estimate(run)
      let metrics = RunMetrics(run: run, estimate: estimate)
      guard case .quantity(let interval) = metrics.values[primary.metric] else {
        throw FlopRulesError("\(primary.metric.rawValue) cannot be computed for this run (give the base model's compute)")
      }
      let own = confidence == .high ? estimate.flop.high : estimate.flop.central
      let total = confidence == .high ? interval.high : interval.central
      return (total, total - own, interval, run, estimate)
    }
    let first = try bound(1)
    let budget = threshold - first.fixed
    guard budget > 0 else {
      throw FlopRulesError("the base model's compute alone (\(formatFLOP(first.fixed)) FLOP) already reaches \(formatFLOP(threshold)) FLOP")
    }
    let perUnit = first.bound - first.fixed
    guard perUnit > 0 else { throw FlopRulesError("the run's compute does not grow with \(variable.rawValue)") }
    var value = budget / perUnit
    // Exact comparators: "> t" is not met at t, ">= t" is; step below until the check agrees.
    var attempt = try bound(value)
    var steps = 0
    while !(primary.op == .greater ? attempt.bound <= threshold : attempt.bound < threshold), steps < 60 {
      value *= 1 - 1e-9 * Double(1 << min(steps, 40))
      attempt = try bound(value)
      steps += 1
    }
    let status = RuleEvaluator(run: attempt.run, estimate: attempt.estimate, asOf: asOf).evaluate(rule, in: regime).status
    var assumptions = attempt.estimate.assumptions
    assumptions.insert(
      confidence == .high
        ? "kept the upper end of the 90% interval (95% one-sided) at or below the threshold"
        : "kept the central estimate at or below the threshold (about a 50% chance of crossing it)", at: 0)
    return Plan(
      regime: regime.id, rule: rule.id, metric: primary.metric.rawValue, threshold: threshold, variable: variable,
      confidence: confidence, maximum: value, flopAtMaximum: attempt.interval, statusAtMaximum: status,
      computeOptimal: try computeOptimal(budget: budget, confidence: confidence, template: attempt.run),
      assumptions: assumptions)
  }

  /// The dense model with about 20 tokens per parameter (Hoffmann et al. 2022) whose own compute
  /// stays within `budget` at the chosen confidence.
  func computeOptimal(budget: Double, confidence: Confidence, template: Run) throws -> ComputeOptimal? {
    func run(_ n: Double) -> Run {
      var run = template
      run.model = ModelSpec(architecture: .dense, parameters: n, modalities: template.model.modalities, domain: template.model.domain)
      run.stages = [Stage(kind: .preTraining, tokens: 20 * n)]
      return run
    }
    func own(_ n: Double) throws -> FLOPInterval { try estimator.estimate(run(n)).flop }
    let probe = try own(1e9)
    let probeBound = confidence == .high ? probe.high : probe.central
    var n = 1e9 * (budget / probeBound).squareRoot()
    var flop = try own(n)
    var steps = 0
    while (confidence == .high ? flop.high : flop.central) > budget, steps < 60 {
      n *= 1 - 1e-9 * Double(1 << min(steps, 40))
      flop = try own(n)
      steps += 1
    }
    return ComputeOptimal(parameters: n, tokens: 20 * n, flop: flop)
  }
}

extension RuleEvaluator {
  func resolveForPlan(_ value: ThresholdValue) throws -> ThresholdValue {
    do { return try resolve(value) } catch { return value }
  }
}
