import FlopCommands
import FlopCore
import FlopFiles
import FlopEngine
import FlopRegistry
import FlopRules
import Foundation
import Testing
import FlopTestSupport

/// Golden files, schemas and HTML validity for every report kind and format.
@Suite(.serialized) struct ReportTests {
  static let asOf = "2026-11-26"
  static let runKinds = ["eu-notification", "eu-model-documentation", "transparency-report"]
  static let formats = ["md", "html", "json"]

  /// A registry of the fixture runs, built as of a fixed date so the inventory is reproducible.
  static func fixtureRegistry(in dir: TempDirectory) throws -> String {
    let path = dir.path("inventory.sqlite")
    let registry = try Registry(path: path)
    let thresholds = try ThresholdSet.load(directories: [Paths.root.appendingPathComponent("Thresholds").path], label: "shipped")
    let catalogue = try LoadedCatalogue.load(path: Paths.root.appendingPathComponent("Thresholds/accelerators.yaml").path).catalogue
    let assessor = RunAssessor(catalogue: catalogue, thresholds: thresholds, asOf: CalendarDate(asOf)!)
    for name in ["atlas-2", "tern-moe", "finetune-downstream", "wren-1b", "finch-synthetic"] {
      let document = try RunDocument.load(path: Paths.fixture("runs/\(name).yaml"))
      let base = try document.run.baseModel?.run.flatMap { try registry.cumulativeFLOP(of: $0) }
      try registry.add(try assessor.assess(document, baseFLOP: base), actor: "golden", at: Date(timeIntervalSince1970: 1_795_000_000))
    }
    return path
  }

  func render(kind: String, format: String, registry: String?) -> (output: String, error: String?, code: Int32) {
    var arguments = ["report", "--kind", kind, "--format", format, "--as-of", Self.asOf]
    if let registry { arguments += ["--registry", registry] } else { arguments.insert(Paths.fixture("runs/atlas-2.yaml"), at: 1) }
    return CLI.run(arguments)
  }

  func compareGolden(_ text: String, name: String) throws {
    let path = Paths.fixture("golden/\(name)")
    if ProcessInfo.processInfo.environment["FLOPWATCH_UPDATE_GOLDEN"] != nil {
      try text.write(toFile: path, atomically: true, encoding: .utf8)
      return
    }
    let golden = try String(contentsOfFile: path, encoding: .utf8)
    #expect(text == golden, "\(name) differs from its golden file; rerun with FLOPWATCH_UPDATE_GOLDEN=1 if the change is intended")
  }

  @Test(arguments: runKinds, formats)
  func runReportsMatchGoldenFiles(kind: String, format: String) throws {
    let first = render(kind: kind, format: format, registry: nil)
    #expect(first.code == 0, "\(first.error ?? "")")
    // Deterministic: the same inputs give the same bytes.
    #expect(render(kind: kind, format: format, registry: nil).output == first.output)
    try compareGolden(first.output, name: "atlas-2.\(kind).\(format)")
  }

  @Test(arguments: formats)
  func inventoryMatchesGoldenFile(format: String) throws {
    let dir = try TempDirectory()
    defer { dir.remove() }
    let registry = try Self.fixtureRegistry(in: dir)
    let result = render(kind: "inventory", format: format, registry: registry)
    #expect(result.code == 0, "\(result.error ?? "")")
    try compareGolden(result.output, name: "inventory.\(format)")
  }

  func external(_ tool: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
    try ExternalTool.run(tool, arguments)
  }

  @Test(arguments: runKinds + ["inventory"])
  func jsonValidatesAgainstTheDocumentedSchema(kind: String) throws {
    let dir = try TempDirectory()
    defer { dir.remove() }
    let registry = kind == "inventory" ? try Self.fixtureRegistry(in: dir) : nil
    let result = render(kind: kind, format: "json", registry: registry)
    let file = dir.path("\(kind).json")
    try result.output.write(toFile: file, atomically: true, encoding: .utf8)
    let schema = Paths.fixture("schemas/\(kind).schema.json")
    let check = try external("python3", ["-c", "import json,sys,jsonschema; jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])))", file, schema])
    #expect(check.status == 0, "\(check.output)")
    // The check can fail: a report missing a required key does not validate.
    let broken = result.output.replacingOccurrences(of: "\"provenance\"", with: "\"provenance_missing\"")
    try broken.write(toFile: file, atomically: true, encoding: .utf8)
    let negative = try external("python3", ["-c", "import json,sys,jsonschema; jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])))", file, schema])
    #expect(negative.status != 0)
  }

  @Test(arguments: runKinds + ["inventory"])
  func htmlIsValidSelfContainedAndHasCharts(kind: String) throws {
    let dir = try TempDirectory()
    defer { dir.remove() }
    let registry = kind == "inventory" ? try Self.fixtureRegistry(in: dir) : nil
    let html = render(kind: kind, format: "html", registry: registry).output
    let file = dir.path("\(kind).html")
    try html.write(toFile: file, atomically: true, encoding: .utf8)
    let tidy = try external("tidy", ["-errors", "-quiet", file])
    #expect(tidy.status < 2, "tidy found errors: \(tidy.output)")
    #expect(html.components(separatedBy: "<svg").count - 1 >= (kind == "transparency-report" ? 1 : 2))
    #expect(!html.contains("http://") || html.components(separatedBy: "http://").count - 1 == html.components(separatedBy: "xmlns=\"http://www.w3.org/2000/svg\"").count - 1)
    #expect(!html.contains("<script") && !html.contains("<link"))
    #expect(html.contains("@media print"))
  }

  @Test func placeholdersAreMarked() {
    let md = render(kind: "transparency-report", format: "md", registry: nil).output
    #expect(md.contains("**[TO BE COMPLETED"))
    let html = render(kind: "eu-notification", format: "html", registry: nil).output
    #expect(html.contains("class=\"placeholder\""))
  }

  @Test(arguments: [
    (["report", "--kind", "nope", "RUN"], "--kind"),
    (["report", "--kind", "eu-notification", "--format", "pdf", "RUN"], "--format"),
    (["report", "--kind", "eu-notification"], "give a run file"),
    (["report", "--kind", "eu-model-documentation", "--pue", "0.5", "RUN"], "--pue"),
  ])
  func badReportRequestsExitTwo(arguments: [String], fragment: String) {
    let result = CLI.run(arguments.map { $0 == "RUN" ? Paths.fixture("runs/atlas-2.yaml") : $0 })
    #expect(result.code == 2)
    #expect(result.error?.contains(fragment) == true, "\(result.error ?? "")")
  }
}
