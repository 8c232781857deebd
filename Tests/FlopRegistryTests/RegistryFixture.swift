import FlopCore
import FlopFiles
import FlopEngine
import FlopRegistry
import FlopRules
import Foundation
import FlopTestSupport

/// A registry in a fresh temporary directory, with the shipped thresholds and catalogue.
/// On either backend: the shared storage suite runs its tests on each (`StorageBackend.available`).
struct RegistryFixture {
  let backend: StorageBackend
  /// The registry's path or URL (with its password), as `--registry` takes it.
  let location: String
  let registry: Registry
  let assessor: RunAssessor

  init(asOf: String = "2026-11-26", backend: StorageBackend = .sqlite) throws {
    self.backend = backend
    location = try backend.freshLocation()
    registry = try Registry(location: try RegistryLocation(location), create: true)
    let thresholds = try ThresholdSet.load(directories: [Paths.thresholds], label: "shipped")
    let catalogue = try LoadedCatalogue.load(path: Paths.thresholds + "/accelerators.yaml").catalogue
    assessor = RunAssessor(catalogue: catalogue, thresholds: thresholds, asOf: CalendarDate(asOf)!)
  }

  /// The same registry checked by an assessor on another day.
  struct AssessorLater {
    let registry: Registry
    let assessor: RunAssessor
    init(_ fixture: RegistryFixture, asOf: String) throws {
      registry = fixture.registry
      assessor = RunAssessor(
        catalogue: fixture.assessor.estimator.catalogue, thresholds: fixture.assessor.thresholds, asOf: CalendarDate(asOf)!)
    }
    func assess(_ yaml: String) throws -> RunAssessment {
      try registry.assess(try RunFileParser.parse(yaml, file: "test.yaml"), with: assessor)
    }
  }

  func remove() {
    if backend == .sqlite { try? FileManager.default.removeItem(atPath: (location as NSString).deletingLastPathComponent) }
  }

  /// Assesses a YAML document, filling a registered base run's compute as `registry add` does.
  func assess(_ yaml: String) throws -> RunAssessment {
    try registry.assess(try RunFileParser.parse(yaml, file: "test.yaml"), with: assessor)
  }

  func add(_ yaml: String) throws { try registry.add(try assess(yaml), actor: "tester") }

  /// Runs SQL directly against the database (sqlite3, psql), as someone editing it outside FlopWatch would.
  @discardableResult
  func tamper(_ sql: String) throws -> String { try backend.tamper(location, sql) }

  static func run(id: String, params: String, tokens: String, base: String? = nil, start: String = "2026-01-05", end: String? = nil, markets: String = "[EU]") -> String {
    var text = """
      flopwatch: 1
      id: \(id)
      name: \(id)
      developer: {name: Lab, annual_revenue_usd: 1e9}
      model: {architecture: dense, parameters: \(params), modalities: [text]}
      stages: [{kind: \(base == nil ? "pre-training" : "fine-tuning"), tokens: \(tokens)}]
      schedule: {start: \(start)\(end.map { ", end: \($0)" } ?? "")}
      markets: \(markets)
      status: running

      """
    if let base { text += "base_model: {run: \(base), same_provider: true}\n" }
    return text
  }
}
