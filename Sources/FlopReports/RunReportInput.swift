import FlopCore
import FlopRules

/// One step of a run's lineage, root first.
public struct LineageStep: Sendable, Codable {
  public var name: String
  public var ownFlop: Double?
  public var cumulativeFlop: Double?
  public init(name: String, ownFlop: Double?, cumulativeFlop: Double?) {
    self.name = name
    self.ownFlop = ownFlop
    self.cumulativeFlop = cumulativeFlop
  }
}

/// Everything a per-run report is built from.
public struct RunReportInput: Sendable {
  public var run: Run
  public var estimate: RunEstimate
  public var results: [RuleResult]
  /// Ancestors first, the run itself last.
  public var lineage: [LineageStep]
  /// The run document the report is made from, with its hash.
  public var runFile: RunFileProvenance?

  public init(run: Run, estimate: RunEstimate, results: [RuleResult], lineage: [LineageStep], runFile: RunFileProvenance? = nil) {
    self.run = run
    self.estimate = estimate
    self.results = results
    self.lineage = lineage
    self.runFile = runFile
  }

  /// The lineage implied by the run file alone: its external base model, then the run.
  public static func fileLineage(_ run: Run, _ estimate: RunEstimate) -> [LineageStep] {
    var steps: [LineageStep] = []
    if let base = run.baseModel {
      steps.append(LineageStep(name: base.name ?? base.run ?? "base model", ownFlop: base.trainingFLOP, cumulativeFlop: base.trainingFLOP))
    }
    steps.append(LineageStep(name: run.displayName, ownFlop: estimate.flop.central, cumulativeFlop: estimate.cumulativeFLOP.central))
    return steps
  }
}

/// Shared pieces of per-run reports.
enum ReportPieces {
  /// A FLOP figure for people: two significant figures, with the power of ten spelled out.
  static func flop(_ value: Double) -> String {
    let text = formatFLOP(value)
    guard let e = text.firstIndex(of: "e") else { return text + " FLOP" }
    return "\(text) FLOP (\(text[..<e]) × 10^\(text[text.index(after: e)...]))"
  }

  /// An energy figure to two significant figures, written out for people: "24,000", "5,300", "0.52".
  static func energy(_ mwh: Double) -> String {
    guard mwh.isFinite, mwh > 0 else { return formatNumber(mwh) }
    let rounded = Double(formatScientific(mwh, significantFigures: 2)) ?? mwh
    if rounded < 1 { return formatNumber(rounded) }
    let digits = String(Int(rounded.rounded()))
    var out = ""
    for (index, digit) in digits.enumerated() {
      if index > 0, (digits.count - index) % 3 == 0 { out += "," }
      out.append(digit)
    }
    return out
  }

  static func percent(_ fraction: Double) -> String {
    let value = (fraction * 100).rounded()
    return (value >= 0 ? "+" : "−") + "\(Int(abs(value)))%"
  }

  static func inputs(_ inputs: [String: InputValue]) -> String {
    inputs.keys.sorted().map { "\($0) = \(inputs[$0]!)" }.joined(separator: ", ")
  }

  /// The compute-interval chart of one run against the compute thresholds that apply to it.
  static func intervalChart(_ input: RunReportInput) -> ReportDocument.Chart {
    let flop = input.estimate.cumulativeFLOP
    // One line per threshold value, labelled with every rule in force and in the run's markets that uses it.
    var rules: [Double: [String]] = [:]
    for result in input.results where result.status != .notInForce && !result.outOfMarket {
      guard let threshold = result.threshold, result.metric?.hasSuffix("flop") == true else { continue }
      rules[threshold, default: []].append("\(result.regime)/\(result.rule)")
    }
    let lines = rules.keys.sorted().map { value in ReportDocument.ThresholdLine(label: rules[value]!.joined(separator: ", "), value: value) }
    return .intervals(
      title: "Training compute (90% interval) against the thresholds in force",
      bars: [.init(label: input.run.id ?? input.run.displayName, low: flop.low, central: flop.central, high: flop.high)],
      thresholds: lines)
  }

  /// Compute by stage, with inherited base compute first.
  static func stageChart(_ input: RunReportInput) -> ReportDocument.Chart {
    var segments: [ReportDocument.Segment] = []
    if let base = input.estimate.baseFLOP {
      segments.append(.init(label: "inherited: \(input.run.baseModel?.name ?? input.run.baseModel?.run ?? "base model")", value: base, counted: true))
    }
    for stage in input.estimate.stages {
      guard let flop = stage.flop else { continue }
      segments.append(.init(label: "\(stage.name ?? stage.kind.rawValue)\(stage.counted ? "" : " (not counted)")", value: flop.central, counted: stage.counted))
    }
    return .stacked(title: "Compute by stage and lineage", segments: segments)
  }

  static func stageTable(_ estimate: RunEstimate) -> ReportDocument.Table {
    .init(
      header: ["stage", "counted", "compute", "90% interval", "method", "inputs"],
      rows: estimate.stages.map { stage in
        let chosen = stage.estimates.first { $0.method == stage.method } ?? stage.estimates.first
        return [
          stage.name ?? stage.kind.rawValue, stage.counted ? "yes" : "no (\(stage.countingReason))",
          stage.flop.map { formatFLOP($0.central) } ?? "—",
          stage.flop.map { "\(formatFLOP($0.low))–\(formatFLOP($0.high))" } ?? "—",
          stage.method?.rawValue ?? "—", chosen.map { inputs($0.inputs) } ?? "",
        ]
      })
  }
}
