import FlopCore
import FlopEngine
import FlopFiles
import FlopRegistry
import Foundation

extension RegistryCommand.Import {
  /// `registry import --from epoch FILE`: locally in one transaction, or through a server's import.
  func importEpoch() throws -> CommandResult {
    guard let file else { throw CommandError("--from epoch: give the Epoch CSV file") }
    for (flag, value) in [("--tracking-uri", trackingUri), ("--experiment", experiment), ("--map", mapping)] where value != nil {
      throw CommandError("\(flag) is for --from mlflow")
    }
    let importer = EpochImport(file: file)
    let assessor = try thresholds.assessor()
    if let client = try options.client() {
      let (csv, mapping, documents) = try importer.prepare(catalogue: assessor.estimator.catalogue)
      let body = Data(documents.map(\.text).joined(separator: "\n").utf8)
      let answer = try client.call(
        "POST", "/import" + RegistryClient.query([("format", "jsonl"), ("batch_size", "\(max(1, documents.count))")]), body: body,
        contentType: "application/x-ndjson")
      var result = try client.decode(RunImport.Outcome.self, answer)
      // The server numbers the lines it was sent; the user knows the file's rows.
      result.rejected = result.rejected.map { rejection in
        Registry.Rejection(line: documents.indices.contains(rejection.line - 1) ? documents[rejection.line - 1].line : rejection.line, reason: rejection.reason)
      }
      return try Self.epochResult(importer.outcome(csv: csv, mapping: mapping, imported: result), into: client.base, json: options.format == .json)
    }
    let options = self.options
    let (registry, outcome) = try importer.run(into: { try options.open(create: true) }, assessor: assessor, actor: options.who)
    return try Self.epochResult(outcome, into: registry.path, json: options.format == .json)
  }

  /// The summary of an Epoch import; exit status 2 when any row was refused.
  static func epochResult(_ outcome: EpochImport.Outcome, into location: String, json: Bool) throws -> CommandResult {
    let code: Int32 = outcome.rejected.isEmpty ? 0 : 2
    if json { return CommandResult(output: try JSONOutput.encode(outcome), exitCode: code) }
    var out = "Epoch CSV \(outcome.file): \(outcome.rows) row(s)\n"
    out += "mapped \(outcome.mapped) row(s); imported \(outcome.imported) run(s) into \(location)"
    out += outcome.unchanged > 0 ? ", \(outcome.unchanged) already registered unchanged\n" : "\n"
    if !outcome.rejected.isEmpty {
      out += "rejected \(outcome.rejected.count) row(s):\n" + outcome.rejected.map { "  row \($0.row): \($0.reason)\n" }.joined()
    }
    if !outcome.unknownHardware.isEmpty {
      let listed = outcome.unknownHardware.sorted { $0.key < $1.key }.map { name, rows in
        "\(name) (row\(rows.count == 1 ? "" : "s") \(rows.map(String.init).joined(separator: ", ")))"
      }
      out += "hardware not in the catalogue (those runs imported without hardware): \(listed.joined(separator: "; "))\n"
    }
    if !outcome.mixedHardware.isEmpty {
      out += "several accelerators in one cell (hardware not used): row(s) \(outcome.mixedHardware.map(String.init).joined(separator: ", "))\n"
    }
    if !outcome.unusedColumns.isEmpty { out += "columns not used: \(outcome.unusedColumns.joined(separator: ", "))\n" }
    if !outcome.missingColumns.isEmpty { out += "columns not in the file: \(outcome.missingColumns.joined(separator: ", "))\n" }
    return CommandResult(output: out, exitCode: code)
  }

  /// `registry import --from mlflow --tracking-uri URL --map F [--experiment NAME]`.
  func importMLflow() throws -> CommandResult {
    guard file == nil else { throw CommandError("--from mlflow reads from --tracking-uri, not a file ('\(file ?? "")')") }
    guard let trackingUri else { throw CommandError("--from mlflow: give --tracking-uri (the MLflow server, e.g. http://127.0.0.1:5000)") }
    guard let mapping else { throw CommandError("--from mlflow: give --map (a mapping file; see `flopwatch registry import --help`)") }
    let importer = MLflowImport(mapping: try MLflowMapping.load(path: mapping), experiment: experiment)
    let client = MLflowClient(trackingURI: trackingUri, version: FlopwatchCommand.version)
    let options = self.options
    let outcome: MLflowImport.Outcome
    let location: String
    if let server = try options.client() {
      // Everything is fetched and mapped first, as locally; then the server stores each run.
      outcome = importer.write(try importer.prepare(client), to: ServerRunWriter(client: server))
      location = server.base
    } else {
      let (registry, result) = try importer.run(
        client: client, into: { try options.open(create: true) }, assessor: try thresholds.assessor(), actor: options.who)
      outcome = result
      location = registry.path
    }
    let code: Int32 = outcome.rejected.isEmpty ? 0 : 2
    if options.format == .json { return CommandResult(output: try JSONOutput.encode(outcome), exitCode: code) }
    var out = "MLflow \(outcome.trackingUri): \(outcome.runs) run(s) in \(outcome.experiments.count) experiment(s)\n"
    out += "added \(outcome.added.count), updated \(outcome.updated.count), unchanged \(outcome.unchanged); progress recorded for \(outcome.progressRecorded) run(s); into \(location)\n"
    if !outcome.rejected.isEmpty {
      out += "rejected \(outcome.rejected.count) run(s):\n"
      out += outcome.rejected.map { "  MLflow run \($0.mlflowRun)\($0.name.map { " (\($0))" } ?? ""): \($0.reason)\n" }.joined()
    }
    out += outcome.notes.map { "note: \($0)\n" }.joined()
    return CommandResult(output: out, exitCode: code)
  }
}
