import FlopCore
import Testing

@Suite struct ParametersMethodTests {
  @Test func gpt3IsSixND() {
    let estimate = ParametersMethod.estimate(architecture: .dense, parametersPerToken: 175e9, tokens: 300e9)
    #expect(abs(estimate.flop.central / 3.15e23 - 1) < 0.01)
    #expect(estimate.flop.low < estimate.flop.central && estimate.flop.high > estimate.flop.central)
    #expect(estimate.flop.isWithinEUMargin)
  }

  @Test func mixtureOfExpertsUsesActiveParameters() throws {
    // DeepSeek-V3: 6 × 37B × 14.8T = 3.29e24 (Epoch), not 6 × 671B × 14.8T.
    let run = Run(
      model: ModelSpec(architecture: .moe, parameters: 671e9, activeParameters: 37e9),
      stages: [Stage(kind: .preTraining, tokens: 14.8e12)])
    let estimate = try Estimator(catalogue: TestCatalogue.catalogue).estimate(run)
    #expect(abs(estimate.flop.central / 3.2856e24 - 1) < 1e-9)
  }

  @Test func mixtureOfExpertsWithoutActiveParametersIsAnError() {
    let run = Run(model: ModelSpec(architecture: .moe, parameters: 671e9), stages: [Stage(kind: .preTraining, tokens: 1e12)])
    #expect(throws: FlopCoreError.self) { try Estimator(catalogue: TestCatalogue.catalogue).estimate(run) }
  }

  @Test func encoderDecoderIsAboutThreeND() {
    // FLAN: T5-3B ≈ 9.0e21 for ~1T tokens; 3·N·D = 8.4e21, while 6·N·D would double it.
    let estimate = ParametersMethod.estimate(architecture: .encoderDecoder, parametersPerToken: 2.8e9, tokens: 1e12)
    #expect(abs(estimate.flop.central - 8.4e21) / 8.4e21 < 1e-9)
    #expect(estimate.flop.contains(9.0e21))
  }
}

@Suite struct ArchitectureMethodTests {
  @Test func addsTheAttentionTermToSixND() {
    let inputs = ArchitectureMethod.Inputs(layers: 24, dModel: 2048, contextLength: 2048, parametersPerToken: 1.3e9, tokens: 1e11)
    let estimate = ArchitectureMethod.estimate(inputs)
    let expected = 1e11 * (6 * 1.3e9 + 12 * 24 * 2048 * 2048)
    #expect(abs(estimate.flop.central / expected - 1) < 1e-12)
    #expect(estimate.flop.central > 6 * 1.3e9 * 1e11)
  }

  @Test func derivesParametersFromTheShape() {
    // 12·L·d² blocks plus the output head V·d when no parameter count is given.
    let inputs = ArchitectureMethod.Inputs(layers: 12, dModel: 768, contextLength: 1024, vocabSize: 50257, tokens: 1e9)
    let estimate = ArchitectureMethod.estimate(inputs)
    let matrix = 12.0 * 12 * 768 * 768 + 50257 * 768
    let expected = 1e9 * (6 * matrix + 12 * 12 * 1024 * 768)
    #expect(abs(estimate.flop.central / expected - 1) < 1e-12)
  }

  @Test func attentionShareGrowsWithContext() {
    func share(_ context: Double) -> Double {
      let estimate = ArchitectureMethod.estimate(.init(layers: 32, dModel: 4096, contextLength: context, parametersPerToken: 7e9, tokens: 1e12))
      guard case .number(let value) = estimate.inputs["attention_share"] else { return .nan }
      return value
    }
    #expect(share(4096) < share(32768))
    #expect(share(131072) > 0.3)
  }
}

@Suite struct HardwareMethodTests {
  let catalogue = TestCatalogue.catalogue

  @Test func chipsTimesDaysTimesPeakTimesUtilization() throws {
    let spec = HardwareSpec(accelerator: "h100", count: 16384, duration: .days(54), utilization: 0.4)
    let result = try HardwareMethod.estimate(spec, catalogue: catalogue)
    let expected = 16384 * 54 * 86400 * 989.4e12 * 0.4
    #expect(abs(result.estimate.flop.central / expected - 1) < 1e-12)
    #expect(result.chipHours == 16384 * 54 * 24)
  }

  @Test func gpuHoursMatchTheEUWorkedExample() throws {
    // EU guidelines Model H: 370,000 H100-hours × 989 TFLOP/s × 50% ≈ 6.5e23.
    let spec = HardwareSpec(accelerator: "H100-SXM5", duration: .chipHours(370_000), utilization: 0.5)
    let result = try HardwareMethod.estimate(spec, catalogue: catalogue)
    #expect(abs(result.estimate.flop.central / 6.5e23 - 1) < 0.02)
  }

  @Test func llama2GPUHoursMatchEpoch() throws {
    // estimation.md §1.3: 1,720,320 A100-h × 312 TFLOP/s × 0.40 = 7.7e23.
    let spec = HardwareSpec(accelerator: "A100-80GB", duration: .chipHours(1_720_320), utilization: 0.4)
    let result = try HardwareMethod.estimate(spec, catalogue: catalogue)
    #expect(formatFLOP(result.estimate.flop.central) == "7.7e23")
  }

  @Test func defaultUtilizationGivesAnHonestRange() throws {
    let spec = HardwareSpec(accelerator: "A100", count: 1024, duration: .days(33))
    let result = try HardwareMethod.estimate(spec, catalogue: catalogue)
    let chipSeconds = 1024.0 * 33 * 86400 * 312e12
    #expect(abs(result.estimate.flop.central / (chipSeconds * 0.4) - 1) < 1e-12)
    #expect(abs(result.estimate.flop.low / (chipSeconds * 0.15) - 1) < 1e-9)
    #expect(abs(result.estimate.flop.high / (chipSeconds * 0.55) - 1) < 1e-9)
    #expect(!result.estimate.flop.isWithinEUMargin)
  }

  @Test func precisionPicksThePeak() throws {
    let bf16 = try HardwareMethod.estimate(.init(accelerator: "H100", count: 8, duration: .hours(10), utilization: 0.3), catalogue: catalogue)
    let fp8 = try HardwareMethod.estimate(.init(accelerator: "H100", count: 8, duration: .hours(10), utilization: 0.3, precision: .fp8), catalogue: catalogue)
    #expect(abs(fp8.estimate.flop.central / bf16.estimate.flop.central - 1978.9 / 989.4) < 1e-9)
  }

  @Test func hardwareUtilizationExcludesRecomputation() throws {
    let mfu = try HardwareMethod.estimate(.init(accelerator: "H100", count: 8, duration: .hours(10), utilization: 0.5), catalogue: catalogue)
    let hfu = try HardwareMethod.estimate(
      .init(accelerator: "H100", count: 8, duration: .hours(10), utilization: 0.5, utilizationBasis: .hfu), catalogue: catalogue)
    #expect(abs(hfu.estimate.flop.central / mfu.estimate.flop.central - 0.75) < 1e-12)
  }

  @Test func unknownAcceleratorNamesKnownOnes() {
    do {
      _ = try HardwareMethod.estimate(.init(accelerator: "H1000", count: 1, duration: .hours(1)), catalogue: catalogue)
      Issue.record("expected an error")
    } catch {
      #expect(error.description.contains("H1000"))
      #expect(error.description.contains("H100-SXM"))
    }
  }

  @Test func precisionWithoutPeakIsAnError() {
    #expect(throws: FlopCoreError.self) {
      try HardwareMethod.estimate(.init(accelerator: "V100", count: 1, duration: .hours(1), precision: .bf16), catalogue: catalogue)
    }
  }

  @Test func daysWithoutChipsIsAnError() {
    #expect(throws: FlopCoreError.self) {
      try HardwareMethod.estimate(.init(accelerator: "V100", duration: .days(14.8)), catalogue: catalogue)
    }
  }

  @Test(arguments: ["h100", "H100-SXM", "h100_sxm5", "H100 SXM5", "a100-80gb", "tpu v5p"])
  func lookupIgnoresCaseAndSeparators(name: String) {
    #expect(catalogue.accelerator(named: name) != nil)
  }
}
