import ArgumentParser
import FlopCore
import FlopFiles
import FlopEngine
import FlopRegistry
import Foundation
import SwiftCSV

extension RegistryCommand {
  /// `registry import FILE`.
  public struct Import: ParsableCommand, ResultCommand {
    public static let configuration = CommandConfiguration(
      commandName: "import",
      _superCommandName: "flopwatch registry",
      abstract: "Import runs from JSON Lines or CSV, from Epoch AI's models CSV (--from epoch), or from an MLflow server (--from mlflow).",
      discussion: """
        --from epoch reads a download of Epoch AI's models database (columns by Epoch's names): each row becomes a completed run with Epoch's compute as its declared figure, beside FlopWatch's own estimate from parameters, data and hardware; the organization is the developer and a base model in the same file is the run's base. All rows go in one transaction; rows that cannot be mapped are listed with their row number and reason, with hardware the catalogue lacks and columns not used.

        --from mlflow pulls runs from an MLflow tracking server (REST API runs/search, every page) and maps params, metrics and tags to run fields by a mapping file; running it again updates the runs it made (the MLflow run id is kept in the run's tags) and records new progress.

          flopwatch registry import --from epoch notable_ai_models.csv
          flopwatch registry import --from mlflow --tracking-uri http://127.0.0.1:5000 --experiment pretraining --map mlflow-map.yaml

        Each batch is one transaction with one audit entry: a crash or kill leaves whole batches only. A line that fails validation, repeats an id of the file, or names a run registered with another document is rejected whole and reported with its line number; the rest are imported. A run registered with exactly the same document is left as it is and counted unchanged, so an import cut off part-way can simply be run again. Exit status 2 when any line was rejected.

          flopwatch registry import runs.jsonl
          flopwatch registry import runs.csv --batch-size 5000
        """)
    @Argument(help: "A .jsonl/.ndjson or .csv file (with --from epoch, Epoch's CSV; none with --from mlflow).") public var file: String?
    @Option(help: "What the file is: runs (run documents, the default), epoch (Epoch AI's models CSV) or mlflow (an MLflow server).")
    public var from: ImportSource = .runs
    @Option(help: "With --from mlflow: the tracking server's URL.") public var trackingUri: String?
    @Option(help: "With --from mlflow: only this experiment (by name; default every experiment).") public var experiment: String?
    @Option(name: .customLong("map"), help: "With --from mlflow: the mapping file (YAML) from MLflow params, metrics and tags to run fields.")
    public var mapping: String?
    @Option(help: "Runs per transaction.") public var batchSize = 1000
    @OptionGroup public var options: RegistryOptions
    @OptionGroup public var thresholds: ThresholdOptions
    public init() {}

    /// What an import did, as text (with the registry it went into) or, with `json`, the
    /// outcome's JSON; exit status 2 when any line was rejected.
    static func result(_ outcome: RunImport.Outcome, into location: String, json: String?) -> CommandResult {
      let code: Int32 = outcome.rejected.isEmpty ? 0 : 2
      if let json { return CommandResult(output: json, exitCode: code) }
      var out = "imported \(outcome.imported) run(s) in \(outcome.batches) batch(es) into \(location)\n"
      if outcome.unchanged > 0 { out += "\(outcome.unchanged) already registered unchanged (the same document): left as they are\n" }
      if !outcome.rejected.isEmpty {
        out += "rejected \(outcome.rejected.count) line(s):\n" + outcome.rejected.map { "  line \($0.line): \($0.reason)\n" }.joined()
      }
      return CommandResult(output: out, exitCode: code)
    }

    /// The import sent to a server: the file in one request; the server imports it in batches.
    func remote(_ client: RegistryClient, file: String) throws -> CommandResult {
      guard !RegistryRestore.isDump(file) else {
        throw CommandError("\(file): a dump is restored into an empty registry by `registry import` with --registry on that database, not through --server")
      }
      guard let data = FileManager.default.contents(atPath: file) else { throw CommandError("\(file): cannot read it") }
      let csv = file.lowercased().hasSuffix(".csv")
      let answer = try client.call(
        "POST", "/import" + RegistryClient.query([("format", csv ? "csv" : "jsonl"), ("batch_size", "\(batchSize)")]), body: data,
        contentType: csv ? "text/csv" : "application/x-ndjson")
      let outcome = try client.decode(RunImport.Outcome.self, answer)
      return Self.result(outcome, into: client.base, json: options.format == .json ? client.text(answer) : nil)
    }

    public func execute() throws -> CommandResult {
      guard batchSize > 0 else { throw CommandError("--batch-size must be positive") }
      switch from {
      case .epoch: return try importEpoch()
      case .mlflow: return try importMLflow()
      case .runs: break
      }
      guard let file else { throw CommandError("give the file to import (JSON Lines, CSV or a dump)") }
      for (flag, value) in [("--tracking-uri", trackingUri), ("--experiment", experiment), ("--map", mapping)] where value != nil {
        throw CommandError("\(flag) is for --from mlflow")
      }
      let options = self.options
      if let client = try options.client() { return try remote(client, file: file) }
      if RegistryRestore.isDump(file) {
        let (registry, restored) = try RegistryRestore(file: file).run(into: { try options.open(create: true) }, actor: options.who)
        if options.format == .json { return CommandResult(output: try JSONOutput.encode(restored)) }
        return CommandResult(
          output: "restored \(restored.runs) run(s) (\(restored.rows) rows, audit chain to entry \(restored.sourceHeadSeq), head \(restored.sourceHead.prefix(16))…) into \(registry.path); the migration is audit entry \(restored.sourceHeadSeq + 1)\n")
      }
      let assessor = try thresholds.assessor()
      let showProgress = isatty(STDERR_FILENO) == 1 && options.format == .text
      let (registry, outcome) = try RunImport(file: file, batchSize: batchSize).run(
        into: { try options.open(create: true) }, assessor: assessor, actor: options.who
      ) { progress in
        guard showProgress else { return }
        let width = 30
        let filled = progress.size == 0 ? width : min(width, width * progress.consumed / progress.size)
        FileHandle.standardError.write(Data("\r[\(String(repeating: "#", count: filled))\(String(repeating: ".", count: width - filled))] \(progress.lines) runs read, \(progress.rejected) rejected".utf8))
      }
      if showProgress { FileHandle.standardError.write(Data("\n".utf8)) }
      return Self.result(outcome, into: registry.path, json: options.format == .json ? try JSONOutput.encode(outcome) : nil)
    }
  }

  /// What `registry import` reads.
  public enum ImportSource: String, ExpressibleByArgument, CaseIterable, Sendable {
    case runs, epoch, mlflow
  }

  /// `registry export --format jsonl|csv`.
  public struct Export: ParsableCommand, ResultCommand {
    public static let configuration = CommandConfiguration(
      commandName: "export",
      _superCommandName: "flopwatch registry",
      abstract: "Export every run as JSON Lines or CSV, or the whole registry as a dump, for re-import.",
      discussion: """
        jsonl and csv hold each run's current document and status; `registry import` re-assesses them. dump holds everything (every version, progress point, obligation with its status and evidence, and the audit chain): `registry import` of a dump rebuilds the registry exactly, into an empty one, and records the move as an audit entry.

          flopwatch registry export --format jsonl -o runs.jsonl
          flopwatch registry export --format csv > runs.csv
          flopwatch registry export --format dump -o registry.dump.jsonl
        """)

    /// Export formats: run documents (JSON Lines or CSV, re-assessed on import), or a dump of
    /// everything (versions, progress, obligations, the audit chain), restored as it was.
    public enum Format: String, ExpressibleByArgument, CaseIterable, Sendable { case jsonl, csv, dump }

    @Option(help: "The registry database (default $FLOPWATCH_HOME/registry.sqlite, else ~/.flopwatch/registry.sqlite).")
    public var registry: String?
    @Option(help: "jsonl or csv.") public var format: Format = .jsonl
    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.") public var output: String?
    @Option(help: "A FlopWatch server to export from instead of a local registry (default $FLOPWATCH_SERVER; jsonl only).")
    public var server: String?
    @Option(name: .customLong("token-file"), help: "With --server: a file (mode 0600) holding the API token.") public var tokenFile: String?
    public init() {}

    static let columns = [
      "id", "name", "status", "developer", "start_date", "end_date", "flop_central", "flop_low", "flop_high",
      "cumulative_central", "cumulative_low", "cumulative_high", "method", "base_run", "version", "document",
    ]

    public func execute() throws -> CommandResult {
      if let client = try RegistryClient.resolve(server: server, tokenFile: tokenFile) {
        guard registry == nil else { throw CommandError("give --registry or --server, not both") }
        guard format == .jsonl else { throw CommandError("--format \(format.rawValue): a server exports JSON Lines; use --format jsonl, or --registry on the database") }
        let text = client.text(try client.call("GET", "/export"))
        if let output {
          try AtomicFile.write(Data(text.utf8), to: output)
          return CommandResult(output: "")
        }
        return CommandResult(output: text)
      }
      let store = try Registry(location: try RegistryLocation.resolve(registry), create: false, readOnly: true)
      if format == .dump {
        guard let output else {
          var out = ""
          try store.dump { out += $0 }
          return CommandResult(output: out)
        }
        let file = try StreamingFile(path: output, permissions: 0o600)
        try store.dump { try file.write($0) }
        try file.commit()
        return CommandResult(output: "")
      }
      var out = format == .csv ? Self.columns.joined(separator: ",") + "\n" : ""
      try store.forEachExportLine { summary, line in
        switch format {
        case .jsonl, .dump: out += line + "\n"
        case .csv:
          let fields: [String] = [
            summary.id, summary.name ?? "", summary.status, summary.developer ?? "", summary.startDate ?? "", summary.endDate ?? "",
            "\(summary.flop.central)", "\(summary.flop.low)", "\(summary.flop.high)", "\(summary.cumulativeFlop.central)",
            "\(summary.cumulativeFlop.low)", "\(summary.cumulativeFlop.high)", summary.method, summary.baseRun ?? "",
            "\(summary.version)", line,
          ]
          out += fields.map(Self.csvField).joined(separator: ",") + "\n"
        }
      }
      if let output {
        try AtomicFile.write(Data(out.utf8), to: output)
        return CommandResult(output: "")
      }
      return CommandResult(output: out)
    }

    static func csvField(_ text: String) -> String {
      guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
      return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
  }
}

