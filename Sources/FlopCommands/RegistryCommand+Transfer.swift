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
      abstract: "Import runs from JSON Lines (one run document per line) or CSV (a `document` column).",
      discussion: """
        Each batch is one transaction with one audit entry: a crash or kill leaves whole batches only. A line that fails validation, or whose id is already registered, is rejected whole and reported with its line number; the rest are imported. Exit status 2 when any line was rejected.

          flopwatch registry import runs.jsonl
          flopwatch registry import runs.csv --batch-size 5000
        """)
    @Argument(help: "A .jsonl/.ndjson or .csv file.") public var file: String
    @Option(help: "Runs per transaction.") public var batchSize = 1000
    @OptionGroup public var options: RegistryOptions
    @OptionGroup public var thresholds: ThresholdOptions
    public init() {}

    struct Summary: Encodable {
      var imported: Int
      var batches: Int
      var rejected: [Registry.Rejection]
    }

    public func execute() throws -> CommandResult {
      guard batchSize > 0 else { throw CommandError("--batch-size must be positive") }
      let registry = try options.open(create: true)
      try registry.prepareForBulkWrites()
      let assessor = try thresholds.assessor()
      // One assessor per core, sharing no storage (see `RunAssessor.independentCopy`).
      let assessors = [assessor] + (1..<max(1, ProcessInfo.processInfo.activeProcessorCount)).map { _ in assessor.independentCopy() }
      let reader = try ImportReader(path: file)
      let actor = options.who
      let showProgress = isatty(STDERR_FILENO) == 1 && options.format == .text
      var rejected: [Registry.Rejection] = []
      var batches = 0
      // Cumulative compute of the runs read so far: a base run's batch may still be queued for
      // writing when its fine-tunes are assessed. The registry is asked first, so a fine-tune of a
      // run registered before this import gets the registered figure even when the file repeats
      // that run (the repeat is refused).
      var earlier: [String: FLOPInterval] = [:]
      let writer = BatchWriter(depth: 3)
      var lines = 0
      while let input = try reader.next(upTo: batchSize) {
        let batch = Array(input.documents.indices)
        lines += batch.count
        let path = file
        // The snapshot is released before `earlier` changes, so adding to it copies nothing.
        let outcomes = { (known: [String: FLOPInterval]) in
          ParallelMap.map(batch, contexts: assessors, lowPriority: true) { (assessor: RunAssessor, index: Int) -> Result<Prepared, Registry.Rejection> in
            RegistryCommand.prepareLine(input, index, file: path, assessor: assessor, registry: registry, local: known)
          }
        }(earlier)
        var good: [(line: Int, row: RunRow)] = []
        good.reserveCapacity(outcomes.count)
        var batchCumulative: [String: FLOPInterval] = [:]
        for (index, outcome) in outcomes.enumerated() {
          switch outcome {
          case .failure(let rejection): rejected.append(rejection)
          case .success(var prepared):
            // A base run earlier in the same batch: assess again now that its compute is known.
            if prepared.awaitsBase, let base = prepared.row.baseRun {
              guard let cumulative = batchCumulative[base] else {
                rejected.append(Registry.Rejection(
                  line: input.documents[index].line, reason: "base_model.run: '\(base)' is not in the registry or earlier in this file"))
                continue
              }
              switch RegistryCommand.prepareLine(input, index, file: path, assessor: assessor, registry: registry, local: [base: cumulative]) {
              case .success(let again): prepared = again
              case .failure(let rejection): rejected.append(rejection); continue
              }
            }
            batchCumulative[prepared.row.id] = prepared.row.cumulative
            good.append((input.documents[index].line, prepared.row))
          }
        }
        // Written while the next batches are parsed and assessed.
        try writer.submit(good) { batch in try registry.importBatch(batch, actor: actor) }
        earlier.merge(batchCumulative) { _, new in new }
        batches += 1
        if showProgress {
          let width = 30
          let filled = reader.size == 0 ? width : min(width, width * reader.consumed / reader.size)
          FileHandle.standardError.write(Data("\r[\(String(repeating: "#", count: filled))\(String(repeating: ".", count: width - filled))] \(lines) runs read, \(rejected.count) rejected".utf8))
        }
      }
      try writer.finish()
      try registry.finishBulkWrites()
      rejected += writer.rejections
      let imported = writer.imported
      if showProgress { FileHandle.standardError.write(Data("\n".utf8)) }
      rejected.sort { $0.line < $1.line }
      let code: Int32 = rejected.isEmpty ? 0 : 2
      let summary = Summary(imported: imported, batches: batches, rejected: rejected)
      if options.format == .json { return CommandResult(output: try JSONOutput.encode(summary), exitCode: code) }
      var out = "imported \(imported) run(s) in \(batches) batch(es) into \(registry.path)\n"
      if !rejected.isEmpty {
        out += "rejected \(rejected.count) line(s):\n" + rejected.map { "  line \($0.line): \($0.reason)\n" }.joined()
      }
      return CommandResult(output: out, exitCode: code)
    }
  }

  /// A line ready to write, and whether its compute still lacks a base run's.
  struct Prepared: Sendable {
    var row: RunRow
    /// The base run was not registered when the line was assessed (it may come earlier in the batch).
    var awaitsBase: Bool
  }

  /// One line's registry row, or why it is rejected; the heavy assessment is dropped on this thread.
  static func prepareLine(
    _ input: ImportReader.Chunk, _ index: Int, file: String, assessor: RunAssessor, registry: Registry, local: [String: FLOPInterval]
  ) -> Result<Prepared, Registry.Rejection> {
    let line = input.documents[index].line
    guard let text = input.text(index) else { return .failure(Registry.Rejection(line: line, reason: "not UTF-8 text")) }
    return assessLine((line, text), file: file, assessor: assessor, registry: registry, local: local).map { assessment in
      Prepared(
        row: RunRow(assessment, layout: assessor.statusesLayout),
        awaitsBase: assessment.run.baseModel?.run != nil
          && (assessment.run.baseModel?.trainingFLOP == nil || assessment.estimate.baseFLOP == nil))
    }
  }

  /// One line's document, parsed and assessed, or why it is rejected.
  static func assessLine(
    _ item: (line: Int, text: String), file: String, assessor: RunAssessor, registry: Registry, local: [String: FLOPInterval]
  ) -> Result<RunAssessment, Registry.Rejection> {
    do {
      guard item.text.drop(while: { $0 == " " || $0 == "\t" }).first == "{" else {
        return .failure(Registry.Rejection(line: item.line, reason: "not valid JSON: one run document (a JSON object) per line"))
      }
      let document = try RunFileParser.parseLine(item.text, file: file)
      guard document.run.id != nil else { return .failure(Registry.Rejection(line: item.line, reason: "id: the registry needs an id for every run")) }
      var baseFLOP: FLOPInterval?
      if let base = document.run.baseModel?.run {
        do { baseFLOP = try registry.cumulativeFLOP(of: base) ?? local[base] } catch {
          return .failure(Registry.Rejection(line: item.line, reason: "base_model.run: \(error)"))
        }
      }
      do { return .success(try assessor.assess(document, baseFLOP: baseFLOP, explain: false)) } catch let error as FlopFilesError {
        return .failure(rejection(item.line, error))
      } catch {
        return .failure(Registry.Rejection(line: item.line, reason: "\(error)"))
      }
    } catch {
      return .failure(rejection(item.line, error))
    }
  }

  /// A line refused for a file error: the field (the line is the document) and the message.
  static func rejection(_ line: Int, _ error: FlopFilesError) -> Registry.Rejection {
    Registry.Rejection(line: line, reason: error.field.isEmpty ? error.message : "\(error.field): \(error.message)")
  }

  /// `registry export --format jsonl|csv`.
  public struct Export: ParsableCommand, ResultCommand {
    public static let configuration = CommandConfiguration(
      commandName: "export",
      _superCommandName: "flopwatch registry",
      abstract: "Export every run (current document and status) as JSON Lines or CSV, for re-import.",
      discussion: "  flopwatch registry export --format jsonl -o runs.jsonl\n  flopwatch registry export --format csv > runs.csv")

    /// Export formats.
    public enum Format: String, ExpressibleByArgument, CaseIterable, Sendable { case jsonl, csv }

    @Option(help: "The registry database (default $FLOPWATCH_HOME/registry.sqlite, else ~/.flopwatch/registry.sqlite).")
    public var registry: String?
    @Option(help: "jsonl or csv.") public var format: Format = .jsonl
    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.") public var output: String?
    public init() {}

    static let columns = [
      "id", "name", "status", "developer", "start_date", "end_date", "flop_central", "flop_low", "flop_high",
      "cumulative_central", "cumulative_low", "cumulative_high", "method", "base_run", "version", "document",
    ]

    public func execute() throws -> CommandResult {
      let store = try Registry(location: try RegistryLocation.resolve(registry), create: false, readOnly: true)
      var out = format == .csv ? Self.columns.joined(separator: ",") + "\n" : ""
      try store.forEachRun { summary, document in
        let line = try DocumentJSON.line(document, file: "registry:\(summary.id)", overrides: ["status": summary.status])
        switch format {
        case .jsonl: out += line + "\n"
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

/// Writes import batches on a background queue, in order, so parsing overlaps writing.
///
/// Up to `depth` batches wait or are being written at once: the writer and the parsers take
/// turns on the cores, and a queue keeps either from idling while the other finishes a batch.
final class BatchWriter: @unchecked Sendable {
  private let queue = DispatchQueue(label: "flopwatch.import.writer")
  private let group = DispatchGroup()
  private let slots: DispatchSemaphore
  private let lock = NSLock()
  private var failure: (any Error)?
  private(set) var rejections: [Registry.Rejection] = []
  private(set) var imported = 0

  init(depth: Int) { slots = DispatchSemaphore(value: max(1, depth)) }

  /// Queues a batch, waiting while `depth` are queued; rethrows an earlier batch's failure.
  func submit(
    _ batch: [(line: Int, row: RunRow)],
    _ write: @escaping @Sendable ([(line: Int, row: RunRow)]) throws -> [Registry.Rejection]
  ) throws {
    slots.wait()
    if let failure = lock.withLock({ failure }) {
      slots.signal()
      throw failure
    }
    queue.async(group: group) {
      defer { self.slots.signal() }
      // No batch is written after one failed: the import stops at whole batches.
      guard self.lock.withLock({ self.failure == nil }) else { return }
      do {
        let rejected = try write(batch)
        self.lock.withLock {
          self.rejections += rejected
          self.imported += batch.count - rejected.count
        }
      } catch {
        self.lock.withLock { self.failure = error }
      }
    }
  }

  /// Waits for every queued batch; rethrows the first failure.
  func finish() throws {
    group.wait()
    if let failure = lock.withLock({ failure }) { throw failure }
  }
}
