import FlopCore
import FlopFiles
import Testing
import FlopTestSupport

@Suite struct CatalogueTests {
  static let required = [
    "V100", "A100", "A100-40GB", "A100-80GB", "H100-SXM", "H100-PCIe", "H800", "H200", "B200", "GB200", "MI250X",
    "MI300X", "TPU-v3", "TPU-v4", "TPU-v5e", "TPU-v5p", "TPU-v6e", "Gaudi2", "Gaudi3", "MI355X", "Trainium2",
  ]

  /// Corrections read against vendor figures (issue 11 §2): nil means the vendor publishes no such peak.
  @Test(arguments: [
    ("TPU-v6e", Precision.fp8, Double?.none), ("TPU-v6e", .bf16, 918e12), ("TPU-v5p", .fp8, 459e12),
    ("Gaudi3", .fp16, nil), ("Gaudi3", .bf16, 1835e12), ("Gaudi3", .fp8, 1835e12),
    ("B200", .fp32, 80e12), ("GB200", .fp32, 90e12), ("MI250X", .fp32, 47.9e12),
    ("MI355X", .bf16, 2516.6e12), ("MI355X", .fp8, 5033.2e12), ("Trainium2", .bf16, 667e12), ("Trainium2", .fp8, 1299e12),
    ("Trainium2", .fp32, 181e12),
  ])
  func correctedPeaks(id: String, precision: Precision, peak: Double?) throws {
    let catalogue = try LoadedCatalogue.load(path: Paths.catalogue).catalogue
    let accelerator = try #require(catalogue.accelerator(named: id.lowercased()))
    let value = accelerator.peakFLOPPerSecond[precision]
    if let peak { #expect(value.map { abs($0 / peak - 1) < 1e-9 } == true, "\(id) \(precision)") } else { #expect(value == nil) }
  }

  @Test(arguments: required)
  func shippedCatalogueHasTheAccelerator(name: String) throws {
    let loaded = try LoadedCatalogue.load(path: Paths.catalogue)
    let accelerator = try #require(loaded.catalogue.accelerator(named: name.lowercased()))
    #expect(accelerator.peakFLOPPerSecond[accelerator.defaultPrecision] != nil)
    #expect(!accelerator.sources.isEmpty)
  }

  @Test(arguments: [("H100-SXM", Precision.bf16, 989.4e12), ("A100", .bf16, 312e12), ("TPU-v4", .bf16, 275e12), ("MI300X", .fp8, 2614.9e12), ("V100", .fp16, 125e12)])
  func densePeaksMatchTheReference(id: String, precision: Precision, peak: Double) throws {
    let catalogue = try LoadedCatalogue.load(path: Paths.catalogue).catalogue
    let value = try #require(catalogue.accelerator(named: id)?.peakFLOPPerSecond[precision])
    #expect(abs(value / peak - 1) < 1e-9)
  }

  @Test func provenanceHasVersionAndHash() throws {
    let loaded = try LoadedCatalogue.load(path: Paths.catalogue)
    #expect(loaded.provenance.sha256.count == 64)
    #expect(loaded.provenance.version == loaded.catalogue.version)
  }

  @Test func duplicateNamesAreRefused() {
    let text = """
      flopwatch-accelerators: 1
      version: t
      default_utilization: {central: 0.4, low: 0.15, high: 0.55}
      default_utilization_fp8: {central: 0.2, low: 0.08, high: 0.33}
      accelerators:
        - {id: X1, peak_tflops: {bf16: 100}, default_precision: bf16}
        - {id: X2, aliases: [x-1], peak_tflops: {bf16: 100}, default_precision: bf16}
      """
    #expect(throws: FlopFilesError.self) { try AcceleratorCatalogueParser.parse(text, file: "c.yaml") }
  }

  @Test func newerFormatIsRefused() {
    let text = "flopwatch-accelerators: 9\nversion: t\naccelerators: []\n"
    #expect { try AcceleratorCatalogueParser.parse(text, file: "c.yaml") } throws: { error in
      (error as? FlopFilesError)?.description.contains("newer") == true
    }
  }
}
