import FlopFiles
import FlopRegistry

extension Registry {
  /// Every run, in id order, with its current document as one JSON line carrying its stored
  /// status: what `registry export` (jsonl, csv) and `GET /api/v1/export` write, and `registry
  /// import` reads back.
  public func forEachExportLine(_ body: (RunSummary, String) throws -> Void) throws {
    try forEachRun { summary, document in
      try body(summary, try DocumentJSON.line(document, file: "registry:\(summary.id)", overrides: ["status": summary.status]))
    }
  }
}
