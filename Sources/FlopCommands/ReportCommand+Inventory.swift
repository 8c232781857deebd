import FlopCore
import FlopFiles
import FlopEngine
import FlopRegistry
import FlopReports
import Foundation

extension ReportCommand {
  /// Reads the registry once, run by run and obligation by obligation, into the summary and (with
  /// -o) the full tables beside the output, which the caller commits before the report itself.
  func inventory(asOf: String, provenance: ReportProvenance) throws -> (BuiltReport, [StreamingFile]) {
    let store = try Registry(location: try RegistryLocation.resolve(registry), create: false, readOnly: true)
    var summary = InventoryReport(asOf: asOf)
    let names = output.map { InventoryReport.TableFiles(beside: $0) }
    let directory = output.map { ($0 as NSString).deletingLastPathComponent } ?? ""
    func open(_ name: String, header: String?) throws -> StreamingFile {
      let file = try StreamingFile(path: directory.isEmpty ? name : directory + "/" + name)
      if let header { try file.write(header) }
      return file
    }
    let files = try names.map { names in
      (
        runsCSV: try open(names.runsCSV, header: InventoryTables.runsCSVHeader), runsJSONL: try open(names.runsJSONL, header: nil),
        obligationsCSV: try open(names.obligationsCSV, header: InventoryTables.obligationsCSVHeader),
        obligationsJSONL: try open(names.obligationsJSONL, header: nil)
      )
    }
    try store.forEachRun(asOf: asOf) { run, open in
      let item = InventoryRun(
        id: run.id, name: run.name, status: run.status, developer: run.developer, startDate: run.startDate, flop: run.cumulativeFlop,
        statuses: run.statuses, openObligations: open.open, overdueObligations: open.overdue, nextDue: open.nextDue)
      summary.add(item)
      if let files {
        try files.runsCSV.write(InventoryTables.csvLine(item))
        try files.runsJSONL.write(InventoryTables.jsonLine(item))
      }
    }
    try store.forEachObligation { stored in
      let item = InventoryObligation(
        run: stored.runID, obligation: stored.path, title: stored.title, due: stored.due, status: stored.status, citation: stored.citation)
      summary.add(item)
      if let files {
        try files.obligationsCSV.write(InventoryTables.csvLine(item, asOf: asOf))
        try files.obligationsJSONL.write(InventoryTables.jsonLine(item, asOf: asOf))
      }
    }
    let report = summary.build(tables: names, provenance: provenance)
    return (report, files.map { [$0.runsCSV, $0.runsJSONL, $0.obligationsCSV, $0.obligationsJSONL] } ?? [])
  }
}
