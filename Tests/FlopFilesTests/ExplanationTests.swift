import FlopCore
import FlopFiles
import Foundation
import Testing
import FlopTestSupport

/// Estimates are figures; their formulas, inputs and assumptions are rendered on request from the
/// numbers each keeps (`EstimateBasis`). On every estimation path the rendered inputs must give
/// back the figure, and every estimate must explain itself.
@Suite struct ExplanationTests {
  static let runs: [String] = [
    "stages: [{kind: pre-training, tokens: 2e12}]\nmodel: {parameters: 7e9}",
    "stages: [{kind: pre-training, tokens: 15.6T, hardware: {accelerator: H100-SXM, count: 16384, days: 54, utilization: 0.38}}]\nmodel: {parameters: 405B}",
    "stages: [{kind: pre-training, tokens: 1T, hardware: {accelerator: A100, count: 64, hours: 900}}]\nmodel: {parameters: 1e9}",
    "stages: [{kind: pre-training, tokens: 1T, hardware: {accelerator: TPU-v5p, gpu_hours: 2e5, utilization: 0.5, utilization_basis: hfu, precision: bf16}}]\nmodel: {parameters: 3e9}",
    "stages: [{kind: pre-training, tokens: 3e11, hardware: {accelerator: B200, count: 8, days: 1000}}]\nmodel: {parameters: 1e8}",
    "stages: [{kind: pre-training, flop: 3.8e25, tokens: 15T}]\nmodel: {parameters: 405B}",
    "stages: [{kind: pre-training, tokens: 12T}]\nmodel: {architecture: moe, parameters: 132B, active_parameters: 36B}",
    "stages: [{kind: pre-training, tokens: 1T}]\nmodel: {architecture: encoder-decoder, parameters: 11B}",
    "stages: [{kind: pre-training, tokens: 2T}]\nmodel: {parameters: 70B, layers: 80, d_model: 8192, heads: 64, ffn_dim: 28672, context_length: 4096, vocab_size: 32000}",
    "stages: [{kind: pre-training, tokens: 2T}]\nmodel: {parameters: 7B, layers: 32, d_model: 4096, context_length: 4096}",
    "stages: [{kind: pre-training, tokens: 2T}, {kind: reinforcement-learning, tokens: 1e10, tokens_generated: 5e10}, {kind: synthetic-data, generator_active_parameters: 70B, tokens_generated: 1T}, {kind: evaluation, tokens: 1e9}]\nmodel: {parameters: 8B}",
    "stages: [{kind: fine-tuning, tokens: 1e10, hardware: {accelerator: MI300X, count: 8, days: 2}}]\nmodel: {parameters: 8B}\nbase_model: {name: llama, training_flop: 1e24}",
    "stages: [{kind: distillation-teacher, tokens: 1e12, parameters: 70B}, {kind: reward-model, tokens: 1e10, parameters: 7B}, {kind: pre-training, tokens: 1e12}]\nmodel: {parameters: 7B}",
  ]

  static func documents() throws -> [RunDocument] {
    var documents = try runs.enumerated().map { index, body in
      try RunFileParser.parse("flopwatch: 1\nid: run-\(index)\n" + body + "\n", file: "quiet-\(index).yaml")
    }
    let directory = Paths.fixture("runs")
    for name in try FileManager.default.contentsOfDirectory(atPath: directory).sorted() where name.hasSuffix(".yaml") || name.hasSuffix(".json") {
      documents.append(try RunDocument.load(path: directory + "/" + name))
    }
    return documents
  }

  /// The central figure the rendered inputs imply, for the methods whose formula is a product.
  static func recomputed(_ estimate: MethodEstimate) -> Double? {
    func number(_ key: String) -> Double? {
      if case .number(let value) = estimate.inputs[key] { return value }
      return nil
    }
    switch estimate.basis {
    case .parameters:
      guard let k = number("k"), let n = number("parameters_per_token"), let d = number("tokens") else { return nil }
      return k * n * d
    case .generation:
      guard let n = number("generator_active_parameters"), let d = number("tokens_generated") else { return nil }
      return 2 * n * d
    case .hardware:
      guard let peak = number("peak_flop_per_s"), let u = number("utilization") else { return nil }
      let chipHours = number("chip_hours") ?? (number("count") ?? 0) * ((number("days") ?? 0) * 24 + (number("hours") ?? 0))
      return chipHours * 3600 * peak * u * (estimate.inputs["utilization_basis"] == .text("hfu") ? 0.75 : 1)
    case .declared:
      return number("flop")
    default:
      return nil
    }
  }

  @Test func renderedInputsGiveBackTheFigure() throws {
    let catalogue = try LoadedCatalogue.load(path: Paths.catalogue).catalogue
    let estimator = Estimator(catalogue: catalogue)
    var checked = 0
    var compared = 0
    for document in try Self.documents() {
      let estimate = try estimator.estimate(document.run)
      #expect(!estimate.assumptions.isEmpty, "\(document.file)")
      for stage in estimate.stages {
        for method in stage.estimates {
          #expect(!method.formula.isEmpty && !method.assumptions.isEmpty, "\(document.file): \(method.method)")
          #expect(method.uncertainty.allSatisfy { !$0.reason.isEmpty })
          if let central = Self.recomputed(method) {
            #expect(abs(central / method.flop.central - 1) < 1e-9, "\(document.file): \(method.method) \(method.formula)")
            checked += 1
          }
        }
      }
      // The JSON output carries the rendered words.
      let json = String(decoding: try JSONEncoder().encode(estimate), as: UTF8.self)
      #expect(json.contains("\"formula\"") && json.contains("\"assumptions\""))
      compared += 1
    }
    #expect(compared >= 19)
    #expect(checked >= 30)
  }

  @Test func anAssumedUtilizationIsExplainedWithItsPrior() throws {
    let catalogue = try LoadedCatalogue.load(path: Paths.catalogue).catalogue
    let document = try RunFileParser.parse(
      "flopwatch: 1\nid: x\nstages: [{kind: pre-training, hardware: {accelerator: H100-SXM, count: 8, days: 2}}]\nmodel: {parameters: 1e9}\n", file: "x.yaml")
    let hardware = try #require(try Estimator(catalogue: catalogue).estimate(document.run).stages[0].estimates.first { $0.method == .hardware })
    let prior = catalogue.utilizationPrior(for: .bf16)
    #expect(hardware.uncertainty.contains { $0.reason.hasPrefix("utilization not stated: \(formatNumber(prior.central)) assumed") })
    #expect(hardware.assumptions.contains { $0.hasPrefix("utilization not stated: default") })
    #expect(hardware.inputs["utilization"] == .number(prior.central))
  }
}
