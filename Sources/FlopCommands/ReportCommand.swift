import ArgumentParser
import FlopCore
import FlopFiles
import FlopEngine
import FlopRegistry
import FlopReports
import FlopRules
import Foundation

/// `flopwatch report`: disclosure documents from a run file or the registry.
public struct ReportCommand: ParsableCommand, ResultCommand {
  public static let configuration = CommandConfiguration(
    commandName: "report",
    _superCommandName: "flopwatch",
    abstract: "Write a disclosure report (EU notification, model documentation, transparency report, inventory).",
    discussion: """
      Kinds: eu-notification, eu-model-documentation, transparency-report (from a run file or --run ID), inventory (the whole registry). Formats: md, html (self-contained, with charts), json. Output is deterministic for the same inputs (no timestamp unless --timestamp).

        flopwatch report Fixtures/runs/atlas-2.yaml --kind eu-notification --format md
        flopwatch report --run atlas-2 --kind eu-model-documentation --format html -o atlas-2.html --pue 1.1
        flopwatch report --kind inventory --format html -o inventory.html
      """)

  @Argument(help: "A run file (or use --run ID for a registered run).") public var runFile: String?
  @Option(name: .customLong("run"), help: "A run in the registry.") public var runID: String?
  @Option(help: "eu-notification, eu-model-documentation, transparency-report or inventory.") public var kind: String
  @Option(help: "md, html or json.") public var format: String = "md"
  @Option(name: .shortAndLong, help: "Write to this file (atomically) instead of standard output.") public var output: String?
  @Option(help: "The date whose rules apply (default today).") public var asOf: String?
  @Option(help: "Power usage effectiveness for energy estimates.") public var pue: Double = 1.2
  @Flag(help: "Add the generation time (makes the output differ between runs).") public var timestamp = false
  @Option(help: "The registry database (default $FLOPWATCH_HOME/registry.sqlite).") public var registry: String?
  @OptionGroup public var thresholds: ThresholdOptions

  public init() {}

  public func execute() throws -> CommandResult {
    guard let reportKind = ReportKind(rawValue: kind) else {
      throw CommandError("--kind: unknown value '\(kind)' (expected one of \(ReportKind.allCases.map(\.rawValue).joined(separator: ", ")))")
    }
    guard let reportFormat = ReportFormat(rawValue: format) else {
      throw CommandError("--format: unknown value '\(format)' (expected md, html or json)")
    }
    guard pue >= 1, pue <= 3 else { throw CommandError("--pue: \(pue) is not a plausible PUE (expected 1.0 to 3.0)") }
    let date = try parseAsOf(asOf)
    var isDirectory: ObjCBool = false
    if let output, FileManager.default.fileExists(atPath: output, isDirectory: &isDirectory), isDirectory.boolValue {
      throw CommandError("-o \(output): is a directory; give the report's file name (e.g. \(output)/inventory.html)")
    }
    let (set, catalogue) = try thresholds.loadAll()
    let generated = timestamp ? Date().formatted(.iso8601) : nil
    func makeProvenance(method: String, runFile: RunFileProvenance? = nil) -> ReportProvenance {
      ReportProvenance(
        flopwatchVersion: FlopwatchCommand.version, asOf: date.description, thresholdSet: set.label,
        thresholds: set.regimes.map(\.provenance) + [catalogue.provenance], method: method, generatedAt: generated, runFile: runFile)
    }
    let report: BuiltReport
    var tables: [StreamingFile] = []
    if reportKind == .inventory {
      guard runFile == nil, runID == nil else { throw CommandError("the inventory covers the whole registry; give no run") }
      let provenance = makeProvenance(
        method: "registry figures as recorded (each run's estimate and rule statuses at its last add, update or progress)")
      (report, tables) = try inventory(asOf: date.description, provenance: provenance)
    } else {
      let input = try runInput(date: date, set: set, catalogue: catalogue)
      let provenance = makeProvenance(
        method: "\(input.estimate.method.rawValue) estimate; statuses from the threshold files listed", runFile: input.runFile)
      guard let built = reportKind.build(input, provenance: provenance, pue: pue) else { throw CommandError("unreachable") }
      report = built
    }
    let text = try ReportRenderer.render(report, format: reportFormat)
    if let output {
      // Everything is written to temporary files first; then the tables go into place, and the
      // report that links them last. A report that cannot go into place takes its tables back.
      let file = try StreamingFile(path: output)
      try file.write(text)
      for table in tables { try table.commit() }
      do { try file.commit() } catch {
        for table in tables { unlink(table.path) }
        throw error
      }
      return CommandResult(output: "")
    }
    return CommandResult(output: text)
  }

  func runInput(date: CalendarDate, set: ThresholdSet, catalogue: LoadedCatalogue) throws -> RunReportInput {
    let assessor = RunAssessor(catalogue: catalogue.catalogue, thresholds: set, asOf: date)
    switch (runFile, runID) {
    case (let path?, nil):
      let document = try RunDocument.load(path: path)
      let run = document.run
      let (estimate, results) = try assessor.check(document)
      return RunReportInput(
        run: run, estimate: estimate, results: results, lineage: RunReportInput.fileLineage(run, estimate),
        // The file's name, not its path: a report made on another machine from the same file is the same report.
        runFile: RunFileProvenance(path: (path as NSString).lastPathComponent, sha256: FileDigest.sha256(document.text)))
    case (nil, let id?):
      let store = try Registry(location: try RegistryLocation.resolve(registry), create: false, readOnly: true)
      return try store.reportInput(id, assessor: assessor)
    case (nil, nil):
      throw CommandError("give a run file or --run ID")
    default:
      throw CommandError("give either a run file or --run ID, not both")
    }
  }
}
