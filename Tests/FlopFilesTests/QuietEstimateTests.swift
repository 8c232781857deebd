import FlopCore
import FlopFiles
import Foundation
import Testing
import FlopTestSupport

/// An estimator without explanatory text (`explains: false`, used by bulk imports) must give
/// the same figures, intervals and methods as the full one, on every estimation path.
@Suite struct QuietEstimateTests {
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

  @Test func figuresAreTheSameWithoutText() throws {
    let catalogue = try LoadedCatalogue.load(path: Paths.catalogue).catalogue
    let full = Estimator(catalogue: catalogue)
    let quiet = Estimator(catalogue: catalogue, explains: false)
    var compared = 0
    var warned = false
    for document in try Self.documents() {
      let a = try full.estimate(document.run)
      let b = try quiet.estimate(document.run)
      #expect(a.flop == b.flop && a.cumulativeFLOP == b.cumulativeFLOP && a.method == b.method, "\(document.file)")
      #expect(b.warnings.isEmpty && a.withinEUMargin == b.withinEUMargin, "\(document.file)")
      warned = warned || !a.warnings.isEmpty
      #expect(a.chipHours == b.chipHours && a.energyKWh == b.energyKWh && a.estimatedCostUSD == b.estimatedCostUSD, "\(document.file)")
      #expect(a.modificationFLOP == b.modificationFLOP && a.baseFLOP == b.baseFLOP, "\(document.file)")
      #expect(a.estimates.map(\.flop) == b.estimates.map(\.flop) && a.estimates.map(\.method) == b.estimates.map(\.method))
      for (x, y) in zip(a.stages, b.stages) {
        #expect(x.flop == y.flop && x.method == y.method && x.counted == y.counted, "\(document.file)")
        #expect(x.estimates.map(\.flop) == y.estimates.map(\.flop) && x.estimates.map(\.method) == y.estimates.map(\.method))
        #expect(x.estimates.map { $0.uncertainty.map(\.low) } == y.estimates.map { $0.uncertainty.map(\.low) })
      }
      // The full estimate explains itself; the quiet one keeps only the counting policy's notes.
      #expect(!a.assumptions.isEmpty && a.estimates.allSatisfy { !$0.formula.isEmpty })
      #expect(b.assumptions.count < a.assumptions.count && b.stages.allSatisfy { $0.estimates.allSatisfy { $0.formula.isEmpty && $0.inputs.isEmpty } })
      compared += 1
    }
    #expect(compared >= 19)
    #expect(warned, "some full estimate should warn, or the quiet one's silence proves nothing")
  }
}
